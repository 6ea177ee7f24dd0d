using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

/// <summary>
/// Activation verification for <see cref="DistributionEngine"/> (transferred → activated): waits for the device's 0x8F8B,
/// and when it does not come in time (or an alert was lost while the host was down) asks the device what it runs: CS08,
/// or an Identity ping for a component CS08 does not report (HanBench choice: SECMP0170 §4.2 has the DCC update the
/// inventory from an 11.2 read that differs). I/O and timers only.
/// </summary>
internal sealed class ActivationVerifier
{
    private readonly DistributionEngine _engine;

    internal ActivationVerifier(DistributionEngine engine)
    {
        _engine = engine;
    }

    /// <summary>Waits for the 0x8F8B until the activation time-out, then verifies.</summary>
    internal void AwaitActivation(DistributionJob job, long nowMs)
    {
        job.Leg = DistributionLeg.None;
        if (job.CallInFlight)
        {
            return;
        }

        if (job.ActivationDeadlineMs is not { } deadline)
        {
            job.ActivationDeadlineMs = nowMs + _engine.Settings.ActivationTimeoutMs;
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
    internal void Verify(DistributionJob job)
    {
        job.CallInFlight = true;
        FirmwareComponentId component = ComponentId(job.Record.Component);
        if (component is FirmwareComponentId.Main or FirmwareComponentId.SiLabs)
        {
            _engine.Session.ReadFirmwareVersion(job.Record.DeviceId.Value, call => OnVerified(job, call.Reply is FirmwareVersionResponse { ResponseCode: ReadFirmwareVersionResponseCode.Success } read ? read.FirmwareVersion : null));
        }
        else
        {
            _engine.Session.Ping(job.Record.DeviceId.Value, call => OnVerified(job, call.Reply?.Identity?.VersionOf(component)));
        }
    }

    private void OnVerified(DistributionJob job, uint? version)
    {
        job.CallInFlight = false;
        long nowMs = _engine.Session.Clock.NowMs;
        if (!_engine.IsCurrent(job))
        {
            return;
        }

        string text = job.Request.FirmwareVersion;
        if (version is { } read && job.IsTarget(read))
        {
            job.NeedsVerify = false;
            if (job.Record.State is FirmwareProgressState.Transferring or FirmwareProgressState.OnHub)
            {
                _engine.Emit($"{job.Record.DeviceId}: runs {text} (confirmed by {Confirmation(job)}); the transfer and activation alerts were lost");
                _engine.Record(job, FirmwareUpdateEvent.Activated, new FirmwareUpdateFacts { Version = text });
            }
            else if (job.Record.State == FirmwareProgressState.Transferred)
            {
                _engine.Emit($"{job.Record.DeviceId}: runs {text} (confirmed by {Confirmation(job)}); no 0x8F8B came");
                _engine.Record(job, FirmwareUpdateEvent.Activated, new FirmwareUpdateFacts { Version = text });
            }

            return;
        }

        if (version is null)
        {
            // No answer (a device restarting into new firmware takes tens of seconds): ask again later.
            job.NextActionMs = nowMs + _engine.Settings.ProgressPollMs * 2;
            return;
        }

        if (FailIfOtherVersion(job, version.Value, Confirmation(job)))
        {
            return;
        }

        if (job.Record.State == FirmwareProgressState.Transferred)
        {
            job.ActivationChecks++;
            if (job.ActivationChecks >= _engine.Settings.ActivationChecks)
            {
                _engine.Record(job, FirmwareUpdateEvent.NotActivated,
                    new FirmwareUpdateFacts { Reason = $"transferred but not activated: the device still runs {FirmwareVersionText.Of(version.Value)}" });
                return;
            }

            job.NextActionMs = nowMs + _engine.Settings.ActivationTimeoutMs / 2;
            return;
        }

        // Still the old version while transferring: ask the hub whether it still runs the transfer (DeviceBusy) or has
        // forgotten it (a hub restart; Accepted starts it again and the device resumes from its persisted offset).
        _engine.Transfers.Distribute(job, nowMs, probe: true);
    }

    /// <summary>
    /// When the device reports (by <paramref name="source"/>) that it runs <paramref name="version"/>, neither the request's
    /// version nor the one the inventory holds for it (a late alert of an earlier update names that one): the update fails
    /// with FirmwareDistributionFailure and no N39, and the inventory takes the version the device reports (SECMP0170 §4.2:
    /// "If the Response to SRV11.2 contains a version of firmware different to the version in SMI, the SMI will be
    /// updated"). False, changing nothing, for the target, the version held, or a device whose version is not on record.
    /// </summary>
    internal bool FailIfOtherVersion(DistributionJob job, uint version, string source)
    {
        string text = FirmwareVersionText.Of(version);
        Eui64 device = job.Record.DeviceId;
        string component = job.Record.Component;
        if (job.IsTarget(version) || _engine.Store.Read(s => s.Devices.FirmwareVersion(device, component)) is not { } held || FirmwareVersionText.Same(held, text))
        {
            return false;
        }

        string reason = $"the device reports ({source}) that it runs {text}, not {job.Request.FirmwareVersion} as requested (it ran {held})";
        _engine.Emit($"{device}: {reason}; the update failed (no N39)");
        _engine.Commit(job, s =>
        {
            s.Devices.SetFirmwareVersion(device, component, text);
            return _engine.Apply(s, job, FirmwareUpdateEvent.OtherVersionRunning, new FirmwareUpdateFacts { Reason = reason, Version = text });
        });
        return true;
    }

    private static FirmwareComponentId ComponentId(string component) =>
        FirmwareComponentNames.TryParse(component, out FirmwareComponentId id) ? id : FirmwareComponentId.Main;

    private static string Confirmation(DistributionJob job) =>
        ComponentId(job.Record.Component) is FirmwareComponentId.Main or FirmwareComponentId.SiLabs ? "CS08" : "an Identity ping";
}
