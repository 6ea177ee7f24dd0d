using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using HanBench.Device.Desktop.Links;
using HanBench.Transports;

namespace HanBench.VirtualBoard.Tests;

/// <summary>
/// A pump survives its peer going away at any moment, also while it is stopping: a connect refused, or a write failing,
/// as the stop comes must not surface from the stop (a board's clean stop crashed on it). The races are forced by
/// fault-injecting links that fail exactly when the stop is requested; the real-socket tests churn peers that reset at once.
/// </summary>
[TestClass]
public sealed class ByteStreamPumpTests
{
    private const string RefusedMessage = "tcp:127.0.0.1:1: cannot connect (ConnectionRefused: Connection refused)";

    [TestMethod]
    public async Task Dispose_ConnectRefusedJustAsThePumpStops_StopsCleanly()
    {
        var opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connector = LinkConnector.FromFactory("tcp:refused-as-stopping", async cancellationToken =>
        {
            opening.TrySetResult();
            await UntilCancelledAsync(cancellationToken);

            // TcpClientLink.ConnectAsync when the refusal and the cancellation arrive together: the socket error wins.
            throw new LinkClosedException(RefusedMessage);
        });
        var log = new ConcurrentQueue<string>();
        var pump = new ByteStreamPump(connector, () => { }, log.Enqueue);
        pump.Start();
        await opening.Task.WaitAsync(TestPeer.Patience);

        await pump.DisposeAsync();

        Assert.IsTrue(pump.Completion.IsCompletedSuccessfully, $"{pump.Completion.Status}: {pump.Completion.Exception}");
        Assert.IsFalse(log.Any(line => line.Contains("stopped", StringComparison.Ordinal)), string.Join('\n', log));
    }

    [TestMethod]
    public async Task Dispose_WriteFailsAsThePumpClosesTheLink_StopsCleanly()
    {
        var link = new WriteFailsWhenStoppedLink();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connector = LinkConnector.FromFactory(link.Name, _ => Task.FromResult<IByteStreamLink>(link));
        var pump = new ByteStreamPump(connector, () => { }, line =>
        {
            if (line.EndsWith(": connected", StringComparison.Ordinal))
            {
                connected.TrySetResult();
            }
        });
        pump.Start();
        await connected.Task.WaitAsync(TestPeer.Patience);
        Assert.IsTrue(pump.Write([1, 2, 3], 0, 3));
        await link.Writing.Task.WaitAsync(TestPeer.Patience);

        await pump.DisposeAsync();

        Assert.IsTrue(pump.Completion.IsCompletedSuccessfully, $"{pump.Completion.Status}: {pump.Completion.Exception}");
    }

    [TestMethod]
    public async Task Client_ListenerAcceptsAndResetsRepeatedly_KeepsReconnectingAndReceivesFromTheNextPeer()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        await using var received = new InboundWatch(LinkConnector.ForSpec(LinkSpec.Parse($"tcp:127.0.0.1:{port}")));
        using var patience = new CancellationTokenSource(TestPeer.Patience);

        for (int i = 0; i < 5; i++)
        {
            ResetAtOnce(await listener.AcceptAsync(patience.Token));
        }

        using Socket keeper = await listener.AcceptAsync(patience.Token);
        await keeper.SendAsync(new byte[] { 0x42 }, patience.Token);

        await received.UntilAsync(0x42, patience.Token);
        Assert.IsFalse(received.Pump.Completion.IsCompleted, received.Log);
    }

    [TestMethod]
    public async Task Listener_PeersConnectAndResetRepeatedly_KeepsAcceptingAndReceivesFromTheNextPeer()
    {
        LinkConnector connector = LinkConnector.ForSpec(LinkSpec.Parse("listen:0"));
        int port = int.Parse(connector.Name[(connector.Name.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await using var received = new InboundWatch(connector);
        using var patience = new CancellationTokenSource(TestPeer.Patience);

        for (int i = 0; i < 5; i++)
        {
            var hasty = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await hasty.ConnectAsync(IPAddress.Loopback, port, patience.Token);
            ResetAtOnce(hasty);
        }

        using var keeper = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await keeper.ConnectAsync(IPAddress.Loopback, port, patience.Token);
        await keeper.SendAsync(new byte[] { 0x42 }, patience.Token);

        await received.UntilAsync(0x42, patience.Token);
        Assert.IsFalse(received.Pump.Completion.IsCompleted, received.Log);
    }

    private static async Task UntilCancelledAsync(CancellationToken cancellationToken) =>
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    /// <summary>Closes with an RST rather than a FIN: the peer sees a reset connection, not an orderly end.</summary>
    private static void ResetAtOnce(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    }

    /// <summary>A started pump whose received bytes the test waits for.</summary>
    private sealed class InboundWatch : IAsyncDisposable
    {
        private readonly SemaphoreSlim _input = new(0);
        private readonly ConcurrentQueue<string> _log = new();

        public InboundWatch(LinkConnector connector)
        {
            Pump = new ByteStreamPump(connector, () => _input.Release(), _log.Enqueue);
            Pump.Start();
        }

        public ByteStreamPump Pump { get; }

        public string Log => string.Join('\n', _log);

        public async Task UntilAsync(byte wanted, CancellationToken cancellationToken)
        {
            byte[] buffer = new byte[256];
            while (true)
            {
                await _input.WaitAsync(cancellationToken);
                int count = Pump.ReadInbound(buffer, 0, buffer.Length);
                if (Array.IndexOf(buffer, wanted, 0, count) >= 0)
                {
                    return;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Pump.DisposeAsync();
            _input.Dispose();
        }
    }

    /// <summary>
    /// Connected, reads nothing; a write waits until the pump stops and then fails as a TCP link closed under its write
    /// does (the stream's error, as <see cref="LinkClosedException"/>).
    /// </summary>
    private sealed class WriteFailsWhenStoppedLink : IByteStreamLink
    {
        public TaskCompletionSource Writing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "fault:write-fails-when-stopped";

        public bool IsConnected => true;

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            Writing.TrySetResult();
            await UntilCancelledAsync(cancellationToken);
            throw new LinkClosedException($"{Name}: the peer has closed the connection");
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
