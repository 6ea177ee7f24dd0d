namespace HanBench.Bench.Time;

/// <summary>
/// Discrete-event time: the clock jumps to each event's time, so a run costs what its callbacks cost, not what the
/// simulated time is. Deterministic: the same schedule gives the same order every run (time, then insertion order).
/// Single-threaded: call it from one thread only (<see cref="IScheduler.Post"/> included).
/// </summary>
public sealed class VirtualScheduler(long startUs = 0) : SchedulerBase
{
    private long _nowUs = startUs;

    /// <inheritdoc />
    public override long NowUs => _nowUs;

    /// <summary>Runs the next event, moving the clock to its time; false when none is left.</summary>
    public bool Step()
    {
        if (!TryTake(long.MaxValue, out ScheduledEvent next))
        {
            return false;
        }

        _nowUs = next.TimeUs;
        Run(next);
        return true;
    }

    /// <inheritdoc />
    public override long RunUntilMs(long timeMs)
    {
        long limitUs = ToUs(timeMs);
        long ran = 0;
        while (TryTake(limitUs, out ScheduledEvent next))
        {
            _nowUs = next.TimeUs;
            Run(next);
            ran++;
        }

        _nowUs = Math.Max(_nowUs, limitUs);
        return ran;
    }

    /// <inheritdoc />
    public override bool RunUntil(Func<bool> condition, long deadlineMs)
    {
        ArgumentNullException.ThrowIfNull(condition);
        long limitUs = ToUs(deadlineMs);
        if (condition())
        {
            return true;
        }

        while (TryTake(limitUs, out ScheduledEvent next))
        {
            _nowUs = next.TimeUs;
            Run(next);
            if (condition())
            {
                return true;
            }
        }

        if (limitUs != long.MaxValue)
        {
            _nowUs = Math.Max(_nowUs, limitUs);
        }

        return false;
    }

    /// <inheritdoc />
    public override bool RunUntilIdle(long deadlineMs = long.MaxValue)
    {
        long limitUs = ToUs(deadlineMs);
        while (TryTake(limitUs, out ScheduledEvent next))
        {
            _nowUs = next.TimeUs;
            Run(next);
        }

        return PendingCount == 0;
    }
}
