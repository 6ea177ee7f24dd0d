using System.Diagnostics;
using HanBench.Device.Hal;

namespace HanBench.Device.Desktop.Diagnostics;

/// <summary>The PC's monotonic clock as a device clock: milliseconds since this instance was made (like a board's uptime).</summary>
public sealed class StopwatchClock : IClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public long NowMs => (long)Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
}
