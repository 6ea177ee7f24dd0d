using HanBench.Device.Roles;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

/// <summary>
/// The CSP's distribution engine for one Comms Hub (docs/ARCHITECTURE.md "Distribution"): drives the inventory's
/// <see cref="FirmwareQueue"/> rows of devices on that hub along
/// queued → delivering to hub → on hub (N59) → transferring → transferred (N62, from 0x8F8A) → activated (N39, from 0x8F8B)
/// | failed, through a <see cref="HubSession"/>. Every step is decided by <see cref="FirmwareUpdateMachine"/> and
/// recorded with its alerts in one inventory transaction (<see cref="FirmwareUpdateRecorder"/>), so the inventory is the
/// engine's memory: a host killed at any point restarts, re-reads the queue and resumes every update where it stood, and
/// an event replayed after the restart finds its step taken and its alert issued. The engine itself schedules (scans the
/// queue, steps each update when due, publishes progress); its parts do the I/O: <see cref="HubDeliveryScheduler"/>
/// (image to the hub, N59–N61), <see cref="HanTransferMonitor"/> (the hub's HAN transfer), <see cref="ActivationVerifier"/>
/// (CS08 when an alert is late or lost) and <see cref="DistributionAlertIntake"/> (the hub's alerts). A Comms Hub's own
/// image waits Transferred, outside the engine's timers, for SRV 11.3 (CS06). One update in progress per device
/// (SECMP0170 §4.2; the inventory's unique index).
/// Runs on the session's thread and clock (<see cref="IHubSessionExtension"/>): call <see cref="Wake"/> after queuing
/// work, and <see cref="Cancel"/> on that thread.
/// </summary>
public sealed partial class DistributionEngine : IHubSessionExtension
{
    private readonly InventoryStore _store;
    private readonly HubSession _session;
    private readonly DccAlertService _alerts;
    private readonly FirmwareUpdateRecorder _recorder;
    private readonly DistributionSettings _settings;
    private readonly Eui64 _hub;
    private readonly Dictionary<(long Row, Eui64 Device), DistributionJob> _jobs = [];
    private readonly DistributionImages _images;
    private readonly Dictionary<(long Row, Eui64 Device), DistributionProgress> _views = [];
    private long _nextScanMs;

    /// <summary>An engine for the hub at the other end of <paramref name="session"/>, attached to it at once.</summary>
    public DistributionEngine(InventoryStore store, HubSession session, DccAlertService? alerts = null, DistributionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(session);
        _store = store;
        _images = new DistributionImages(store);
        _session = session;
        _alerts = alerts ?? new DccAlertService();
        _settings = settings ?? DistributionSettings.Default;
        _recorder = new FirmwareUpdateRecorder(_alerts, new FirmwareUpdateMachine(_settings.MaxAttempts));
        _hub = new Eui64(session.HubEui);
        _store.Write(CspState.Ensure);
        Deliveries = new HubDeliveryScheduler(this);
        Transfers = new HanTransferMonitor(this);
        Verifier = new ActivationVerifier(this);
        _ = new DistributionAlertIntake(this);
        _session.Attach(this);
    }

    /// <summary>Raised for each DCC alert the engine issues (after its transaction committed).</summary>
    public event Action<IssuedDccAlert>? AlertIssued;

    /// <summary>Raised when a device's state, bytes or ETA change.</summary>
    public event Action<DistributionProgress>? ProgressChanged;

    /// <summary>Raised with a line worth logging (a retry, an ignored duplicate, a confirmation by CS08).</summary>
    public event Action<string>? Log;

    /// <summary>The settings in force.</summary>
    public DistributionSettings Settings => _settings;

    /// <summary>Every update the engine has seen in this run, in the order first seen.</summary>
    public IReadOnlyList<DistributionProgress> Progress => [.. _views.Values];

    /// <summary>Times the engine has read the queue (0 until its first tick).</summary>
    public long Scans { get; private set; }

    /// <summary>Updates not yet activated or failed, as last seen.</summary>
    public int ActiveCount => _jobs.Count;

    /// <inheritdoc />
    public long NextWakeMs
    {
        get
        {
            long wake = _nextScanMs;
            foreach (DistributionJob job in _jobs.Values)
            {
                wake = Math.Min(wake, job.NextActionMs);
            }

            return Math.Min(wake, Deliveries.NextWakeMs);
        }
    }

    /// <summary>Re-reads the queue at once (call after an 11.4/11.1 request queued work).</summary>
    public void Wake()
    {
        _nextScanMs = 0;
        _session.RequestWake();
    }

    /// <inheritdoc />
    public void Tick(long nowMs)
    {
        if (nowMs >= _nextScanMs)
        {
            _nextScanMs = nowMs + _settings.ScanIntervalMs;
            Scan(nowMs);
        }

        foreach (DistributionJob job in _jobs.Values.ToList())
        {
            if (job.NextActionMs <= nowMs && _jobs.ContainsKey(job.Key))
            {
                job.NextActionMs = WakeTime.Never;
                // Nothing goes to a device whose credentials are in doubt (issue 8 §4): the update waits until they are
                // settled, and fails (FirmwareDistributionFailure, naming why) once the CSP gave up settling them.
                CredentialDoubts doubts = _session.Credentials.Doubts;
                if (doubts.Refusal(job.Record.DeviceId.Value) is { } refusal)
                {
                    Record(job, FirmwareUpdateEvent.Refused, new FirmwareUpdateFacts { Reason = $"the device's credentials are unresolved: {refusal}" });
                }
                else if (!doubts.Holds(job.Record.DeviceId.Value, job.Key, job.Request.RequestId, () => Resume(job)))
                {
                    Step(job, nowMs);
                }
            }
        }

        Deliveries.Tick(nowMs);
    }

    /// <summary>
    /// Cancels request <paramref name="requestId"/> (every device not yet activated or failed, or only
    /// <paramref name="deviceId"/>): N61 and Failed in one transaction, then the hub is asked to stop the transfers it
    /// runs (each ends with 0x8F89 code 3, which changes nothing more). Returns the alerts issued.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such request.</exception>
    public IReadOnlyList<IssuedDccAlert> Cancel(string requestId, Eui64? deviceId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        FirmwareCancellationResult result = Commit(s => FirmwareCancellation.Cancel(s, _recorder, requestId, deviceId));
        List<DistributionJob> cancelled = result.Cancelled
            .Select(c => _jobs.TryGetValue((c.RequestRowId, c.DeviceId), out DistributionJob? job) ? job : null)
            .OfType<DistributionJob>()
            .ToList();
        StopTransfers(cancelled.Where(job => result.Cancelled.Any(c => c.StopTransfer && c.DeviceId == job.Record.DeviceId)));
        foreach (DistributionJob job in cancelled)
        {
            Refresh(job);
        }

        Scan(_session.Clock.NowMs);
        _session.RequestWake();
        return result.Issued;
    }

    /// <summary>Asks the hub to stop the HAN transfers of these updates (each ends with 0x8F89 code 3, which changes nothing more).</summary>
    private void StopTransfers(IEnumerable<DistributionJob> jobs)
    {
        foreach (IGrouping<(ushort, ushort, uint), DistributionJob> group in jobs.GroupBy(job => (job.Image.Identity.ManufacturerCode, job.Image.Identity.ImageType, job.Image.Identity.FileVersion)))
        {
            _session.CancelDistribution(group.First().Image.Identity, group.Select(job => job.Record.DeviceId.Value).ToList());
        }
    }

    private void Scan(long nowMs)
    {
        Scans++;
        DateTimeOffset storeNow = _store.Time.GetUtcNow();
        List<(FirmwareProgressRecord Row, FirmwareRequestRecord Request)> rows = _store.Read(s => s.Firmware.Active()
            .Where(p => p.CommsHubId == _hub)
            .Select(p => (p, s.Firmware.FindRequest(p.RequestRowId)!))
            .ToList());
        var seen = new HashSet<(long, Eui64)>();
        foreach ((FirmwareProgressRecord row, FirmwareRequestRecord request) in rows)
        {
            var key = (row.RequestRowId, row.DeviceId);
            seen.Add(key);
            if (!_jobs.TryGetValue(key, out DistributionJob? job))
            {
                if (!_images.TryGet(request, out DistributionImage? image, out string? problem))
                {
                    Raise(_store.Write(s => _recorder.Apply(s, row.RequestRowId, row.DeviceId, FirmwareUpdateEvent.Refused,
                        new FirmwareUpdateFacts { Reason = problem }).Issued));
                    continue;
                }

                job = new DistributionJob(row, request, image, nowMs) { Resumed = row.State != FirmwareProgressState.Queued };
                if (job.Resumed)
                {
                    Emit($"{row.DeviceId}: resuming {request.RequestId} from {row.State}");
                }

                _jobs[key] = job;
                job.NextActionMs = nowMs;
            }

            bool changed = job.Record.State != row.State;
            job.Record = row;
            if (row.NextRetryUtc is { } retry && retry > storeNow)
            {
                // Deferred by a retry (ScheduleRetry): nothing to do before then.
                job.NextActionMs = nowMs + (long)Math.Ceiling((retry - storeNow).TotalMilliseconds);
            }
            else if (changed || (row.State == FirmwareProgressState.Queued && job.NextActionMs == WakeTime.Never))
            {
                job.NextActionMs = nowMs;
            }

            Publish(job);
        }

        var ended = new List<DistributionJob>();
        foreach (DistributionJob gone in _jobs.Values.Where(j => !seen.Contains(j.Key)).ToList())
        {
            // Finished by another process (a `firmware cancel`, or CS06 through DUIS): a transfer the hub may still run is stopped.
            bool onHan = gone.Record.State is FirmwareProgressState.OnHub or FirmwareProgressState.Transferring && !IsHubTarget(gone);
            Refresh(gone);
            if (onHan && gone.Record.State == FirmwareProgressState.Failed)
            {
                Emit($"{gone.Record.DeviceId}: {gone.Request.RequestId} ended {gone.Record.State} elsewhere ({gone.Record.FailureReason}); asking hub {_hub} to stop the transfer");
                ended.Add(gone);
            }
        }

        StopTransfers(ended);
    }

    private void Step(DistributionJob job, long nowMs)
    {
        switch (job.Record.State)
        {
            case FirmwareProgressState.Queued:
                Deliveries.Begin(job, nowMs);
                break;
            case FirmwareProgressState.DeliveringToHub:
                Deliveries.Ensure(job, nowMs);
                break;
            case FirmwareProgressState.OnHub or FirmwareProgressState.Transferring when IsHubTarget(job):
                Record(job, FirmwareUpdateEvent.ImageOnHub);
                job.NextActionMs = nowMs;
                break;
            case FirmwareProgressState.OnHub:
                Transfers.Distribute(job, nowMs, probe: false);
                break;
            case FirmwareProgressState.Transferring:
                Transfers.Monitor(job, nowMs);
                break;
            case FirmwareProgressState.Transferred when IsHubTarget(job):
                // Waits for 11.3 (CS06), which the Service User sends when it chooses: no timer, no polling.
                job.Leg = DistributionLeg.None;
                job.NextActionMs = WakeTime.Never;
                break;
            case FirmwareProgressState.Transferred:
                Verifier.AwaitActivation(job, nowMs);
                break;
        }
    }

    private void Resume(DistributionJob job)
    {
        if (_jobs.ContainsKey(job.Key))
        {
            job.NextActionMs = _session.Clock.NowMs;
            _session.RequestWake();
        }
    }

    /// <summary>The update is of the Comms Hub's own firmware (11.1 for a CHF): delivery to the hub is the whole transfer.</summary>
    internal bool IsHubTarget(DistributionJob job) => job.Record.DeviceId == _hub;

    // ---- the parts' view of the engine ---------------------------------------------------------------------------

    internal InventoryStore Store => _store;

    internal HubSession Session => _session;

    internal Eui64 Hub => _hub;

    internal DccAlertService Alerts => _alerts;

    internal FirmwareUpdateRecorder Recorder => _recorder;

    internal HubDeliveryScheduler Deliveries { get; }

    internal HanTransferMonitor Transfers { get; }

    internal ActivationVerifier Verifier { get; }

    /// <summary>The updates in progress.</summary>
    internal IEnumerable<DistributionJob> Jobs => _jobs.Values;

    internal DistributionJob? JobFor(Eui64 device)
    {
        FirmwareProgressRecord? row = _store.Read(s => s.Firmware.ActiveFor(device));
        if (row is null || row.CommsHubId != _hub)
        {
            return null;
        }

        if (!_jobs.TryGetValue((row.RequestRowId, device), out DistributionJob? job))
        {
            Scan(_session.Clock.NowMs);
            _jobs.TryGetValue((row.RequestRowId, device), out job);
        }

        if (job is not null)
        {
            job.Record = row;
        }

        return job;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    internal void Emit(string line) => Log?.Invoke(line);
}
