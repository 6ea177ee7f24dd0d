using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

/// <summary>
/// The HAN leg of <see cref="DistributionEngine"/> (on hub → transferring → transferred): asks the hub to distribute the
/// image, then follows the device's own state reports for bytes and ETA, and has a transfer that stops advancing (or one
/// resumed after a restart) verified by <see cref="ActivationVerifier"/>. I/O and timers only.
/// </summary>
internal sealed class HanTransferMonitor
{
    private readonly DistributionEngine _engine;

    internal HanTransferMonitor(DistributionEngine engine)
    {
        _engine = engine;
    }

    /// <summary>Asks the hub to serve the job's image to its device (<paramref name="probe"/>: to learn whether it still runs the transfer).</summary>
    internal void Distribute(DistributionJob job, long nowMs, bool probe)
    {
        if (job.CallInFlight)
        {
            return;
        }

        job.CallInFlight = true;
        job.Leg = DistributionLeg.Han;
        _engine.Session.Distribute(job.Image.Identity, job.Image.HashBytes, [job.Record.DeviceId.Value], call => OnDistributed(job, call, probe));
    }

    private void OnDistributed(DistributionJob job, ManagementCall call, bool probe)
    {
        job.CallInFlight = false;
        long nowMs = _engine.Session.Clock.NowMs;
        if (!_engine.IsCurrent(job))
        {
            return;
        }

        if (call.Reply?.Distribute is not { } result)
        {
            // The hub did not answer (WAN down, hub restarting): try again after a backoff, in memory only.
            job.HubFailures++;
            job.NextActionMs = nowMs + _engine.Settings.BackoffMs(job.HubFailures - 1);
            _engine.Emit($"{job.Record.DeviceId}: no answer from hub {_engine.Hub} to the distribution request; retrying in {_engine.Settings.BackoffMs(job.HubFailures - 1) / 1000} s");
            return;
        }

        job.HubFailures = 0;
        switch (result.Status)
        {
            case DistributeStatus.Accepted:
            case DistributeStatus.DeviceBusy:
                // DeviceBusy: the hub already runs this device's transfer (a resent or pre-crash request was accepted).
                _engine.Record(job, FirmwareUpdateEvent.TransferAccepted);

                job.TransferStartedMs ??= nowMs;
                job.LastAdvanceMs = nowMs;
                job.NeedsVerify = false;
                job.NextActionMs = nowMs;
                if (probe)
                {
                    _engine.Emit($"{job.Record.DeviceId}: hub {_engine.Hub} answers {result.Status} for the transfer; waiting for it");
                }

                break;
            case DistributeStatus.ImageNotHeld:
                _engine.Emit($"{job.Record.DeviceId}: hub {_engine.Hub} no longer holds image {job.Image.Hash[..12]}…; delivering it again");
                _engine.Commit(job, s =>
                {
                    CspState.ForgetHubHolds(s, _engine.Hub, job.Image.Key);
                    return _engine.Apply(s, job, FirmwareUpdateEvent.ImageLostByHub,
                        new FirmwareUpdateFacts { Reason = "the Comms Hub no longer held the image", RetryAtUtc = s.Now.AddMilliseconds(_engine.Settings.BaseBackoffMs) });
                });
                job.NextActionMs = nowMs;
                break;
            case DistributeStatus.ConflictingImage:
            case DistributeStatus.TooManyTransfers:
                // The hub serves one version per image type, and has a transfer slot per Type 1 device: wait for it.
                job.NextActionMs = nowMs + _engine.Settings.HubBusyRetryMs;
                break;
            default:
                _engine.Record(job, FirmwareUpdateEvent.Refused, new FirmwareUpdateFacts { Reason = $"the Comms Hub refused the distribution: {result.Status}" });
                break;
        }
    }

    // ---- transferring → transferred (N62) ------------------------------------------------------------------------

    /// <summary>Polls the device's transfer; a stalled or resumed one is verified.</summary>
    internal void Monitor(DistributionJob job, long nowMs)
    {
        job.Leg = DistributionLeg.Han;
        job.TransferStartedMs ??= nowMs;
        if (job.LastAdvanceMs == 0)
        {
            job.LastAdvanceMs = nowMs;
        }

        if (job.CallInFlight)
        {
            job.NextActionMs = nowMs + _engine.Settings.ProgressPollMs;
            return;
        }

        if (job.Resumed || job.NeedsVerify || nowMs - job.LastAdvanceMs >= _engine.Settings.TransferStallMs)
        {
            // After a restart, or a transfer that stopped advancing: the 0x8F8A (and maybe 0x8F8B) may have been lost.
            job.Resumed = false;
            job.NeedsVerify = true;
            _engine.Verifier.Verify(job);
            return;
        }

        job.CallInFlight = true;
        _engine.Session.QueryState(job.Record.DeviceId.Value, call => OnState(job, call), RetryPolicy.Once(_engine.Settings.ProgressPollMs));
        job.NextActionMs = nowMs + _engine.Settings.ProgressPollMs;
    }

    private void OnState(DistributionJob job, ManagementCall call)
    {
        job.CallInFlight = false;
        long nowMs = _engine.Session.Clock.NowMs;
        if (!_engine.IsCurrent(job) || job.Record.State != FirmwareProgressState.Transferring)
        {
            return;
        }

        StateSnapshot? report = call.Reply?.Report;
        if (report is not null)
        {
            if (job.SilentPolls >= _engine.Settings.SilentPollsBeforeSaid)
            {
                _engine.Emit($"{job.Record.DeviceId}: answering again through hub {_engine.Hub}; its transfer stands at {report.TransferOffset} of {report.TransferSize} bytes");
            }

            job.SilentPolls = 0;
        }

        if (report is null || !report.TransferImage.SameAs(job.Image.Identity) || report.TransferSize == 0)
        {
            // No download of the image to see: one never started (whether the device, or only the hub, answered) is its
            // own note; one under way whose device stops answering has gone quiet.
            if (job.Rate.IsEmpty && job.BytesDone == 0)
            {
                NotStarted(job, nowMs);
            }
            else if (call.Reply is null && ++job.SilentPolls == _engine.Settings.SilentPollsBeforeSaid)
            {
                _engine.Emit($"{job.Record.DeviceId}: not answering through hub {_engine.Hub} for {job.SilentPolls} progress polls (its HAN link or the hub may be down); the transfer waits at {job.BytesDone} of {job.Record.BytesTotal} bytes");
                _engine.PersistBytes(job, nowMs, FirmwareProgressState.Transferring, quiet: true);
            }

            return;
        }

        job.Leg = DistributionLeg.Han;
        if (report.TransferOffset > job.BytesDone || job.Rate.IsEmpty)
        {
            if (job.UnstartedPolls >= _engine.Settings.UnstartedPollsBeforeSaid)
            {
                _engine.Emit($"{job.Record.DeviceId}: started its download through hub {_engine.Hub} after {WaitedSeconds(job, nowMs)} s");
            }

            job.UnstartedPolls = 0;
            job.LastAdvanceMs = nowMs;
            job.BytesDone = report.TransferOffset;
            job.Rate.Add(nowMs, report.TransferOffset);
            job.EtaMs = job.Rate.EtaMs(report.TransferSize - report.TransferOffset);
            _engine.PersistBytes(job, nowMs, FirmwareProgressState.Transferring);

            _engine.Publish(job);
        }
    }

    /// <summary>
    /// The device has not asked the hub for the image (board off, not on the hub's HAN), whether or not anything answered
    /// the poll: said after <see cref="DistributionSettings.UnstartedPollsBeforeSaid"/> polls and again every
    /// <see cref="DistributionSettings.UnstartedRepeatMs"/>, naming device and hub (audit B7), until it starts or the
    /// transfer stall check (<see cref="DistributionSettings.TransferStallMs"/>) takes over.
    /// </summary>
    private void NotStarted(DistributionJob job, long nowMs)
    {
        if (++job.UnstartedPolls < _engine.Settings.UnstartedPollsBeforeSaid || nowMs < job.NextUnstartedNoteMs)
        {
            return;
        }

        job.NextUnstartedNoteMs = nowMs + _engine.Settings.UnstartedRepeatMs;
        _engine.Emit($"{job.Record.DeviceId}: has not started its download through hub {_engine.Hub} for {WaitedSeconds(job, nowMs)} s: is it powered and on the hub's HAN?");
    }

    private static long WaitedSeconds(DistributionJob job, long nowMs) => (nowMs - (job.TransferStartedMs ?? nowMs)) / 1000;
}
