using System.Globalization;
using HanBench.Bench.Radio;
using HanBench.Bench.Time;
using HanBench.Device.Desktop.Links;
using HanBench.Device.Hal;
using HanBench.Device.Links;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Hil;

/// <summary>
/// Stands in on the medium for a board outside the process — a <c>hanbench board</c> process on a pty, or a real board
/// on a USB serial adapter: the host as the medium between boards (docs/ARCHITECTURE.md, "One frame format, many links").
/// Each of the board's links is tied to one of its node's ports (<see cref="HopKind"/>): a frame the medium delivers to
/// that port is written to the board's link in the stream framing, and every frame the board sends on that link is put
/// on the medium from that port, where the topology (who hears whom, ZigBee and Alt HAN hops, radio models) decides who
/// gets it. A link wired UART-to-UART to another board has no entry here: the host never sees it.
/// <para>
/// Byte I/O runs on <see cref="ByteStreamPump"/>s (which reopen a replugged adapter); frames are decoded and handed to
/// the medium on the scheduler's thread, like everything on the medium.
/// </para>
/// </summary>
public sealed class BoardProxy : IDeviceRole, IAsyncDisposable
{
    private const int ReceiveBufferLength = 4096;

    private readonly IScheduler _scheduler;
    private readonly MediumNode _node;
    private readonly ProxyLink?[] _links;
    private readonly byte[] _receive = new byte[ReceiveBufferLength];

    /// <summary>
    /// A proxy for the board on <paramref name="node"/>: link <c>i</c> connects through <paramref name="connectors"/>[i]
    /// (null for a wired link) to the node's port of kind <paramref name="kinds"/>[i].
    /// </summary>
    public BoardProxy(IScheduler scheduler, MediumNode node, IReadOnlyList<LinkConnector?> connectors, IReadOnlyList<HopKind> kinds, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(connectors);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(log);
        if (connectors.Count != kinds.Count)
        {
            throw new ArgumentException("one hop kind per link");
        }

        _scheduler = scheduler;
        _node = node;
        _links = new ProxyLink?[connectors.Count];
        for (int i = 0; i < connectors.Count; i++)
        {
            if (connectors[i] is { } connector)
            {
                int index = i;
                var pump = new ByteStreamPump(connector, () => _scheduler.Post(() => Drain(index)), message => log($"{node.Name} link {index}: {message}"));
                _links[i] = new ProxyLink(pump, new StreamFrameLink(pump), node.Port(kinds[i])) { Owner = this };
            }
        }
    }

    /// <summary>Frames the board sent that went on the medium.</summary>
    public long FramesFromBoard { get; private set; }

    /// <summary>Frames the medium delivered that were written to the board.</summary>
    public long FramesToBoard { get; private set; }

    /// <summary>Frames for the board that its link refused (not connected, queue full).</summary>
    public long FramesRefused { get; private set; }

    /// <summary>Frames from the medium on a port that has no link to the board (wired elsewhere).</summary>
    public long FramesWithoutLink { get; private set; }

    /// <inheritdoc />
    public long NextWakeMs => WakeTime.Never;

    /// <summary>Whether every proxied link has its peer now.</summary>
    public bool AllConnected => _links.All(l => l is null || l.Pump.IsConnected);

    /// <summary>Starts the pumps (opening the links).</summary>
    public void Open()
    {
        foreach (ProxyLink? link in _links)
        {
            link?.Pump.Start();
        }
    }

    /// <summary>Why a link is not connected yet ("link 0 serial:/dev/ttyUSB0@115200: cannot open …"), or null.</summary>
    public string? DescribeUnconnected()
    {
        for (int i = 0; i < _links.Length; i++)
        {
            if (_links[i] is { } link && !link.Pump.IsConnected)
            {
                return $"link {i} {link.Pump.Name}: {link.Pump.LastError ?? "not connected"}";
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void Start(long nowMs)
    {
    }

    /// <inheritdoc />
    public void Tick(long nowMs)
    {
    }

    /// <inheritdoc />
    public void OnFrame(IFrameLink link, HanFrame frame)
    {
        foreach (ProxyLink? candidate in _links)
        {
            if (candidate is not null && ReferenceEquals(candidate.Port, link))
            {
                if (candidate.Frames.Send(frame))
                {
                    FramesToBoard++;
                }
                else
                {
                    FramesRefused++;
                }

                return;
            }
        }

        FramesWithoutLink++;
    }

    /// <summary>One line of counters per link.</summary>
    public string Describe() => string.Join("; ", _links.Select((l, i) => l is null
        ? $"link {i}: wired"
        : string.Create(CultureInfo.InvariantCulture, $"link {i} {l.Pump.Name}: {l.Frames.FramesSent} frames to the board, {l.Frames.FramesReceived} from it, {l.Frames.FramesDropped} dropped, {l.Pump.Connections} connections")));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (ProxyLink? link in _links)
        {
            if (link is not null)
            {
                await link.Pump.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void Drain(int index)
    {
        ProxyLink link = _links[index]!;
        while (true)
        {
            int count = link.Pump.ReadInbound(_receive, 0, _receive.Length);
            if (count == 0)
            {
                return;
            }

            link.Frames.Receive(_receive, 0, count, link.Injector);
        }
    }

    private void Inject(MediumPort port, HanFrame frame)
    {
        FramesFromBoard++;
        port.Send(frame);
    }

    private sealed class ProxyLink
    {
        public ProxyLink(ByteStreamPump pump, StreamFrameLink frames, MediumPort port)
        {
            Pump = pump;
            Frames = frames;
            Port = port;
            Injector = new InjectingReceiver(this);
        }

        public ByteStreamPump Pump { get; }

        public StreamFrameLink Frames { get; }

        public MediumPort Port { get; }

        public InjectingReceiver Injector { get; }

        public BoardProxy? Owner { get; set; }
    }

    /// <summary>What the stream frame link hands each good frame from the board to: puts it on the medium.</summary>
    private sealed class InjectingReceiver(ProxyLink link) : IDeviceRole
    {
        public long NextWakeMs => WakeTime.Never;

        public void Start(long nowMs)
        {
        }

        public void Tick(long nowMs)
        {
        }

        public void OnFrame(IFrameLink source, HanFrame frame) => link.Owner!.Inject(link.Port, frame);
    }
}
