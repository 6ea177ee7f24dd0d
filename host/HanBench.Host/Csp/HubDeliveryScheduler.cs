using HanBench.Device.Roles;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Zcl;

namespace HanBench.Host.Csp;

/// <summary>
/// The CSP → Comms Hub leg of <see cref="DistributionEngine"/> (queued → delivering to hub → on hub, N59): one delivery
/// per image, shared by every device waiting for it, one at a time (the hub has one OTA client on its WAN side), notified
/// again when it stalls, N60 per failed attempt; bytes and ETA from the OTA server's blocks. I/O and timers only: every
/// step is decided by <see cref="FirmwareUpdateMachine"/>.
/// </summary>
internal sealed class HubDeliveryScheduler
{
    private readonly DistributionEngine _engine;
    // In the order they were queued, kept by the list itself: the next to start is the one waiting longest, and one that
    // leaves (a refusal, a failed attempt) and comes back after its back-off queues behind those that waited meanwhile
    // (review F6: a dictionary's enumeration order put it back in the slot it left). One per image; a hub's few.
    private readonly List<HubDelivery> _deliveries = [];

    internal HubDeliveryScheduler(DistributionEngine engine)
    {
        _engine = engine;
        _engine.Session.Images.Delivery += OnDelivery;
    }

    /// <summary>The earliest time a delivery needs a look (a stall check).</summary>
    internal long NextWakeMs => _deliveries.Select(d => d.NextActionMs).DefaultIfEmpty(WakeTime.Never).Min();

    /// <summary>Checks every delivery due by <paramref name="nowMs"/>.</summary>
    internal void Tick(long nowMs)
    {
        foreach (HubDelivery delivery in _deliveries.ToList())
        {
            if (delivery.NextActionMs <= nowMs)
            {
                StepDelivery(delivery, nowMs);
            }
        }
    }

    /// <summary>Queued → delivering to hub (→ on hub at once when the hub already holds the image).</summary>
    internal void Begin(DistributionJob job, long nowMs)
    {
        if (job.Record.NextRetryUtc is { } retry && retry > _engine.Store.Time.GetUtcNow())
        {
            job.NextActionMs = nowMs + (long)(retry - _engine.Store.Time.GetUtcNow()).TotalMilliseconds;
            return;
        }

        bool held = false;
        _engine.Commit(job, s =>
        {
            var issued = new List<IssuedDccAlert>(_engine.Apply(s, job, FirmwareUpdateEvent.DeliveryBegun));
            held = CspState.HubHolds(s, _engine.Hub, job.Image.Key);
            if (held)
            {
                issued.AddRange(_engine.Apply(s, job, FirmwareUpdateEvent.ImageOnHub));
            }

            return issued;
        });
        if (held)
        {
            _engine.Emit($"{job.Record.DeviceId}: hub {_engine.Hub} already holds image {job.Image.Hash[..12]}…");
        }

        job.NextActionMs = nowMs;
    }

    /// <summary>Makes sure the job's image is being, or will be, delivered to the hub.</summary>
    internal void Ensure(DistributionJob job, long nowMs)
    {
        if (!_deliveries.Exists(d => d.Image.Key == job.Image.Key))
        {
            _deliveries.Add(new HubDelivery(job.Image));
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
        if (_deliveries.Exists(d => d.Running))
        {
            return;
        }

        HubDelivery? next = _deliveries.FirstOrDefault(d => !d.WaitingForSpace);
        if (next is not null)
        {
            next.Running = true;
            Notify(next, nowMs);
        }
    }

    private void Notify(HubDelivery delivery, long nowMs)
    {
        delivery.Notifies++;
        delivery.NextActionMs = nowMs + _engine.Settings.DeliveryStallMs;
        _engine.Session.Images.DeliverImage(delivery.Image.Bytes);
    }

    private void StepDelivery(HubDelivery delivery, long nowMs)
    {
        List<DistributionJob> waiting = Waiting(delivery);
        if (waiting.Count == 0)
        {
            _deliveries.Remove(delivery);
            StartNextDelivery(nowMs);
            return;
        }

        if (delivery.WaitingForSpace)
        {
            // Its wait is over: offered again once no other delivery runs (it queued behind those waiting meanwhile).
            delivery.WaitingForSpace = false;
            delivery.NextActionMs = WakeTime.Never;
            StartNextDelivery(nowMs);
            return;
        }

        if (delivery.Notifies < _engine.Settings.DeliveryNotifiesPerAttempt)
        {
            _engine.Emit($"hub {_engine.Hub}: delivery of {delivery.Image.Hash[..12]}… stalled at {delivery.Offset:N0} bytes; notifying again");
            foreach (DistributionJob job in waiting)
            {
                _engine.PersistBytes(job, nowMs, FirmwareProgressState.DeliveringToHub, quiet: true);
            }

            Notify(delivery, nowMs);
            return;
        }

        FailAttempt(delivery, waiting, nowMs, $"the Comms Hub did not complete the download of the image ({delivery.Notifies} notifications)");
    }

    /// <summary>
    /// This delivery attempt failed: N60 for each device waiting, then back to Queued after a backoff, or N61 when the
    /// attempts are spent.
    /// </summary>
    private void FailAttempt(HubDelivery delivery, List<DistributionJob> waiting, long nowMs, string reason)
    {
        _deliveries.Remove(delivery);
        StartNextDelivery(nowMs);
        foreach (DistributionJob job in waiting)
        {
            int attempt = job.Record.Attempts;
            _engine.Commit(job, s => _engine.Apply(s, job, FirmwareUpdateEvent.DeliveryAttemptFailed,
                new FirmwareUpdateFacts { Reason = reason, RetryAtUtc = s.Now.AddMilliseconds(_engine.Settings.BackoffMs(attempt)) }));
        }
    }

    private void OnDelivery(HubDeliveryEvent e)
    {
        HubDelivery? delivery = _deliveries.Find(d => d.Running && d.Image.Identity.SameAs(e.Image));
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
                    // Only bytes renew the attempt's notifications and its stall time: a hub that starts and stops again at
                    // once (a refusal it cannot say, a restart loop) spends them, and one that asks for the image again and
                    // again without fetching a byte keeps no attempt alive for ever (audit B6, review F5).
                    if (e.Offset > delivery.Offset)
                    {
                        delivery.Notifies = 0;
                        delivery.NextActionMs = e.AtMs + _engine.Settings.DeliveryStallMs;
                    }

                    delivery.Offset = Math.Max(delivery.Offset, e.Offset);
                    delivery.Rate.Add(e.AtMs, delivery.Offset);
                    foreach (DistributionJob job in Waiting(delivery))
                    {
                        job.Leg = DistributionLeg.Hub;
                        job.BytesDone = delivery.Offset;
                        job.EtaMs = delivery.Rate.EtaMs(delivery.Image.Bytes.Length - delivery.Offset);
                        _engine.PersistBytes(job, e.AtMs, FirmwareProgressState.DeliveringToHub);
                        if (e.AtMs - job.LastPublishMs >= 250 || delivery.Offset == delivery.Image.Bytes.Length)
                        {
                            job.LastPublishMs = e.AtMs;
                            _engine.Publish(job);
                        }
                    }
                }

                break;
            case HubDeliveryEventKind.Delivered:
                _deliveries.Remove(delivery);
                foreach (DistributionJob job in Waiting(delivery))
                {
                    _engine.Commit(job, s =>
                    {
                        CspState.RecordHubHolds(s, _engine.Hub, job.Image.Key);
                        return _engine.Apply(s, job, FirmwareUpdateEvent.ImageOnHub);
                    });
                    job.NextActionMs = e.AtMs;
                }

                _engine.Store.Write(s => CspState.RecordHubHolds(s, _engine.Hub, delivery.Image.Key));
                StartNextDelivery(e.AtMs);
                _engine.Session.RequestWake();
                break;
            case HubDeliveryEventKind.Ended when e.Status == OtaStatus.InvalidImage:
                // The hub checked the whole image and refused it (a GBCS-signed image whose supplier signature does not
                // verify: GBCS 0x8F1C Firmware Verification Failed). Downloading it again changes nothing: the attempt failed.
                Refused(delivery, e, $"the Comms Hub refused the image: INVALID_IMAGE (0x{GbcsAlertCode.FirmwareVerificationFailed:X4} Firmware Verification Failed)", attemptOnly: true);
                break;
            case HubDeliveryEventKind.Ended when e.Status == OtaStatus.InsufficientSpace && HanTransfersInProgress() is > 0 and int holding:
                // The hub's image store has no room now (HubImageSink), and it holds images for transfers to HAN devices
                // that are still in progress: each ends (activation, cancellation or its own time-out) and the hub then
                // deletes its image, so the delivery waits for them without spending an attempt (audit N6, docs/PROTOCOL.md §1).
                WaitForSpace(delivery, e, holding);
                break;
            case HubDeliveryEventKind.Ended when e.Status == OtaStatus.InsufficientSpace:
                // No room, and no transfer the CSP runs will free any: this attempt failed (N60) and the next comes after
                // the back-off, N61 when they are spent (SECMP0170 §4.2 retries). The delivery leaves the queue, so other
                // images for the hub are not held behind it.
                Refused(delivery, e, $"the Comms Hub refused the image: INSUFFICIENT_SPACE (its image store has no room for {delivery.Image.Bytes.Length:N0} bytes now)", attemptOnly: true);
                break;
            case HubDeliveryEventKind.Ended when e.Status == OtaStatus.InvalidValue:
                // Larger than the hub's whole image store: no retry can succeed, so the update fails at once (HanBench choice).
                Refused(delivery, e, $"the Comms Hub refused the image: INVALID_VALUE (at {delivery.Image.Bytes.Length:N0} bytes it is larger than the hub's whole image store)", attemptOnly: false);
                break;
            case HubDeliveryEventKind.Ended:
            case HubDeliveryEventKind.TimedOut:
                // The hub gave up or went quiet: notify again at once (it resumes from its persisted offset).
                delivery.NextActionMs = e.AtMs;
                break;
        }
    }

    /// <summary>
    /// The hub said why it will not take the image: said on the CSP's output, and recorded as the update's failure reason,
    /// either as a spent attempt (<paramref name="attemptOnly"/>) or as the update's end.
    /// </summary>
    private void Refused(HubDelivery delivery, HubDeliveryEvent e, string reason, bool attemptOnly)
    {
        _engine.Emit($"hub {_engine.Hub}: {reason}; image {delivery.Image.Hash[..12]}…" + (attemptOnly ? "" : "; the update fails"));
        List<DistributionJob> waiting = Waiting(delivery);
        if (attemptOnly)
        {
            FailAttempt(delivery, waiting, e.AtMs, reason);
        }
        else
        {
            _deliveries.Remove(delivery);
            StartNextDelivery(e.AtMs);
            foreach (DistributionJob job in waiting)
            {
                _engine.Record(job, FirmwareUpdateEvent.Refused, new FirmwareUpdateFacts { Reason = reason });
            }
        }

        _engine.Session.RequestWake();
    }

    /// <summary>
    /// The hub has no room for the image while <paramref name="holding"/> transfers to HAN devices hold images on it: the
    /// delivery steps out of the queue (others go first) and is offered again after <see cref="DistributionSettings.BaseBackoffMs"/>,
    /// said once per delivery, with no N60 and no attempt spent: the wait ends when those transfers do.
    /// </summary>
    private void WaitForSpace(HubDelivery delivery, HubDeliveryEvent e, int holding)
    {
        _deliveries.Remove(delivery);
        delivery.Running = false;
        delivery.Notifies = 0;
        delivery.WaitingForSpace = true;
        delivery.NextActionMs = e.AtMs + _engine.Settings.BaseBackoffMs;
        _deliveries.Add(delivery);
        if (!delivery.SpaceWaitSaid)
        {
            delivery.SpaceWaitSaid = true;
            _engine.Emit($"hub {_engine.Hub}: the Comms Hub has no room for image {delivery.Image.Hash[..12]}… ({delivery.Image.Bytes.Length:N0} bytes) while {holding} transfer(s) to its HAN devices hold images on it; waiting for them to end (no attempt spent)");
        }

        StartNextDelivery(e.AtMs);
        _engine.Session.RequestWake();
    }

    // Transfers whose image is on the hub and not yet done with (on hub, or moving to the device): each ends, and the hub
    // deletes an image once no transfer of it is left.
    private int HanTransfersInProgress() =>
        _engine.Jobs.Count(j => j.Record.State is FirmwareProgressState.OnHub or FirmwareProgressState.Transferring);

    private List<DistributionJob> Waiting(HubDelivery delivery) =>
        _engine.Jobs.Where(j => j.Image.Key == delivery.Image.Key && j.Record.State == FirmwareProgressState.DeliveringToHub).ToList();

    /// <summary>The image's download by the hub (one per image, shared by every device waiting for it).</summary>
    private sealed class HubDelivery(DistributionImage image)
    {
        public DistributionImage Image { get; } = image;

        public bool Running { get; set; }

        public int Notifies { get; set; }

        /// <summary>Stepped out of the queue: the hub had no room while its transfers in progress hold images.</summary>
        public bool WaitingForSpace { get; set; }

        /// <summary>Whether the wait for room was said (once per delivery).</summary>
        public bool SpaceWaitSaid { get; set; }

        public long Offset { get; set; }

        public long NextActionMs { get; set; } = WakeTime.Never;

        public RateEstimator Rate { get; } = new();
    }
}
