namespace HanBench.Bench.Time;

/// <summary>A callback waiting in a <see cref="IScheduler"/>; keep it to <see cref="Cancel"/> it.</summary>
public sealed class ScheduledEvent
{
    private readonly SchedulerBase _owner;

    internal ScheduledEvent(SchedulerBase owner, long timeUs, long sequence, Action callback)
    {
        _owner = owner;
        TimeUs = timeUs;
        Sequence = sequence;
        Callback = callback;
    }

    /// <summary>When it runs, in the scheduler's microseconds.</summary>
    public long TimeUs { get; }

    /// <summary>Insertion number: among events due at the same time, the lower runs first.</summary>
    public long Sequence { get; }

    /// <summary>True once <see cref="Cancel"/> took effect.</summary>
    public bool IsCancelled { get; private set; }

    /// <summary>True once the callback has been run.</summary>
    public bool HasRun { get; private set; }

    internal Action Callback { get; }

    /// <summary>Keeps the callback from running; returns false when it already ran or was already cancelled.</summary>
    public bool Cancel()
    {
        lock (_owner.Gate)
        {
            if (IsCancelled || HasRun)
            {
                return false;
            }

            IsCancelled = true;
            _owner.OnCancelled();
            return true;
        }
    }

    internal void MarkRun() => HasRun = true;
}
