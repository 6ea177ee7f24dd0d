using System.Diagnostics;
using HanBench.Device.Desktop.Boards;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Capture;

/// <summary>
/// Records what a board process (<c>hanbench board</c>, <c>hanbench csp run</c>) sends and receives on each of its links,
/// one HanBench-framing interface per link, in real time since the capture started, into an <see cref="IFrameRecorder"/>
/// (the pcapng capture, the GBCS transcript, or both). It wraps the board's role factory: the
/// role is given recording links and receives its frames on them (roles tell their links apart by identity).
/// </summary>
public sealed class BoardCapture
{
    private readonly IFrameRecorder _capture;
    private readonly string _board;
    private readonly List<CaptureHop> _links = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>A recorder of board <paramref name="board"/> (its name in interface names) into <paramref name="capture"/> (not owned).</summary>
    public BoardCapture(IFrameRecorder capture, string board)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentException.ThrowIfNullOrEmpty(board);
        _capture = capture;
        _board = board;
    }

    /// <summary>The factory that makes <paramref name="factory"/>'s role on recording links (each restart of the role too).</summary>
    public BoardRoleFactory Wrap(BoardRoleFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return (context, links) =>
        {
            var recording = new IFrameLink[links.Count];
            for (int i = 0; i < links.Count; i++)
            {
                recording[i] = new RecordingLink(this, links[i], LinkInterfaces(i));
            }

            return new RecordingRole(this, factory(context, recording), links, recording);
        };
    }

    private CaptureHop LinkInterfaces(int index)
    {
        lock (_links)
        {
            while (_links.Count <= index)
            {
                _links.Add(_capture.AddHop($"{_board} link {_links.Count}", zigBee: false));
            }

            return _links[index];
        }
    }

    private void Record(CaptureHop link, HanFrame frame, FrameDirection direction) =>
        _capture.Record(link, frame, _clock.Elapsed.Ticks / TimeSpan.TicksPerMicrosecond, frame.Source, frame.Destination, direction, null);

    private sealed class RecordingLink(BoardCapture owner, IFrameLink inner, CaptureHop interfaces) : IFrameLink
    {
        public CaptureHop Interfaces => interfaces;

        public int MaxFrameLength => inner.MaxFrameLength;

        public bool Send(HanFrame frame)
        {
            bool sent = inner.Send(frame);
            if (sent)
            {
                owner.Record(interfaces, frame, FrameDirection.Sent);
            }

            return sent;
        }
    }

    private sealed class RecordingRole(BoardCapture owner, IDeviceRole inner, IReadOnlyList<IFrameLink> links, IFrameLink[] recording) : IDeviceRole
    {
        public long NextWakeMs => inner.NextWakeMs;

        public void Start(long nowMs) => inner.Start(nowMs);

        public void Tick(long nowMs) => inner.Tick(nowMs);

        public void OnFrame(IFrameLink link, HanFrame frame)
        {
            for (int i = 0; i < links.Count; i++)
            {
                if (ReferenceEquals(links[i], link))
                {
                    owner.Record(((RecordingLink)recording[i]).Interfaces, frame, FrameDirection.Received);
                    inner.OnFrame(recording[i], frame);
                    return;
                }
            }

            inner.OnFrame(link, frame);
        }
    }
}
