using HanBench.Protocol.Han;

namespace HanBench.Bench.Capture;

/// <summary>Which way a recorded frame went, as the process recording it saw it.</summary>
public enum FrameDirection
{
    /// <summary>The frame's sender put it on the link (a bench medium hears every frame so; a board process its own sends).</summary>
    Sent,

    /// <summary>The recording process took the frame off its link (a board process's receptions).</summary>
    Received,
}

/// <summary>
/// What the frame taps (<see cref="MediumCapture"/> on an in-process bench, <see cref="BoardCapture"/> in a board or CSP
/// process) write to: the pcapng capture (<see cref="HanCapture"/>, <c>--capture</c>) and the GBCS transcript
/// (<see cref="GbcsTranscript"/>, <c>--gbcs-log</c>). One tap feeds every recorder a command opens
/// (<see cref="FrameRecorders.Combine"/>). Implementations are thread-safe: a real-time bench records from several threads.
/// </summary>
public interface IFrameRecorder
{
    /// <summary>Declares a hop called <paramref name="name"/> (a ZigBee one when <paramref name="zigBee"/>); the handle to record on it.</summary>
    CaptureHop AddHop(string name, bool zigBee);

    /// <summary>
    /// Records <paramref name="frame"/> crossing <paramref name="hop"/> from <paramref name="macSource"/> to
    /// <paramref name="macDestination"/> at <paramref name="benchUs"/> µs of bench time, going <paramref name="direction"/>,
    /// with an optional comment (a loss on air). The frame is valid only during the call.
    /// </summary>
    void Record(CaptureHop hop, HanFrame frame, long benchUs, ulong macSource, ulong macDestination, FrameDirection direction, string? comment);
}

/// <summary>Several <see cref="IFrameRecorder"/>s behind one tap.</summary>
public static class FrameRecorders
{
    /// <summary>The recorders given that are not null, as one: null when there are none, the recorder itself when one.</summary>
    public static IFrameRecorder? Combine(params IFrameRecorder?[] recorders)
    {
        ArgumentNullException.ThrowIfNull(recorders);
        IFrameRecorder[] present = [.. recorders.Where(r => r is not null).Select(r => r!)];
        return present.Length switch
        {
            0 => null,
            1 => present[0],
            _ => new FanOut(present),
        };
    }

    /// <summary>Every hop declared on each recorder; the hop handle it returns indexes the recorders' own handles.</summary>
    private sealed class FanOut(IFrameRecorder[] recorders) : IFrameRecorder
    {
        private readonly List<CaptureHop[]> _hops = [];

        public CaptureHop AddHop(string name, bool zigBee)
        {
            CaptureHop[] each = [.. recorders.Select(r => r.AddHop(name, zigBee))];
            lock (_hops)
            {
                _hops.Add(each);
                return new CaptureHop(name, -1, _hops.Count - 1);
            }
        }

        public void Record(CaptureHop hop, HanFrame frame, long benchUs, ulong macSource, ulong macDestination, FrameDirection direction, string? comment)
        {
            CaptureHop[] each;
            lock (_hops)
            {
                each = _hops[hop.HanBenchInterface];
            }

            for (int i = 0; i < recorders.Length; i++)
            {
                recorders[i].Record(each[i], frame, benchUs, macSource, macDestination, direction, comment);
            }
        }
    }
}
