namespace HanBench.Cli;

/// <summary>
/// Decides when a live terminal view redraws: at most once per <see cref="IntervalMs"/> (a few frames a second), and
/// always for a change that must be seen at once (a finished task), so drawing never slows the work it shows (a demo
/// redrawn on every progress event took 10 s on a terminal against 2 s piped).
/// </summary>
public sealed class RedrawThrottle(Func<long> nowMs, long intervalMs = RedrawThrottle.DefaultIntervalMs)
{
    /// <summary>Four frames a second.</summary>
    public const long DefaultIntervalMs = 250;

    private long _lastDrawMs = long.MinValue;

    /// <summary>The shortest time between two ordinary redraws.</summary>
    public long IntervalMs { get; } = intervalMs;

    /// <summary>Whether to redraw now; a true answer counts as a redraw.</summary>
    public bool ShouldRedraw(bool urgent = false)
    {
        long now = nowMs();
        if (!urgent && _lastDrawMs != long.MinValue && now - _lastDrawMs < IntervalMs)
        {
            return false;
        }

        _lastDrawMs = now;
        return true;
    }
}
