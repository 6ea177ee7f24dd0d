using System.Diagnostics;

namespace HanBench.Bench.Time;

/// <summary>
/// The same queue as <see cref="VirtualScheduler"/> but on the wall clock: a Run method waits until each event is due.
/// Used when a bench talks to real processes or boards; their reader threads hand frames in with
/// <see cref="IScheduler.Post"/> (or any Schedule method), which wakes a waiting Run at once. Callbacks still run one at
/// a time on the thread that called Run.
/// </summary>
public sealed class RealTimeScheduler : SchedulerBase
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override long NowUs => (long)Stopwatch.GetElapsedTime(_origin).TotalMicroseconds;

    /// <inheritdoc />
    public override long RunUntilMs(long timeMs)
    {
        long ran = 0;
        RunLoop(ToUs(timeMs), () => false, stopWhenIdle: false, ref ran);
        return ran;
    }

    /// <inheritdoc />
    public override bool RunUntil(Func<bool> condition, long deadlineMs)
    {
        ArgumentNullException.ThrowIfNull(condition);
        long ran = 0;
        return RunLoop(ToUs(deadlineMs), condition, stopWhenIdle: false, ref ran);
    }

    /// <summary>Runs until the queue is empty or the deadline passes; posts arriving while it waits for a due event are taken too.</summary>
    public override bool RunUntilIdle(long deadlineMs = long.MaxValue)
    {
        long ran = 0;
        RunLoop(ToUs(deadlineMs), () => false, stopWhenIdle: true, ref ran);
        return PendingCount == 0;
    }

    private bool RunLoop(long limitUs, Func<bool> condition, bool stopWhenIdle, ref long ran)
    {
        if (condition())
        {
            return true;
        }

        while (true)
        {
            ScheduledEvent? due = null;
            lock (Gate)
            {
                while (due is null)
                {
                    long now = NowUs;
                    if (now >= limitUs)
                    {
                        return false;
                    }

                    long next = PeekTimeUs();
                    if (next == long.MaxValue && stopWhenIdle)
                    {
                        return false;
                    }

                    if (next <= now)
                    {
                        TryTake(now, out due);
                        break;
                    }

                    // Sleep until the next event or the deadline, whichever is first; a Schedule/Post pulses us awake.
                    long waitUs = Math.Min(next, limitUs) - now;
                    Monitor.Wait(Gate, TimeSpan.FromMicroseconds(Math.Min(waitUs, (long)int.MaxValue * 1000)));
                }
            }

            Run(due);
            ran++;
            if (condition())
            {
                return true;
            }
        }
    }
}
