using HanBench.Device.Hal;

namespace HanBench.Bench.Time;

/// <summary>
/// A clock with a queue of callbacks, in microseconds (the radio model needs sub-millisecond airtimes; devices see
/// <see cref="IClock.NowMs"/>). Callbacks run one at a time on the thread that calls a Run method, in time order and,
/// for equal times, in the order they were scheduled. Two implementations: <see cref="VirtualScheduler"/> jumps from
/// event to event (hours of radio traffic in milliseconds, deterministically); <see cref="RealTimeScheduler"/> waits for
/// the wall clock, for links to real processes and boards.
/// </summary>
public interface IScheduler : IClock
{
    /// <summary>Microseconds since the scheduler started.</summary>
    long NowUs { get; }

    /// <summary>Callbacks scheduled and neither run nor cancelled.</summary>
    int PendingCount { get; }

    /// <summary>Callbacks run so far.</summary>
    long EventsRun { get; }

    /// <summary>Runs <paramref name="callback"/> at <paramref name="atUs"/> (a time already past means: as soon as possible).</summary>
    ScheduledEvent ScheduleAtUs(long atUs, Action callback);

    /// <summary>Runs <paramref name="callback"/> at millisecond <paramref name="atMs"/>.</summary>
    ScheduledEvent ScheduleAtMs(long atMs, Action callback);

    /// <summary>Runs <paramref name="callback"/> <paramref name="delayUs"/> microseconds from now.</summary>
    ScheduledEvent ScheduleAfterUs(long delayUs, Action callback);

    /// <summary>Runs <paramref name="callback"/> as soon as possible; the one member safe to call from any thread (real-time links post received frames).</summary>
    void Post(Action callback);

    /// <summary>Runs every callback due up to <paramref name="timeMs"/> and leaves the clock there; returns how many ran.</summary>
    long RunUntilMs(long timeMs);

    /// <summary>
    /// Runs callbacks until <paramref name="condition"/> holds (checked first and after each callback) or the clock reaches
    /// <paramref name="deadlineMs"/>; returns whether the condition held.
    /// </summary>
    bool RunUntil(Func<bool> condition, long deadlineMs);

    /// <summary>Runs callbacks, including those they schedule, until none is left or the next is after <paramref name="deadlineMs"/>; returns true when idle.</summary>
    bool RunUntilIdle(long deadlineMs = long.MaxValue);
}
