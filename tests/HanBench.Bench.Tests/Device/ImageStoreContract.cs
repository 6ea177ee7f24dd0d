using HanBench.Device.Hal;

namespace HanBench.Bench.Tests.Device;

/// <summary>The behaviour every <see cref="IImageStore"/> that keeps images must show, run against each implementation.</summary>
internal static class ImageStoreContract
{
    public static void WriteCommitRead(IImageStore store, ulong seed)
    {
        var random = new BenchRandom(seed);
        byte[] image = new byte[10_000 + random.Next(5_000)];
        random.NextBytesInto(image);

        Assert.AreEqual(StoreStatus.Ok, store.Begin("fw-a", image.Length));
        Assert.AreEqual("fw-a", store.WritingKey);
        int offset = 0;
        while (offset < image.Length)
        {
            int block = Math.Min(1 + random.Next(255), image.Length - offset);
            Assert.AreEqual(StoreStatus.Ok, store.Append(image, offset, block), $"seed {seed}");
            offset += block;
        }

        Assert.AreEqual(image.Length, store.WrittenLength);
        Assert.IsFalse(store.TryGetLength("fw-a", out _), "visible before commit");
        Assert.AreEqual(StoreStatus.Ok, store.Commit());
        Assert.IsNull(store.WritingKey);
        Assert.IsTrue(store.TryGetLength("fw-a", out int length));
        Assert.AreEqual(image.Length, length);
        CollectionAssert.AreEqual(new[] { "fw-a" }, store.ListImages());

        // Read back at random offsets and sizes, including past the end.
        byte[] buffer = new byte[300];
        for (int i = 0; i < 200; i++)
        {
            int at = random.Next(image.Length + 1);
            int count = random.Next(300);
            Assert.AreEqual(StoreStatus.Ok, store.ReadAt("fw-a", at, buffer, 0, count, out int read), $"seed {seed}");
            Assert.AreEqual(Math.Min(count, image.Length - at), read, $"seed {seed}: at {at} count {count}");
            CollectionAssert.AreEqual(image.AsSpan(at, read).ToArray(), buffer.AsSpan(0, read).ToArray(), $"seed {seed}: at {at}");
        }

        Assert.AreEqual(StoreStatus.OutOfRange, store.ReadAt("fw-a", image.Length + 1, buffer, 0, 1, out _));
        Assert.AreEqual(StoreStatus.NotFound, store.ReadAt("fw-b", 0, buffer, 0, 1, out _));
        Assert.AreEqual(StoreStatus.InvalidKey, store.ReadAt("bad key", 0, buffer, 0, 1, out _));
    }

    public static void Misuse(IImageStore store)
    {
        byte[] data = new byte[100];
        Assert.AreEqual(StoreStatus.NoWriteOpen, store.Append(data, 0, 1));
        Assert.AreEqual(StoreStatus.NoWriteOpen, store.Commit());
        Assert.AreEqual(StoreStatus.InvalidKey, store.Begin("../escape", 10));
        Assert.AreEqual(StoreStatus.InvalidSize, store.Begin("fw", -1));
        Assert.AreEqual(StoreStatus.Ok, store.Begin("fw", 50));
        Assert.AreEqual(StoreStatus.Busy, store.Begin("other", 10));
        Assert.AreEqual(StoreStatus.Ok, store.Append(data, 0, 40));
        Assert.AreEqual(StoreStatus.Overrun, store.Append(data, 0, 11));
        Assert.AreEqual(StoreStatus.Incomplete, store.Commit());
        Assert.AreEqual(StoreStatus.Ok, store.Append(data, 0, 10));
        Assert.AreEqual(StoreStatus.Ok, store.Commit());
        Assert.AreEqual(StoreStatus.Ok, store.Delete("fw"));
        Assert.AreEqual(StoreStatus.NotFound, store.Delete("fw"));
        Assert.AreEqual(0, store.ListImages().Length);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.Append(data, 90, 11));
    }

    public static void ReplaceKeepsOldUntilCommit_AbortDiscards(IImageStore store)
    {
        byte[] one = Enumerable.Repeat((byte)1, 64).ToArray();
        byte[] two = Enumerable.Repeat((byte)2, 32).ToArray();
        byte[] buffer = new byte[64];
        Assert.AreEqual(StoreStatus.Ok, store.Begin("fw", 64));
        Assert.AreEqual(StoreStatus.Ok, store.Append(one, 0, 64));
        Assert.AreEqual(StoreStatus.Ok, store.Commit());

        Assert.AreEqual(StoreStatus.Ok, store.Begin("fw", 32));
        Assert.AreEqual(StoreStatus.Ok, store.Append(two, 0, 16));
        Assert.AreEqual(StoreStatus.Ok, store.ReadAt("fw", 0, buffer, 0, 64, out int read));
        Assert.AreEqual(64, read);
        Assert.AreEqual((byte)1, buffer[63]);
        store.Abort();
        Assert.IsNull(store.WritingKey);
        Assert.AreEqual(StoreStatus.NotFound, store.Resume("fw", 32, 0));

        Assert.AreEqual(StoreStatus.Ok, store.Begin("fw", 32));
        Assert.AreEqual(StoreStatus.Ok, store.Append(two, 0, 32));
        Assert.AreEqual(StoreStatus.Ok, store.Commit());
        Assert.AreEqual(StoreStatus.Ok, store.ReadAt("fw", 0, buffer, 0, 64, out read));
        Assert.AreEqual(32, read);
        Assert.AreEqual((byte)2, buffer[0]);
    }

    /// <summary>
    /// Beginning the key being written again closes that write; if the new one is refused (no space), no write is left
    /// open, so <see cref="IImageStore.WritingKey"/> must not name it.
    /// </summary>
    public static void RestartRefusedForSpace_LeavesNoWriteOpen(IImageStore store, int capacityBytes)
    {
        Assert.AreEqual(StoreStatus.Ok, store.Begin("fw-a", 1_000));
        Assert.AreEqual(StoreStatus.Ok, store.Append(new byte[100], 0, 100));
        Assert.AreEqual(StoreStatus.TooLarge, store.Begin("fw-a", capacityBytes + 1), "larger than the whole store, not merely full");
        Assert.IsNull(store.WritingKey);
        Assert.AreEqual(0, store.WrittenLength);
        Assert.AreEqual(StoreStatus.NoWriteOpen, store.Append(new byte[1], 0, 1));
        Assert.AreEqual(StoreStatus.Ok, store.Begin("fw-b", 10), "the store is free for another image");
    }

    public static void ResumeKeepsPrefixAndDropsTheRest(IImageStore store)
    {
        byte[] image = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        Assert.AreEqual(StoreStatus.Ok, store.Begin("fw", 200));
        Assert.AreEqual(StoreStatus.Ok, store.Append(image, 0, 120));

        Assert.AreEqual(StoreStatus.OutOfRange, store.Resume("fw", 200, 121));
        Assert.AreEqual(StoreStatus.InvalidSize, store.Resume("fw", 201, 100));
        Assert.AreEqual(StoreStatus.Ok, store.Resume("fw", 200, 100));
        Assert.AreEqual(100, store.WrittenLength);
        Assert.AreEqual(StoreStatus.Ok, store.Append(image, 100, 100));
        Assert.AreEqual(StoreStatus.Ok, store.Commit());

        byte[] back = new byte[200];
        Assert.AreEqual(StoreStatus.Ok, store.ReadAt("fw", 0, back, 0, 200, out int read));
        Assert.AreEqual(200, read);
        CollectionAssert.AreEqual(image, back);
    }
}

internal static class BenchRandomExtensions
{
    public static void NextBytesInto(this BenchRandom random, byte[] buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)(random.NextUInt64() >> 56);
        }
    }
}
