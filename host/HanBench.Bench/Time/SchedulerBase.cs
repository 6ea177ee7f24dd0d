namespace HanBench.Bench.Time;

/// <summary>The event queue both schedulers share: a heap ordered by (time, insertion number), cancelled entries skipped lazily.</summary>
public abstract class SchedulerBase : IScheduler
{
    private readonly PriorityQueue<ScheduledEvent, ScheduledEvent> _queue = new(EventOrder.Instance);
    private long _sequence;
    private int _pending;
    private long _eventsRun;

    internal object Gate { get; } = new();

    /// <inheritdoc />
    public abstract long NowUs { get; }

    /// <inheritdoc />
    public long NowMs => NowUs / 1000;

    /// <inheritdoc />
    public int PendingCount
    {
        get
        {
            lock (Gate)
            {
                return _pending;
            }
        }
    }

    /// <inheritdoc />
    public long EventsRun => Interlocked.Read(ref _eventsRun);

    /// <inheritdoc />
    public ScheduledEvent ScheduleAtUs(long atUs, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (Gate)
        {
            long now = NowUs;
            var scheduled = new ScheduledEvent(this, Math.Max(atUs, now), _sequence++, callback);
            _queue.Enqueue(scheduled, scheduled);
            _pending++;
            Monitor.PulseAll(Gate);
            return scheduled;
        }
    }

    /// <inheritdoc />
    public ScheduledEvent ScheduleAtMs(long atMs, Action callback) =>
        ScheduleAtUs(atMs >= long.MaxValue / 1000 ? long.MaxValue : atMs * 1000, callback);

    /// <inheritdoc />
    public ScheduledEvent ScheduleAfterUs(long delayUs, Action callback)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delayUs);
        return ScheduleAtUs(NowUs + delayUs, callback);
    }

    /// <inheritdoc />
    public void Post(Action callback) => ScheduleAtUs(0, callback);

    /// <inheritdoc />
    public abstract long RunUntilMs(long timeMs);

    /// <inheritdoc />
    public abstract bool RunUntil(Func<bool> condition, long deadlineMs);

    /// <inheritdoc />
    public abstract bool RunUntilIdle(long deadlineMs = long.MaxValue);

    /// <summary>Converts a millisecond deadline to microseconds without overflowing.</summary>
    protected static long ToUs(long ms) => ms >= long.MaxValue / 1000 ? long.MaxValue : ms * 1000;

    /// <summary>Time of the next live event, or <see cref="long.MaxValue"/> when none. Call under <see cref="Gate"/>.</summary>
    internal long PeekTimeUs()
    {
        while (_queue.TryPeek(out ScheduledEvent? next, out _))
        {
            if (!next.IsCancelled)
            {
                return next.TimeUs;
            }

            _queue.Dequeue();
        }

        return long.MaxValue;
    }

    /// <summary>Takes the next live event if it is due at or before <paramref name="limitUs"/>. Call under <see cref="Gate"/>.</summary>
    internal bool TryTake(long limitUs, out ScheduledEvent taken)
    {
        taken = null!;
        long next = PeekTimeUs();
        if (_queue.Count == 0 || next > limitUs)
        {
            return false;
        }

        taken = _queue.Dequeue();
        taken.MarkRun();
        _pending--;
        return true;
    }

    /// <summary>Runs a taken event's callback (outside the lock) and counts it.</summary>
    protected void Run(ScheduledEvent scheduled)
    {
        Interlocked.Increment(ref _eventsRun);
        scheduled.Callback();
    }

    internal void OnCancelled() => _pending--;

    private sealed class EventOrder : IComparer<ScheduledEvent>
    {
        public static readonly EventOrder Instance = new();

        public int Compare(ScheduledEvent? x, ScheduledEvent? y)
        {
            int byTime = x!.TimeUs.CompareTo(y!.TimeUs);
            return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
