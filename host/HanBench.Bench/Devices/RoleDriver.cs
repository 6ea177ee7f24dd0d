using HanBench.Bench.Time;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Devices;

/// <summary>
/// Runs one <see cref="IDeviceRole"/> on a scheduler: starts it, hands it frames, and keeps exactly one wake-up
/// scheduled at its <see cref="IDeviceRole.NextWakeMs"/>, re-read after every call. This is the whole contract a role
/// sees from a runner; the virtual board runner, the medium and the host stub (for its HubSession) all use it.
/// </summary>
public sealed class RoleDriver
{
    /// <summary>Wake-ups at the same instant in a row after which the role is taken to be stuck.</summary>
    public const int MaxWakesWithoutProgress = 100_000;

    private readonly IScheduler _scheduler;
    private readonly Action _wake;
    private ScheduledEvent? _pending;
    private bool _stopped;
    private long _lastWakeUs = -1;
    private int _wakesAtSameTime;

    /// <summary>A driver for <paramref name="role"/> on <paramref name="scheduler"/>; nothing runs before <see cref="Start"/>.</summary>
    public RoleDriver(IScheduler scheduler, IDeviceRole role)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(role);
        _scheduler = scheduler;
        Role = role;
        _wake = OnWake;
    }

    /// <summary>The role driven.</summary>
    public IDeviceRole Role { get; }

    /// <summary>Ticks given so far.</summary>
    public long Ticks { get; private set; }

    /// <summary>Schedules the role's <see cref="IDeviceRole.Start"/> at the current time.</summary>
    public void Start()
    {
        _scheduler.ScheduleAfterUs(0, () =>
        {
            if (_stopped)
            {
                return;
            }

            Role.Start(_scheduler.NowMs);
            Rearm();
        });
    }

    /// <summary>Gives the role a frame that arrived on <paramref name="link"/> (dropped after <see cref="Stop"/>).</summary>
    public void Deliver(IFrameLink link, HanFrame frame)
    {
        if (_stopped)
        {
            return;
        }

        Role.OnFrame(link, frame);
        Rearm();
    }

    /// <summary>Stops the role: no more ticks or frames.</summary>
    public void Stop()
    {
        _stopped = true;
        _pending?.Cancel();
        _pending = null;
    }

    /// <summary>
    /// Re-reads <see cref="IDeviceRole.NextWakeMs"/> and moves the one scheduled wake-up to it: for a role that was called
    /// outside <see cref="Deliver"/> and its ticks (HubSession raises WakeRequested then). Does nothing after <see cref="Stop"/>.
    /// </summary>
    public void Rearm()
    {
        if (_stopped)
        {
            return;
        }

        long wakeMs = Role.NextWakeMs;
        if (wakeMs == WakeTime.Never || wakeMs >= long.MaxValue / 1000)
        {
            _pending?.Cancel();
            _pending = null;
            return;
        }

        long wakeUs = Math.Max(wakeMs * 1000, _scheduler.NowUs);
        if (_pending is not null && !_pending.HasRun && _pending.TimeUs == wakeUs)
        {
            return;
        }

        _pending?.Cancel();
        _pending = _scheduler.ScheduleAtUs(wakeUs, _wake);
    }

    private void OnWake()
    {
        _pending = null;
        long now = _scheduler.NowUs;
        _wakesAtSameTime = now == _lastWakeUs ? _wakesAtSameTime + 1 : 0;
        _lastWakeUs = now;
        if (_wakesAtSameTime >= MaxWakesWithoutProgress)
        {
            throw new InvalidOperationException($"role {Role.GetType().Name} asked for {MaxWakesWithoutProgress} ticks at {now} µs without letting time pass");
        }

        Ticks++;
        Role.Tick(_scheduler.NowMs);
        Rearm();
    }
}
