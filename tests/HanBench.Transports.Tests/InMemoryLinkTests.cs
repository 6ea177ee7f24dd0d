using HanBench.Transports.Memory;

namespace HanBench.Transports.Tests;

[TestClass]
public sealed class InMemoryLinkTests
{
    [TestMethod]
    public async Task Pair_BytesWrittenOnOneEnd_ReadOnTheOtherInBothDirections()
    {
        (InMemoryLink a, InMemoryLink b) = InMemoryLink.CreatePair("t");
        using (a)
        using (b)
        {
            byte[] all = Bounded.AllByteValues();
            await a.WriteAsync(all);
            CollectionAssert.AreEqual(all, await Bounded.ReadExactly(b, 256, "a→b"));
            await b.WriteAsync(new byte[] { 0x0D, 0x0A, 0x00 });
            CollectionAssert.AreEqual(new byte[] { 0x0D, 0x0A, 0x00 }, await Bounded.ReadExactly(a, 3, "b→a"));
            Assert.AreEqual("memory:t/a", a.Name);
            Assert.AreEqual("memory:t/b", b.Name);
        }
    }

    [TestMethod]
    public async Task Read_SmallBuffer_ReturnsPartialChunksInOrder()
    {
        (InMemoryLink a, InMemoryLink b) = InMemoryLink.CreatePair();
        using (a)
        using (b)
        {
            var data = new byte[10 * 1024];
            new Random(1234).NextBytes(data);
            await a.WriteAsync(data);
            var got = new List<byte>();
            var chunk = new byte[333];
            int reads = 0;
            while (got.Count < data.Length)
            {
                int n = await b.ReadAsync(chunk, Bounded.Token());
                Assert.IsTrue(n is > 0 and <= 333, $"read returned {n}");
                got.AddRange(chunk.AsSpan(0, n).ToArray());
                reads++;
            }

            CollectionAssert.AreEqual(data, got.ToArray());
            Assert.AreEqual((data.Length + 332) / 333, reads);
        }
    }

    [TestMethod]
    public async Task Read_NothingSent_TimesOutWithoutData_AndLosesNothingAfterwards()
    {
        (InMemoryLink a, InMemoryLink b) = InMemoryLink.CreatePair();
        using (a)
        using (b)
        {
            LinkReadResult result = await b.ReadAsync(new byte[8], TimeSpan.FromMilliseconds(50));
            Assert.IsTrue(result.TimedOut);
            Assert.AreEqual(0, result.Count);
            Assert.IsFalse(result.PeerGone);
            await a.WriteAsync(new byte[] { 7 });
            CollectionAssert.AreEqual(new byte[] { 7 }, await Bounded.ReadExactly(b, 1, "after timeout"));
        }
    }

    [TestMethod]
    public async Task Dispose_OneEnd_PeerDrainsThenReadsZero_AndItsWritesFail()
    {
        (InMemoryLink a, InMemoryLink b) = InMemoryLink.CreatePair();
        using (b)
        {
            Task<int> pending = b.ReadAsync(new byte[4], Bounded.Token()).AsTask();
            await a.WriteAsync(new byte[] { 1, 2 });
            Assert.AreEqual(2, await Bounded.Within(pending, "pending read"));
            await a.WriteAsync(new byte[] { 3 });
            a.Dispose();
            CollectionAssert.AreEqual(new byte[] { 3 }, await Bounded.ReadExactly(b, 1, "drain"));
            Assert.AreEqual(0, await b.ReadAsync(new byte[4], Bounded.Token()));
            Assert.IsFalse(b.IsConnected);
            await Assert.ThrowsExactlyAsync<LinkClosedException>(async () => await b.WriteAsync(new byte[] { 9 }));
        }
    }

    [TestMethod]
    public async Task Dispose_WakesOwnPendingRead_WhichReturnsZero()
    {
        (InMemoryLink a, InMemoryLink b) = InMemoryLink.CreatePair();
        using (a)
        {
            Task<int> pending = b.ReadAsync(new byte[4], Bounded.Token()).AsTask();
            b.Dispose();
            Assert.AreEqual(0, await Bounded.Within(pending, "read woken by dispose"));
        }
    }

    [TestMethod]
    public async Task Read_Cancelled_ThrowsAndNextReadGetsTheBytes()
    {
        (InMemoryLink a, InMemoryLink b) = InMemoryLink.CreatePair();
        using (a)
        using (b)
        {
            using var cts = new CancellationTokenSource();
            Task<int> pending = b.ReadAsync(new byte[4], cts.Token).AsTask();
            cts.Cancel();
            await Assert.ThrowsAsync<OperationCanceledException>(() => Bounded.Within(pending, "cancelled read"));
            await a.WriteAsync(new byte[] { 5, 6 });
            CollectionAssert.AreEqual(new byte[] { 5, 6 }, await Bounded.ReadExactly(b, 2, "after cancel"));
        }
    }
}
