using System.Runtime.Versioning;
using System.Threading.Channels;
using HanBench.Device.Desktop.Boards;
using HanBench.Device.Desktop.Links;
using HanBench.Transports;
using HanBench.Transports.Memory;
using HanBench.Transports.Tcp;
using Board = HanBench.Device.Desktop.Boards.VirtualBoard;

namespace HanBench.VirtualBoard.Tests;

[TestClass]
public sealed class VirtualBoardTests
{
    private const ulong IdA = 0x00DB_0000_0000_000AUL;
    private const ulong IdB = 0x00DB_0000_0000_000BUL;

    public TestContext TestContext { get; set; } = null!;

    private string NewStateDirectory() => TestFolders.Create("hanbench-vboard-");

    private static Board EchoBoard(ulong id, string state, LinkConnector connector, long intervalMs = 50) =>
        new(
            new VirtualBoardOptions { Id = id, StateDirectory = state, Links = [connector], LogWriter = TextWriter.Null },
            (context, links) => new EchoRole(id, context, links, intervalMs));

    private static Task<int> RepliesAsync(Board board) => board.InvokeAsync(() => ((EchoRole)board.Role!).RepliesReceived);

    [TestMethod]
    public async Task TwoBoards_OverInMemoryPair_EchoRepliesFlowBothWays()
    {
        (InMemoryLink a, InMemoryLink b) = InMemoryLink.CreatePair();
        await using Board boardA = EchoBoard(IdA, NewStateDirectory(), LinkConnector.ForLink(a));
        await using Board boardB = EchoBoard(IdB, NewStateDirectory(), LinkConnector.ForLink(b));
        boardA.Start();
        boardB.Start();

        await Eventually.WaitAsync(async () => await RepliesAsync(boardA) >= 3 && await RepliesAsync(boardB) >= 3, "three replies each way");

        Assert.AreEqual(1u, await boardA.InvokeAsync(() => ((EchoRole)boardA.Role!).LastPeerBootCount));
        Assert.AreEqual(0, await boardA.InvokeAsync(() => boardA.Ports[0].Link.FramesDropped));
        a.Dispose();
        b.Dispose();
    }

    [TestMethod]
    [SupportedOSPlatform("linux")]
    public async Task TwoBoards_OverInProcessPseudoTerminal_EchoRepliesFlowBothWays()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("pseudo-terminals are Linux-only here");
        }

        using PseudoTerminalPort pty = PseudoTerminalPort.Open();
        await using Board boardA = EchoBoard(IdA, NewStateDirectory(), LinkConnector.ForLink(pty.Master));
        await using Board boardB = EchoBoard(IdB, NewStateDirectory(), LinkConnector.ForSpec(LinkSpec.ForSerial(pty.SlavePath)));
        boardA.Start();
        boardB.Start();

        await Eventually.WaitAsync(async () => await RepliesAsync(boardA) >= 3 && await RepliesAsync(boardB) >= 3, "three replies each way over the pty");
    }

    [TestMethod]
    [SupportedOSPlatform("linux")]
    public async Task PseudoTerminalPort_SlaveOpenedClosedAndReopened_MasterNeverHangsUp()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("pseudo-terminals are Linux-only here");
        }

        using PseudoTerminalPort pty = PseudoTerminalPort.Open();
        await using Board board = EchoBoard(IdA, NewStateDirectory(), LinkConnector.ForLink(pty.Master), intervalMs: 60_000);
        board.Start();
        for (int round = 0; round < 3; round++)
        {
            using (IByteStreamLink slave = await LinkFactory.OpenAsync(LinkSpec.ForSerial(pty.SlavePath)))
            {
                var peer = new TestPeer(slave);
                await peer.SendEchoRequestAsync(IdA);
                Assert.AreEqual(1u, await peer.ReceiveEchoReplyAsync(), $"round {round}");
            }
        }

        Assert.IsTrue(pty.Master.IsConnected);
        Assert.AreEqual(1, board.Ports[0].Pump.Connections);
    }

    [TestMethod]
    public async Task Board_PeerDisappearsAndReturns_ReconnectsWithRoleStateIntact()
    {
        var ends = Channel.CreateUnbounded<InMemoryLink>();
        var connector = LinkConnector.FromFactory("memory:reconnect", _ =>
        {
            (InMemoryLink boardEnd, InMemoryLink testEnd) = InMemoryLink.CreatePair("reconnect");
            ends.Writer.TryWrite(testEnd);
            return Task.FromResult<IByteStreamLink>(boardEnd);
        });
        await using Board board = EchoBoard(IdA, NewStateDirectory(), connector, intervalMs: 60_000);
        board.Start();
        using var patience = new CancellationTokenSource(TestPeer.Patience);

        InMemoryLink first = await ends.Reader.ReadAsync(patience.Token);
        var peer1 = new TestPeer(first);
        await peer1.SendEchoRequestAsync(IdA);
        Assert.AreEqual(1u, await peer1.ReceiveEchoReplyAsync());
        await peer1.SendRawAsync([0x11, 0x22, 0x33]);
        first.Dispose();

        InMemoryLink second = await ends.Reader.ReadAsync(patience.Token);
        var peer2 = new TestPeer(second);
        await peer2.SendEchoRequestAsync(IdA);
        Assert.AreEqual(1u, await peer2.ReceiveEchoReplyAsync());

        Assert.AreEqual(2, board.Ports[0].Pump.Connections);
        Assert.AreEqual(1, board.Ports[0].Pump.Disconnects);
        Assert.AreEqual(2, await board.InvokeAsync(() => ((EchoRole)board.Role!).RequestsAnswered));
        // The half frame the first peer left behind ends at the pump's delimiter and is dropped, not glued to the next.
        Assert.AreEqual(1, await board.InvokeAsync(() => board.Ports[0].Link.FramesDropped));
        second.Dispose();
    }

    [TestMethod]
    public async Task Board_GarbageBeforeRequest_DropCountedAndReplyStillSent()
    {
        (InMemoryLink boardEnd, InMemoryLink testEnd) = InMemoryLink.CreatePair();
        await using Board board = EchoBoard(IdA, NewStateDirectory(), LinkConnector.ForLink(boardEnd), intervalMs: 60_000);
        board.Start();
        var peer = new TestPeer(testEnd);

        await peer.SendRawAsync([0x05, 0xFF, 0x13, 0x77, 0x42, 0x00, 0x09, 0x09, 0x00]);
        await peer.SendEchoRequestAsync(IdA);

        Assert.AreEqual(1u, await peer.ReceiveEchoReplyAsync());
        Assert.AreEqual(2, await board.InvokeAsync(() => board.Ports[0].Link.FramesDropped));
        Assert.AreEqual(1, await board.InvokeAsync(() => board.Ports[0].Link.FramesReceived));
        boardEnd.Dispose();
        testEnd.Dispose();
    }

    [TestMethod]
    public async Task Board_RestartedOnSameStateDirectory_BootCountSurvives()
    {
        string state = NewStateDirectory();
        for (uint boot = 1; boot <= 3; boot++)
        {
            (InMemoryLink boardEnd, InMemoryLink testEnd) = InMemoryLink.CreatePair();
            await using (Board board = EchoBoard(IdA, state, LinkConnector.ForLink(boardEnd), intervalMs: 60_000))
            {
                board.Start();
                var peer = new TestPeer(testEnd);
                await peer.SendEchoRequestAsync(IdA);
                Assert.AreEqual(boot, await peer.ReceiveEchoReplyAsync());
            }

            boardEnd.Dispose();
            testEnd.Dispose();
        }
    }

    [TestMethod]
    public async Task Board_ListenLink_SecondClientAfterFirstLeaves_IsServed()
    {
        LinkConnector connector = LinkConnector.ForSpec(LinkSpec.Parse("listen:0"));
        int port = int.Parse(connector.Name[(connector.Name.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreNotEqual(0, port);
        await using Board board = EchoBoard(IdA, NewStateDirectory(), connector, intervalMs: 60_000);
        board.Start();

        for (int client = 0; client < 2; client++)
        {
            await using TcpClientLink tcp = await TcpClientLink.ConnectAsync("127.0.0.1", port);
            var peer = new TestPeer(tcp);
            await peer.SendEchoRequestAsync(IdA);
            Assert.AreEqual(1u, await peer.ReceiveEchoReplyAsync(), $"client {client}");
        }

        await Eventually.WaitAsync(() => Task.FromResult(board.Ports[0].Pump.Connections == 2), "the second accept");
    }

    [TestMethod]
    public async Task Board_RoleThrows_StoppedFaultsAndStopIsClean()
    {
        (InMemoryLink boardEnd, InMemoryLink testEnd) = InMemoryLink.CreatePair();
        var board = new Board(
            new VirtualBoardOptions { Id = IdA, StateDirectory = NewStateDirectory(), Links = [LinkConnector.ForLink(boardEnd)], LogWriter = TextWriter.Null },
            (context, links) => new ThrowingRole());
        board.Start();

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => board.Stopped.WaitAsync(TestPeer.Patience));
        await board.StopAsync();
        boardEnd.Dispose();
        testEnd.Dispose();
    }

    private sealed class ThrowingRole : HanBench.Device.Roles.IDeviceRole
    {
        public long NextWakeMs => 0;

        public void Start(long nowMs)
        {
        }

        public void OnFrame(HanBench.Device.Hal.IFrameLink link, HanBench.Protocol.Han.HanFrame frame)
        {
        }

        public void Tick(long nowMs) => throw new InvalidOperationException("role bug");
    }
}
