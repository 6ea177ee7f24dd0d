using System.Globalization;
using HanBench.Device.Roles;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Csp;

/// <summary>
/// The CSP's distribution engine for one Comms Hub (docs/ARCHITECTURE.md "Distribution"): drives the inventory's
/// <see cref="FirmwareQueue"/> rows of devices on that hub along
/// queued → delivering to hub → on hub (N59) → transferring → transferred (N62, from 0x8F8A) → activated (N39, from 0x8F8B)
/// | failed, through a <see cref="HubSession"/>.
/// <list type="bullet">
/// <item>Every step is one inventory transaction together with its DCC alert (<see cref="DccAlertService"/>), so the
/// inventory is the engine's memory: a host killed at any point restarts, re-reads the queue and resumes every update
/// where it stood, and an event replayed after the restart finds its alert already issued.</item>
/// <item>An alert is acted on only while the device's update is in the state it moves on from; a late or repeated one
/// (after a restart, or after the engine confirmed the step another way) changes nothing and raises nothing.</item>
/// <item>When an alert is lost (the host was down when it came), the engine confirms the step itself: a device whose
/// transfer stops advancing, or that does not report activation in time, is asked its version (CS08; an Identity ping
/// for a component CS08 does not report), and the step is recorded with its alert from that answer (HanBench choice:
/// SECMP0170 §4.2 has the DCC update the inventory from an 11.2 read that differs).</item>
/// <item>A Comms Hub's own image (SRV 11.1 with the hub as target) has no HAN leg: once the hub holds it (N59) it is
/// the device that holds the whole image, so the update is recorded Transferred in the same transaction and waits there,
/// outside the engine's timers, for SRV 11.3 (CS06) to activate it (<see cref="ServiceRequests.ActivateFirmwareHandler"/>
/// moves it to Activated; no 0x8F8B exists for a hub, and CS08 does not read one).</item>
/// <item>One update in progress per device (SECMP0170 §4.2; the inventory's unique index), one hub delivery per image,
/// retries with exponential backoff (N60 per failed delivery attempt, N61 when they run out), progress and ETA from
/// the OTA server's blocks (hub leg) and the device's own state reports (HAN leg).</item>
/// </list>
/// Runs on the session's thread and clock (<see cref="IHubSessionExtension"/>): call <see cref="Wake"/> after queuing
/// work, and <see cref="Cancel"/> on that thread.
/// </summary>
public sealed class DistributionEngine : IHubSessionExtension
{
    private readonly InventoryStore _store;
    private readonly HubSession _session;
    private readonly DccAlertService _alerts;
    private readonly DistributionSettings _settings;
    private readonly Eui64 _hub;
    private readonly Dictionary<(long Row, Eui64 Device), Job> _jobs = [];
    private readonly Dictionary<string, ImageInfo> _images = [];
    private readonly Dictionary<string, HubDelivery> _deliveries = [];
    private readonly Dictionary<(long Row, Eui64 Device), DistributionProgress> _views = [];
    private long _nextScanMs;

    /// <summary>An engine for the hub at the other end of <paramref name="session"/>, attached to it at once.</summary>
    public DistributionEngine(InventoryStore store, HubSession session, DccAlertService? alerts = null, DistributionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(session);
        _store = store;
        _session = session;
        _alerts = alerts ?? new DccAlertService();
        _settings = settings ?? DistributionSettings.Default;
        _hub = new Eui64(session.HubEui);
        _store.Write(CspState.Ensure);
        _session.AlertReceived += OnAlert;
        _session.Delivery += OnDelivery;
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
            foreach (Job job in _jobs.Values)
            {
                wake = Math.Min(wake, job.NextActionMs);
            }

            foreach (HubDelivery delivery in _deliveries.Values)
            {
                wake = Math.Min(wake, delivery.NextActionMs);
            }

            return wake;
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

        foreach (Job job in _jobs.Values.ToList())
        {
            if (job.NextActionMs <= nowMs && _jobs.ContainsKey(job.Key))
            {
                job.NextActionMs = WakeTime.Never;
                Step(job, nowMs);
            }
        }

        foreach (HubDelivery delivery in _deliveries.Values.ToList())
        {
            if (delivery.NextActionMs <= nowMs)
            {
                StepDelivery(delivery, nowMs);
            }
        }
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
        List<FirmwareProgressRecord> onHan = _store.Read(s =>
        {
            FirmwareRequestRecord request = s.Firmware.FindRequest(requestId) ?? throw new InvalidOperationException($"no firmware request {requestId}");
            return s.Firmware.Progress(request.RowId)
                .Where(p => p.CommsHubId == _hub && (deviceId is null || p.DeviceId == deviceId) && p.State is FirmwareProgressState.OnHub or FirmwareProgressState.Transferring)
                .ToList();
        });
        var stops = onHan
            .Select(p => _jobs.TryGetValue((p.RequestRowId, p.DeviceId), out Job? job) ? (job.Image.Identity, p.DeviceId.Value) : ((ImageIdentity, ulong)?)null)
            .OfType<(ImageIdentity Identity, ulong Device)>()
            .ToList();
        IReadOnlyList<IssuedDccAlert> issued = Commit(s => _alerts.CancelRequest(s, requestId, deviceId, "cancelled by the Service User"));
        foreach (IGrouping<(ushort, ushort, uint), (ImageIdentity Identity, ulong Device)> group in stops.GroupBy(stop => (stop.Identity.ManufacturerCode, stop.Identity.ImageType, stop.Identity.FileVersion)))
        {
            _session.CancelDistribution(group.First().Identity, group.Select(stop => stop.Device).ToList());
        }

        Scan(_session.Clock.NowMs);
        _session.RequestWake();
        return issued;
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
            if (!_jobs.TryGetValue(key, out Job? job))
            {
                if (!TryImage(request.ManufacturerImageHash, out ImageInfo? image))
                {
                    Fail(row, request, "the request's image is not an OTA file the hub can pull");
                    continue;
                }

                job = new Job(row, request, image, nowMs) { Resumed = row.State != FirmwareProgressState.Queued };
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

        foreach (Job gone in _jobs.Values.Where(j => !seen.Contains(j.Key)).ToList())
        {
            Refresh(gone);
        }
    }

    private void Step(Job job, long nowMs)
    {
        switch (job.Record.State)
        {
            case FirmwareProgressState.Queued:
                BeginDelivery(job, nowMs);
                break;
            case FirmwareProgressState.DeliveringToHub:
                EnsureDelivery(job, nowMs);
                break;
            case FirmwareProgressState.OnHub or FirmwareProgressState.Transferring when IsHubTarget(job):
                Commit(job, s => HubHoldsItsImage(s, job));
                job.NextActionMs = nowMs;
                break;
            case FirmwareProgressState.OnHub:
                SendDistribute(job, nowMs, probe: false);
                break;
            case FirmwareProgressState.Transferring:
                Monitor(job, nowMs);
                break;
            case FirmwareProgressState.Transferred when IsHubTarget(job):
                // Waits for 11.3 (CS06), which the Service User sends when it chooses: no timer, no polling.
                job.Leg = DistributionLeg.None;
                job.NextActionMs = WakeTime.Never;
                break;
            case FirmwareProgressState.Transferred:
                AwaitActivation(job, nowMs);
                break;
        }
    }

    /// <summary>The update is of the Comms Hub's own firmware (11.1 for a CHF): delivery to the hub is the whole transfer.</summary>
    private bool IsHubTarget(Job job) => job.Record.DeviceId == _hub;

    /// <summary>OnHub → Transferring → Transferred for the hub's own image (no HAN leg, so no N62), in the caller's transaction.</summary>
    private static IReadOnlyList<IssuedDccAlert> HubHoldsItsImage(InventorySession s, Job job)
    {
        FirmwareProgressRecord? row = s.Firmware.FindProgress(job.Record.RequestRowId, job.Record.DeviceId);
        if (row is { State: FirmwareProgressState.OnHub })
        {
            row = s.Firmware.Transition(row.RequestRowId, row.DeviceId, FirmwareProgressState.Transferring);
        }

        if (row is { State: FirmwareProgressState.Transferring })
        {
            s.Firmware.Transition(row.RequestRowId, row.DeviceId, FirmwareProgressState.Transferred);
        }

        return [];
    }

    // ---- queued → delivering to hub → on hub (N59) -------------------------------------------------------------

    private void BeginDelivery(Job job, long nowMs)
    {
        if (job.Record.NextRetryUtc is { } retry && retry > _store.Time.GetUtcNow())
        {
            job.NextActionMs = nowMs + (long)(retry - _store.Time.GetUtcNow()).TotalMilliseconds;
            return;
        }

        bool held = false;
        Commit(job, s =>
        {
            s.Firmware.Transition(job.Record.RequestRowId, job.Record.DeviceId, FirmwareProgressState.DeliveringToHub);
            held = CspState.HubHolds(s, _hub, job.Image.Hash);
            return held ? Delivered(s, job) : [];
        });
        if (held)
        {
            Emit($"{job.Record.DeviceId}: hub {_hub} already holds image {job.Image.Hash[..12]}…");
        }

        job.NextActionMs = nowMs;
    }

    private void EnsureDelivery(Job job, long nowMs)
    {
        if (!_deliveries.ContainsKey(job.Image.Hash))
        {
            _deliveries[job.Image.Hash] = new HubDelivery(job.Image);
            StartNextDelivery(nowMs);
        }

        job.Leg = DistributionLeg.Hub;
    }

    /// <summary>
    /// Starts the oldest waiting delivery when none is running: the hub pulls one image at a time (one OTA client on its
    /// WAN side), so notifying several at once would only stall all but one.
    /// </summary>
    private void StartNextDelivery(long nowMs)
    {
        if (_deliveries.Values.Any(d => d.Running))
        {
            return;
        }

        HubDelivery? next = _deliveries.Values.FirstOrDefault();
        if (next is not null)
        {
            next.Running = true;
            Notify(next, nowMs);
        }
    }

    private void Notify(HubDelivery delivery, long nowMs)
    {
        delivery.Notifies++;
        delivery.NextActionMs = nowMs + _settings.DeliveryStallMs;
        _session.DeliverImage(delivery.Image.Bytes);
    }

    private void StepDelivery(HubDelivery delivery, long nowMs)
    {
        List<Job> waiting = Waiting(delivery);
        if (waiting.Count == 0)
        {
            _deliveries.Remove(delivery.Image.Hash);
            StartNextDelivery(nowMs);
            return;
        }

        if (delivery.Notifies < _settings.DeliveryNotifiesPerAttempt)
        {
            Emit($"hub {_hub}: delivery of {delivery.Image.Hash[..12]}… stalled at {delivery.Offset:N0} bytes; notifying again");
            Notify(delivery, nowMs);
            return;
        }

        // This delivery attempt failed: N60 for each device waiting, then back to Queued after a backoff, or N61 when
        // the attempts are spent.
        _deliveries.Remove(delivery.Image.Hash);
        StartNextDelivery(nowMs);
        foreach (Job job in waiting)
        {
            int attempt = job.Record.Attempts;
            string reason = $"the Comms Hub did not complete the download of the image ({delivery.Notifies} notifications)";
            Commit(job, s =>
            {
                var issued = new List<IssuedDccAlert>(_alerts.OnCspDelivery(s, job.Record.RequestRowId, job.Record.DeviceId, CspDeliveryOutcome.Failed, attempt, reason));
                if (attempt + 1 >= _settings.MaxAttempts)
                {
                    issued.AddRange(_alerts.OnCspDelivery(s, job.Record.RequestRowId, job.Record.DeviceId, CspDeliveryOutcome.CancelledOrExpired, reason: $"{reason}; {attempt + 1} attempts (N61)"));
                    issued.AddRange(_alerts.OnFirmwareDistributionFailure(s, job.Request.RequestId, [job.Record.DeviceId]));
                }
                else
                {
                    s.Firmware.ScheduleRetry(job.Record.RequestRowId, job.Record.DeviceId, FirmwareProgressState.Queued, s.Now.AddMilliseconds(_settings.BackoffMs(attempt)), reason);
                }

                return issued;
            });
        }
    }

    private void OnDelivery(HubDeliveryEvent e)
    {
        HubDelivery? delivery = _deliveries.Values.FirstOrDefault(d => d.Running && d.Image.Identity.SameAs(e.Image));
        if (delivery is null)
        {
            return;
        }

        switch (e.Kind)
        {
            case HubDeliveryEventKind.Started:
            case HubDeliveryEventKind.Progress:
                if (e.Offset > delivery.Offset || e.Kind == HubDeliveryEventKind.Started)
                {
                    delivery.Offset = Math.Max(delivery.Offset, e.Offset);
                    delivery.Notifies = 0;
                    delivery.NextActionMs = e.AtMs + _settings.DeliveryStallMs;
                    delivery.Rate.Add(e.AtMs, delivery.Offset);
                    foreach (Job job in Waiting(delivery))
                    {
                        job.Leg = DistributionLeg.Hub;
                        job.BytesDone = delivery.Offset;
                        job.EtaMs = delivery.Rate.EtaMs(delivery.Image.Bytes.Length - delivery.Offset);
                        if (e.AtMs - job.LastPublishMs >= 250 || delivery.Offset == delivery.Image.Bytes.Length)
                        {
                            job.LastPublishMs = e.AtMs;
                            Publish(job);
                        }
                    }
                }

                break;
            case HubDeliveryEventKind.Delivered:
                _deliveries.Remove(delivery.Image.Hash);
                foreach (Job job in Waiting(delivery))
                {
                    Commit(job, s =>
                    {
                        CspState.RecordHubHolds(s, _hub, job.Image.Hash);
                        return Delivered(s, job);
                    });
                    job.NextActionMs = e.AtMs;
                }

                _store.Write(s => CspState.RecordHubHolds(s, _hub, delivery.Image.Hash));
                StartNextDelivery(e.AtMs);
                _session.RequestWake();
                break;
            case HubDeliveryEventKind.Ended:
            case HubDeliveryEventKind.TimedOut:
                // The hub gave up or went quiet: notify again at once (it resumes from its persisted offset).
                delivery.NextActionMs = e.AtMs;
                break;
        }
    }

    /// <summary>N59 and OnHub (Transferred for the hub's own image); also when N59 was issued before a crash that left the progress behind.</summary>
    private IReadOnlyList<IssuedDccAlert> Delivered(InventorySession s, Job job)
    {
        IReadOnlyList<IssuedDccAlert> issued = _alerts.OnCspDelivery(s, job.Record.RequestRowId, job.Record.DeviceId, CspDeliveryOutcome.Delivered);
        FirmwareProgressRecord? now = s.Firmware.FindProgress(job.Record.RequestRowId, job.Record.DeviceId);
        if (now is { State: FirmwareProgressState.DeliveringToHub })
        {
            s.Firmware.Transition(now.RequestRowId, now.DeviceId, FirmwareProgressState.OnHub);
        }

        if (IsHubTarget(job))
        {
            HubHoldsItsImage(s, job);
        }

        return issued;
    }

    private List<Job> Waiting(HubDelivery delivery) =>
        _jobs.Values.Where(j => j.Image.Hash == delivery.Image.Hash && j.Record.State == FirmwareProgressState.DeliveringToHub).ToList();

    // ---- on hub → transferring ---------------------------------------------------------------------------------

    private void SendDistribute(Job job, long nowMs, bool probe)
    {
        if (job.CallInFlight)
        {
            return;
        }

        job.CallInFlight = true;
        job.Leg = DistributionLeg.Han;
        _session.Distribute(job.Image.Identity, job.Image.HashBytes, [job.Record.DeviceId.Value], call => OnDistributed(job, call, probe));
    }

    private void OnDistributed(Job job, ManagementCall call, bool probe)
    {
        job.CallInFlight = false;
        long nowMs = _session.Clock.NowMs;
        if (!Current(job))
        {
            return;
        }

        if (call.Reply?.Distribute is not { } result)
        {
            // The hub did not answer (WAN down, hub restarting): try again after a backoff, in memory only.
            job.HubFailures++;
            job.NextActionMs = nowMs + _settings.BackoffMs(job.HubFailures - 1);
            Emit($"{job.Record.DeviceId}: no answer from hub {_hub} to the distribution request; retrying in {_settings.BackoffMs(job.HubFailures - 1) / 1000} s");
            return;
        }

        job.HubFailures = 0;
        switch (result.Status)
        {
            case DistributeStatus.Accepted:
            case DistributeStatus.DeviceBusy:
                // DeviceBusy: the hub already runs this device's transfer (a resent or pre-crash request was accepted).
                if (job.Record.State == FirmwareProgressState.OnHub)
                {
                    Commit(job, s =>
                    {
                        s.Firmware.Transition(job.Record.RequestRowId, job.Record.DeviceId, FirmwareProgressState.Transferring);
                        return [];
                    });
                }

                job.TransferStartedMs ??= nowMs;
                job.LastAdvanceMs = nowMs;
                job.NeedsVerify = false;
                job.NextActionMs = nowMs;
                if (probe)
                {
                    Emit($"{job.Record.DeviceId}: hub {_hub} answers {result.Status} for the transfer; waiting for it");
                }

                break;
            case DistributeStatus.ImageNotHeld:
                Emit($"{job.Record.DeviceId}: hub {_hub} no longer holds image {job.Image.Hash[..12]}…; delivering it again");
                Commit(job, s =>
                {
                    CspState.ForgetHubHolds(s, _hub, job.Image.Hash);
                    if (job.Record.Attempts + 1 >= _settings.MaxAttempts)
                    {
                        return FailWith(s, job, "the Comms Hub lost the image too often");
                    }

                    s.Firmware.ScheduleRetry(job.Record.RequestRowId, job.Record.DeviceId, FirmwareProgressState.Queued, s.Now.AddMilliseconds(_settings.BaseBackoffMs), "the Comms Hub no longer held the image");
                    return [];
                });
                job.NextActionMs = nowMs;
                break;
            case DistributeStatus.ConflictingImage:
            case DistributeStatus.TooManyTransfers:
                // The hub serves one version per image type, and has a transfer slot per Type 1 device: wait for it.
                job.NextActionMs = nowMs + _settings.HubBusyRetryMs;
                break;
            default:
                Commit(job, s => FailWith(s, job, $"the Comms Hub refused the distribution: {result.Status}"));
                break;
        }
    }

    // ---- transferring → transferred (N62) ------------------------------------------------------------------------

    private void Monitor(Job job, long nowMs)
    {
        job.Leg = DistributionLeg.Han;
        job.TransferStartedMs ??= nowMs;
        if (job.LastAdvanceMs == 0)
        {
            job.LastAdvanceMs = nowMs;
        }

        if (job.CallInFlight)
        {
            job.NextActionMs = nowMs + _settings.ProgressPollMs;
            return;
        }

        if (job.Resumed || job.NeedsVerify || nowMs - job.LastAdvanceMs >= _settings.TransferStallMs)
        {
            // After a restart, or a transfer that stopped advancing: the 0x8F8A (and maybe 0x8F8B) may have been lost.
            job.Resumed = false;
            job.NeedsVerify = true;
            Verify(job);
            return;
        }

        job.CallInFlight = true;
        _session.QueryState(job.Record.DeviceId.Value, call => OnState(job, call), RetryPolicy.Once(_settings.ProgressPollMs));
        job.NextActionMs = nowMs + _settings.ProgressPollMs;
    }

    private void OnState(Job job, ManagementCall call)
    {
        job.CallInFlight = false;
        long nowMs = _session.Clock.NowMs;
        if (!Current(job) || job.Record.State != FirmwareProgressState.Transferring || call.Reply?.Report is not { } report)
        {
            return;
        }

        if (!report.TransferImage.SameAs(job.Image.Identity) || report.TransferSize == 0)
        {
            return;
        }

        job.Leg = DistributionLeg.Han;
        if (report.TransferOffset > job.BytesDone || job.Rate.IsEmpty)
        {
            job.LastAdvanceMs = nowMs;
            job.BytesDone = report.TransferOffset;
            job.Rate.Add(nowMs, report.TransferOffset);
            job.EtaMs = job.Rate.EtaMs(report.TransferSize - report.TransferOffset);
            if (nowMs - job.LastPersistMs >= _settings.ProgressPersistMs)
            {
                job.LastPersistMs = nowMs;
                long bytes = Math.Min(report.TransferOffset, job.Record.BytesTotal);
                _store.Write(s =>
                {
                    if (s.Firmware.FindProgress(job.Record.RequestRowId, job.Record.DeviceId) is { State: FirmwareProgressState.Transferring })
                    {
                        s.Firmware.RecordBytes(job.Record.RequestRowId, job.Record.DeviceId, bytes);
                    }
                });
            }

            Publish(job);
        }
    }

    // ---- transferred → activated (N39) --------------------------------------------------------------------------

    private void AwaitActivation(Job job, long nowMs)
    {
        job.Leg = DistributionLeg.None;
        if (job.CallInFlight)
        {
            return;
        }

        if (job.ActivationDeadlineMs is not { } deadline)
        {
            job.ActivationDeadlineMs = nowMs + _settings.ActivationTimeoutMs;
            job.NextActionMs = job.ActivationDeadlineMs.Value;
            return;
        }

        if (nowMs < deadline)
        {
            job.NextActionMs = deadline;
            return;
        }

        Verify(job);
    }

    /// <summary>Asks the device what it runs (CS08, or an Identity ping for a component CS08 does not report).</summary>
    private void Verify(Job job)
    {
        job.CallInFlight = true;
        FirmwareComponentId component = ComponentId(job.Record.Component);
        if (component is FirmwareComponentId.Main or FirmwareComponentId.SiLabs)
        {
            _session.ReadFirmwareVersion(job.Record.DeviceId.Value, call => OnVerified(job, call.Reply?.Cs08ResponseCode == ReadFirmwareVersionResponseCode.Success ? call.Reply.Cs08Version : null));
        }
        else
        {
            _session.Ping(job.Record.DeviceId.Value, call => OnVerified(job, call.Reply?.Identity?.VersionOf(component)));
        }
    }

    private void OnVerified(Job job, uint? version)
    {
        job.CallInFlight = false;
        long nowMs = _session.Clock.NowMs;
        if (!Current(job))
        {
            return;
        }

        uint target = job.Image.Identity.FileVersion;
        string text = DccAlertService.FirmwareVersionText(target);
        if (version == target)
        {
            job.NeedsVerify = false;
            if (job.Record.State is FirmwareProgressState.Transferring or FirmwareProgressState.OnHub)
            {
                Emit($"{job.Record.DeviceId}: runs {text} (confirmed by {Confirmation(job)}); the transfer and activation alerts were lost");
                Commit(job, s => ConfirmedActivation(s, job, text, hubTime: null, deviceTime: null, transferToo: true));
            }
            else if (job.Record.State == FirmwareProgressState.Transferred)
            {
                Emit($"{job.Record.DeviceId}: runs {text} (confirmed by {Confirmation(job)}); no 0x8F8B came");
                Commit(job, s => _alerts.OnPpmidFirmwareActivation(s, job.Record.DeviceId, text, activated: true, deviceTime: null));
            }

            return;
        }

        if (version is null)
        {
            // No answer (a device restarting into new firmware takes tens of seconds): ask again later.
            job.NextActionMs = nowMs + _settings.ProgressPollMs * 2;
            return;
        }

        if (job.Record.State == FirmwareProgressState.Transferred)
        {
            job.ActivationChecks++;
            if (job.ActivationChecks >= _settings.ActivationChecks)
            {
                Commit(job, s =>
                {
                    s.Firmware.Transition(job.Record.RequestRowId, job.Record.DeviceId, FirmwareProgressState.Failed, $"transferred but not activated: the device still runs {DccAlertService.FirmwareVersionText(version.Value)}");
                    return [];
                });
                return;
            }

            job.NextActionMs = nowMs + _settings.ActivationTimeoutMs / 2;
            return;
        }

        // Still the old version while transferring: ask the hub whether it still runs the transfer (DeviceBusy) or has
        // forgotten it (a hub restart; Accepted starts it again and the device resumes from its persisted offset).
        SendDistribute(job, nowMs, probe: true);
    }

    /// <summary>N62 (unless only the activation is missing) and N39 from a confirmed activation, in the caller's transaction.</summary>
    private IReadOnlyList<IssuedDccAlert> ConfirmedActivation(InventorySession s, Job job, string version, DateTimeOffset? hubTime, DateTimeOffset? deviceTime, bool transferToo)
    {
        var issued = new List<IssuedDccAlert>();
        FirmwareProgressRecord? row = s.Firmware.FindProgress(job.Record.RequestRowId, job.Record.DeviceId);
        if (transferToo && row is { State: FirmwareProgressState.OnHub or FirmwareProgressState.Transferring })
        {
            if (row.State == FirmwareProgressState.OnHub)
            {
                s.Firmware.Transition(row.RequestRowId, row.DeviceId, FirmwareProgressState.Transferring);
            }

            issued.AddRange(_alerts.OnFirmwareTransfer(s, _hub, job.Record.DeviceId, GbcsAlertCode.FirmwareTransferSuccess, version, FirmwareTransferResponseCode.Success, hubTime));
        }

        issued.AddRange(_alerts.OnPpmidFirmwareActivation(s, job.Record.DeviceId, version, activated: true, deviceTime));
        return issued;
    }

    // ---- alerts in ------------------------------------------------------------------------------------------------

    private void OnAlert(GbcsRecord alert)
    {
        if (alert.TransferAlertCode is { } code && alert.TransferEntity is { } entity && alert.FirmwareVersion is { } version && alert.TransferResponse is { } response)
        {
            OnTransferAlert(new Eui64(entity), code, version, response, alert.EventTime);
        }
        else if (alert.ActivationResult is { } result && alert.FirmwareVersion is { } activated)
        {
            OnActivationAlert(new Eui64(alert.Originator), activated, result == PpmidFirmwareActivationResult.Success, alert.EventTime);
        }
        else if (alert.ActivationAlertCode is { } outcome && alert.Originator == _hub.Value && alert.FirmwareVersion is { } running)
        {
            OnHubFutureActivation(outcome, alert.Cs06ResponseCode, running);
        }
    }

    /// <summary>
    /// The Comms Hub's outcome of a future-dated CS06 (RTDS 11.3 FUTURE_DATED: alert 0x8F66 actioned / 0x8F67 not
    /// actioned, message code 0x00CA). SECMP0024 §4.1 raises N64 when the hub "indicates new active firmware version";
    /// that is the same event as an immediate CS06 success, so it goes through the same
    /// <see cref="DccAlertService.OnCommsHubActivationResponse"/> (N64/N999 per supplier, the inventory's version, one
    /// idempotency key per hub and version: a repeated alert, or one after the immediate answer, issues nothing). The
    /// hub's 11.1 update waiting in Transferred for that version ends Activated in the same transaction. 0x8F67 raises
    /// nothing (a failure code, as for an immediate CS06).
    /// </summary>
    private void OnHubFutureActivation(ushort outcome, ActivateFirmwareResponseCode? code, uint version)
    {
        string text = DccAlertService.FirmwareVersionText(version);
        ActivateFirmwareResponseCode response = outcome == GbcsAlertCode.FutureDatedCommandActioned
            ? code ?? ActivateFirmwareResponseCode.Success
            : code is { } failed && failed != ActivateFirmwareResponseCode.Success ? failed : ActivateFirmwareResponseCode.ActivationFailure;
        Emit($"{_hub}: 0x{outcome:X4} (future-dated CS06 {(response == ActivateFirmwareResponseCode.Success ? "actioned" : $"not actioned, {response}")}), running {text}");
        Commit(JobFor(_hub), s =>
        {
            IReadOnlyList<IssuedDccAlert> issued = _alerts.OnCommsHubActivationResponse(s, _hub, response, text);
            if (response == ActivateFirmwareResponseCode.Success
                && s.Firmware.ActiveFor(_hub) is { State: FirmwareProgressState.Transferred } progress
                && s.Firmware.FindRequest(progress.RequestRowId) is { } request
                && string.Equals(request.FirmwareVersion, text, StringComparison.OrdinalIgnoreCase))
            {
                s.Firmware.Transition(progress.RequestRowId, _hub, FirmwareProgressState.Activated);
            }

            return issued;
        });
    }

    private void OnTransferAlert(Eui64 device, ushort code, uint version, FirmwareTransferResponseCode response, DateTimeOffset? hubTime)
    {
        string text = DccAlertService.FirmwareVersionText(version);
        Job? job = JobFor(device);
        if (job is null)
        {
            if (IsRepeatOfFinished(device, text))
            {
                Emit($"{device}: 0x{code:X4} for {text} repeats a finished update; nothing to do");
                return;
            }

            // Not an update of ours: still the hub's alert, raised as N62 to every supplier.
            Commit(null, s => _alerts.OnFirmwareTransfer(s, _hub, device, code, text, response, hubTime));
            return;
        }

        if (job.Record.State is not (FirmwareProgressState.OnHub or FirmwareProgressState.Transferring) || version != job.Image.Identity.FileVersion)
        {
            Emit($"{device}: 0x{code:X4} for {text} while {job.Record.State} (target {DccAlertService.FirmwareVersionText(job.Image.Identity.FileVersion)}); ignored");
            return;
        }

        Commit(job, s =>
        {
            FirmwareProgressRecord row = s.Firmware.FindProgress(job.Record.RequestRowId, device)!;
            if (row.State == FirmwareProgressState.OnHub)
            {
                s.Firmware.Transition(row.RequestRowId, device, FirmwareProgressState.Transferring);
            }

            var issued = new List<IssuedDccAlert>(_alerts.OnFirmwareTransfer(s, _hub, device, code, text, response, hubTime));
            if (response != FirmwareTransferResponseCode.Success)
            {
                s.Firmware.Transition(row.RequestRowId, device, FirmwareProgressState.Failed, $"0x{code:X4} response code {(byte)response} ({response})");
            }

            return issued;
        });
        if (response == FirmwareTransferResponseCode.Success)
        {
            job.BytesDone = job.Record.BytesTotal;
            job.TransferredMs = _session.Clock.NowMs;
            job.NextActionMs = _session.Clock.NowMs;
        }
    }

    private void OnActivationAlert(Eui64 device, uint version, bool success, DateTimeOffset? deviceTime)
    {
        string text = DccAlertService.FirmwareVersionText(version);
        Job? job = JobFor(device);
        if (job is null)
        {
            if (IsRepeatOfFinished(device, text))
            {
                Emit($"{device}: 0x8F8B for {text} repeats a finished update; nothing to do");
                return;
            }

            Commit(null, s => _alerts.OnPpmidFirmwareActivation(s, device, text, success, deviceTime));
            return;
        }

        bool target = version == job.Image.Identity.FileVersion;
        if (job.Record.State == FirmwareProgressState.Transferred && (target || !success))
        {
            Commit(job, s => _alerts.OnPpmidFirmwareActivation(s, device, text, success, deviceTime));
        }
        else if (job.Record.State is FirmwareProgressState.Transferring or FirmwareProgressState.OnHub && target && success)
        {
            // The hub's 0x8F8A was lost (the host was down), but the device runs the image: both steps now.
            Emit($"{device}: 0x8F8B for {text} before any 0x8F8A; recording the transfer too");
            Commit(job, s => ConfirmedActivation(s, job, text, hubTime: null, deviceTime, transferToo: true));
        }
        else
        {
            Emit($"{device}: 0x8F8B for {text} while {job.Record.State}; ignored");
        }
    }

    /// <summary>Whether the device's latest update is finished and was for <paramref name="version"/> (a late or repeated alert).</summary>
    private bool IsRepeatOfFinished(Eui64 device, string version) => _store.Read(s =>
    {
        using SqliteCommand command = s.Command(
            """
            SELECT p.state, r.firmware_version FROM firmware_progress p JOIN firmware_requests r ON r.id = p.request_row
            WHERE p.eui64 = $id ORDER BY p.request_row DESC LIMIT 1
            """,
            ("$id", device.ToString()));
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read()
            && FirmwareProgressTransitions.IsTerminal(Enum.Parse<FirmwareProgressState>(reader.GetString(0)))
            && string.Equals(reader.GetString(1), version, StringComparison.OrdinalIgnoreCase);
    });

    private Job? JobFor(Eui64 device)
    {
        FirmwareProgressRecord? row = _store.Read(s => s.Firmware.ActiveFor(device));
        if (row is null || row.CommsHubId != _hub)
        {
            return null;
        }

        if (!_jobs.TryGetValue((row.RequestRowId, device), out Job? job))
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

    private IReadOnlyList<IssuedDccAlert> FailWith(InventorySession s, Job job, string reason)
    {
        s.Firmware.Transition(job.Record.RequestRowId, job.Record.DeviceId, FirmwareProgressState.Failed, reason);
        return _alerts.OnFirmwareDistributionFailure(s, job.Request.RequestId, [job.Record.DeviceId]);
    }

    private void Fail(FirmwareProgressRecord row, FirmwareRequestRecord request, string reason)
    {
        IReadOnlyList<IssuedDccAlert> issued = _store.Write(s =>
        {
            s.Firmware.Transition(row.RequestRowId, row.DeviceId, FirmwareProgressState.Failed, reason);
            return _alerts.OnFirmwareDistributionFailure(s, request.RequestId, [row.DeviceId]);
        });
        Raise(issued);
    }

    /// <summary>Runs one step with its alerts in one transaction, then tells the listeners.</summary>
    private IReadOnlyList<IssuedDccAlert> Commit(Job? job, Func<InventorySession, IReadOnlyList<IssuedDccAlert>> work)
    {
        IReadOnlyList<IssuedDccAlert> issued = _store.Write(work);
        Raise(issued);
        if (job is not null)
        {
            Refresh(job);
        }

        return issued;
    }

    private IReadOnlyList<IssuedDccAlert> Commit(Func<InventorySession, IReadOnlyList<IssuedDccAlert>> work)
    {
        IReadOnlyList<IssuedDccAlert> issued = _store.Write(work);
        Raise(issued);
        return issued;
    }

    private void Raise(IReadOnlyList<IssuedDccAlert> issued)
    {
        foreach (IssuedDccAlert alert in issued)
        {
            AlertIssued?.Invoke(alert);
        }
    }

    /// <summary>Re-reads the job's row; a finished one leaves the engine (its view stays).</summary>
    private void Refresh(Job job)
    {
        FirmwareProgressRecord? row = _store.Read(s => s.Firmware.FindProgress(job.Record.RequestRowId, job.Record.DeviceId));
        if (row is null)
        {
            _jobs.Remove(job.Key);
            return;
        }

        long nowMs = _session.Clock.NowMs;
        if (row.State != job.Record.State)
        {
            switch (row.State)
            {
                case FirmwareProgressState.OnHub:
                    job.OnHubMs ??= nowMs;
                    job.BytesDone = 0;
                    job.EtaMs = null;
                    job.Rate.Clear();
                    break;
                case FirmwareProgressState.Transferring:
                    job.TransferStartedMs ??= nowMs;
                    break;
                case FirmwareProgressState.Transferred:
                    job.TransferredMs ??= nowMs;
                    job.BytesDone = row.BytesTotal;
                    job.EtaMs = 0;
                    break;
                case FirmwareProgressState.Queued:
                    job.BytesDone = 0;
                    job.Rate.Clear();
                    break;
            }
        }

        job.Record = row;
        if (FirmwareProgressTransitions.IsTerminal(row.State))
        {
            job.FinishedMs ??= nowMs;
            job.Leg = DistributionLeg.None;
            _jobs.Remove(job.Key);
        }

        Publish(job);
    }

    private void Publish(Job job)
    {
        FirmwareProgressRecord row = job.Record;
        var view = new DistributionProgress(
            job.Request.RequestId,
            row.RequestRowId,
            row.DeviceId,
            row.Component,
            DccAlertService.FirmwareVersionText(job.Image.Identity.FileVersion),
            row.State,
            job.Leg,
            row.State is FirmwareProgressState.Transferred or FirmwareProgressState.Activated ? row.BytesTotal : job.BytesDone,
            row.BytesTotal,
            job.EtaMs,
            row.Attempts,
            row.FailureReason,
            new DistributionTiming(job.StartedMs, job.OnHubMs, job.TransferStartedMs, job.TransferredMs, job.FinishedMs));
        _views[job.Key] = view;
        ProgressChanged?.Invoke(view);
    }

    private bool Current(Job job) => _jobs.TryGetValue(job.Key, out Job? held) && ReferenceEquals(held, job) && RefreshState(job);

    private bool RefreshState(Job job)
    {
        FirmwareProgressRecord? row = _store.Read(s => s.Firmware.FindProgress(job.Record.RequestRowId, job.Record.DeviceId));
        if (row is null || FirmwareProgressTransitions.IsTerminal(row.State))
        {
            Refresh(job);
            return false;
        }

        job.Record = row;
        return true;
    }

    private bool TryImage(string hash, out ImageInfo image)
    {
        if (_images.TryGetValue(hash, out image!))
        {
            return true;
        }

        byte[]? bytes = _store.Read(s => s.Firmware.ReadImage(hash));
        if (bytes is null || !HubSession.TryReadIdentity(bytes, out ImageIdentity identity))
        {
            return false;
        }

        image = new ImageInfo(hash, Convert.FromHexString(hash), bytes, identity);
        _images[hash] = image;
        return true;
    }

    private static FirmwareComponentId ComponentId(string component) => component switch
    {
        FirmwareComponents.SiLabs => FirmwareComponentId.SiLabs,
        FirmwareComponents.Broadcom => FirmwareComponentId.Broadcom,
        _ => FirmwareComponentId.Main,
    };

    private static string Confirmation(Job job) =>
        ComponentId(job.Record.Component) is FirmwareComponentId.Main or FirmwareComponentId.SiLabs ? "CS08" : "an Identity ping";

    private void Emit(string line) => Log?.Invoke(line);

    private sealed record ImageInfo(string Hash, byte[] HashBytes, byte[] Bytes, ImageIdentity Identity);

    /// <summary>The image's download by the hub (one per image, shared by every device waiting for it).</summary>
    private sealed class HubDelivery(ImageInfo image)
    {
        public ImageInfo Image { get; } = image;

        public bool Running { get; set; }

        public int Notifies { get; set; }

        public long Offset { get; set; }

        public long NextActionMs { get; set; } = WakeTime.Never;

        public RateEstimator Rate { get; } = new();
    }

    /// <summary>What the engine knows in memory about one device's update (rebuilt from the inventory after a restart).</summary>
    private sealed class Job(FirmwareProgressRecord record, FirmwareRequestRecord request, ImageInfo image, long startedMs)
    {
        public (long, Eui64) Key { get; } = (record.RequestRowId, record.DeviceId);

        public FirmwareProgressRecord Record { get; set; } = record;

        public FirmwareRequestRecord Request { get; } = request;

        public ImageInfo Image { get; } = image;

        public long StartedMs { get; } = startedMs;

        public long NextActionMs { get; set; } = WakeTime.Never;

        public bool Resumed { get; set; }

        public bool CallInFlight { get; set; }

        public bool NeedsVerify { get; set; }

        public int HubFailures { get; set; }

        public int ActivationChecks { get; set; }

        public long? ActivationDeadlineMs { get; set; }

        public DistributionLeg Leg { get; set; }

        public long BytesDone { get; set; }

        public long? EtaMs { get; set; }

        public long LastAdvanceMs { get; set; }

        public long LastPersistMs { get; set; }

        public long LastPublishMs { get; set; } = long.MinValue / 2;

        public RateEstimator Rate { get; } = new();

        public long? OnHubMs { get; set; }

        public long? TransferStartedMs { get; set; }

        public long? TransferredMs { get; set; }

        public long? FinishedMs { get; set; }
    }
}

/// <summary>Bytes per millisecond over a sliding window of samples, for an ETA.</summary>
internal sealed class RateEstimator
{
    private const int Window = 8;
    private readonly Queue<(long AtMs, long Bytes)> _samples = new();

    public bool IsEmpty => _samples.Count == 0;

    public void Add(long atMs, long bytes)
    {
        _samples.Enqueue((atMs, bytes));
        while (_samples.Count > Window)
        {
            _samples.Dequeue();
        }
    }

    public void Clear() => _samples.Clear();

    public long? EtaMs(long remainingBytes)
    {
        if (_samples.Count < 2)
        {
            return null;
        }

        (long firstMs, long firstBytes) = _samples.Peek();
        (long lastMs, long lastBytes) = _samples.Last();
        if (lastMs <= firstMs || lastBytes <= firstBytes)
        {
            return null;
        }

        double rate = (double)(lastBytes - firstBytes) / (lastMs - firstMs);
        return (long)Math.Ceiling(Math.Max(0, remainingBytes) / rate);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_samples.Count} samples");
}
