using HanBench.Transports.Tcp;

namespace HanBench.Transports.Tests;

[TestClass]
public sealed class TcpLinkTests
{
    [TestMethod]
    public async Task ListenerAndClient_ExchangeEveryByteValue_BothWays()
    {
        using TcpListenerLink listener = TcpListenerLink.Start(0);
        StringAssert.StartsWith(listener.Name, "listen:127.0.0.1:");
        using IByteStreamLink client = await LinkFactory.OpenAsync($"tcp:127.0.0.1:{listener.LocalPort}", Bounded.Token());
        byte[] all = Bounded.AllByteValues();
        await client.WriteAsync(all);
        CollectionAssert.AreEqual(all, await Bounded.ReadExactly(listener, 256, "client→listener"));
        Assert.IsTrue(listener.IsConnected);
        await listener.WriteAsync(all.Reverse().ToArray());
        CollectionAssert.AreEqual(all.Reverse().ToArray(), await Bounded.ReadExactly(client, 256, "listener→client"));
    }

    [TestMethod]
    public async Task Listener_PeerDisconnects_ReadReturnsZero_ThenAcceptsTheNextPeer()
    {
        using TcpListenerLink listener = TcpListenerLink.Start(0);
        IByteStreamLink first = await TcpClientLink.ConnectAsync("127.0.0.1", listener.LocalPort, Bounded.Token());
        await first.WriteAsync(new byte[] { 1 });
        CollectionAssert.AreEqual(new byte[] { 1 }, await Bounded.ReadExactly(listener, 1, "first peer"));
        first.Dispose();
        Assert.AreEqual(0, await Bounded.Within(listener.ReadAsync(new byte[4], Bounded.Token()).AsTask(), "read after peer left"));
        Assert.IsFalse(listener.IsConnected);
        await Assert.ThrowsExactlyAsync<LinkClosedException>(async () => await listener.WriteAsync(new byte[] { 0 }));

        using IByteStreamLink second = await TcpClientLink.ConnectAsync("127.0.0.1", listener.LocalPort, Bounded.Token());
        await second.WriteAsync(new byte[] { 2, 3 });
        CollectionAssert.AreEqual(new byte[] { 2, 3 }, await Bounded.ReadExactly(listener, 2, "second peer"));
        await listener.WriteAsync(new byte[] { 4 });
        CollectionAssert.AreEqual(new byte[] { 4 }, await Bounded.ReadExactly(second, 1, "listener→second"));
    }

    [TestMethod]
    public async Task Client_ListenerGoesAway_ReadReturnsZero_AndWriteFailsClearly()
    {
        TcpListenerLink listener = TcpListenerLink.Start(0);
        using IByteStreamLink client = await TcpClientLink.ConnectAsync("127.0.0.1", listener.LocalPort, Bounded.Token());
        await listener.WaitForPeerAsync(Bounded.Token());
        listener.Dispose();
        Assert.AreEqual(0, await Bounded.Within(client.ReadAsync(new byte[4], Bounded.Token()).AsTask(), "read after listener closed"));
        Assert.IsFalse(client.IsConnected);
        LinkClosedException ex = await Assert.ThrowsExactlyAsync<LinkClosedException>(async () => await client.WriteAsync(new byte[] { 1 }));
        StringAssert.Contains(ex.Message, "tcp:127.0.0.1:");
    }

    [TestMethod]
    public async Task Client_NobodyListening_ThrowsLinkClosedNamingTheTarget()
    {
        int port;
        using (TcpListenerLink probe = TcpListenerLink.Start(0))
        {
            port = probe.LocalPort;
        }

        LinkClosedException ex = await Assert.ThrowsExactlyAsync<LinkClosedException>(() => TcpClientLink.ConnectAsync("127.0.0.1", port, Bounded.Token()));
        StringAssert.Contains(ex.Message, $"tcp:127.0.0.1:{port}: cannot connect");
    }

    [TestMethod]
    public async Task Read_NoData_TimesOut_AndTheLinkStillWorks()
    {
        using TcpListenerLink listener = TcpListenerLink.Start(0);
        using IByteStreamLink client = await TcpClientLink.ConnectAsync("127.0.0.1", listener.LocalPort, Bounded.Token());
        await listener.WaitForPeerAsync(Bounded.Token());
        LinkReadResult result = await client.ReadAsync(new byte[4], TimeSpan.FromMilliseconds(50));
        Assert.IsTrue(result.TimedOut);
        await listener.WriteAsync(new byte[] { 42 });
        CollectionAssert.AreEqual(new byte[] { 42 }, await Bounded.ReadExactly(client, 1, "after timeout"));
    }
}
