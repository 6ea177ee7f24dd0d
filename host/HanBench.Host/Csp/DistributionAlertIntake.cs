using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Protocol.Gbcs;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Csp;

/// <summary>
/// Alert intake for <see cref="DistributionEngine"/>: the hub's typed alerts (<see cref="HubSession.TransferAlertReceived"/>,
/// <see cref="HubSession.ActivationAlertReceived"/>, <see cref="HubSession.ActivationOutcomeReceived"/>) become
/// <see cref="FirmwareUpdateEvent"/>s for the device's update, or, with none in progress, DCC alerts to every supplier.
/// A late or repeated alert changes nothing and raises nothing.
/// </summary>
internal sealed class DistributionAlertIntake
{
    private readonly DistributionEngine _engine;

    internal DistributionAlertIntake(DistributionEngine engine)
    {
        _engine = engine;
        HubSession session = engine.Session;
        session.TransferAlertReceived += alert => OnTransferAlert(new Eui64(alert.Device), alert.AlertCode, alert.FirmwareVersion, alert.Response, alert.HubTime);
        session.ActivationAlertReceived += alert => OnActivationAlert(new Eui64(alert.Device), alert.FirmwareVersion, alert.Result == PpmidFirmwareActivationResult.Success, alert.DeviceTime);
        session.ActivationOutcomeReceived += alert =>
        {
            if (alert.Device == engine.Hub.Value)
            {
                OnHubFutureActivation(alert);
            }
        };
    }

    /// <summary>
    /// The Comms Hub's outcome of a future-dated CS06 (RTDS 11.3 FUTURE_DATED: alert 0x8F66 actioned / 0x8F67 not
    /// actioned, message code 0x00CA). SECMP0024 §4.1 raises N64 when the hub "indicates new active firmware version";
    /// that is the same event as an immediate CS06 success, so it goes through the same
    /// <see cref="DccAlertService.OnCommsHubActivationResponse"/> (N64/N999 per supplier, the inventory's version, one
    /// idempotency key per hub and version: a repeated alert, or one after the immediate answer, issues nothing). The
    /// hub's 11.1 update waiting in Transferred ends in the same transaction as an immediate answer ends it
    /// (<see cref="FirmwareUpdateRecorder.CompleteActivation"/>): Activated for the version requested, else Failed naming
    /// both, no N39 — but only when the alert reports that update's activation: the CS06 it names by counter activated the
    /// update's image (<see cref="FutureActivationLedger"/>; one this host does not know: the version requested runs). An
    /// activation of another image the hub held leaves the update waiting for its own (review F12). 0x8F67 raises nothing
    /// (a failure code, as for an immediate CS06).
    /// </summary>
    private void OnHubFutureActivation(HubActivationOutcome alert)
    {
        ushort outcome = alert.AlertCode;
        string text = FirmwareVersionText.Of(alert.FirmwareVersion);
        byte[]? activated = _engine.Session.Gbcs.FutureActivations.Take(alert.Device, alert.CommandCounter);
        ActivateFirmwareResponseCode response = outcome == GbcsAlertCode.FutureDatedCommandActioned
            ? alert.Response ?? ActivateFirmwareResponseCode.Success
            : alert.Response is { } failed && failed != ActivateFirmwareResponseCode.Success ? failed : ActivateFirmwareResponseCode.ActivationFailure;
        _engine.Emit($"{_engine.Hub}: 0x{outcome:X4} (future-dated CS06 {(response == ActivateFirmwareResponseCode.Success ? "actioned" : $"not actioned, {response}")}), running {text}");
        string? waits = null;
        _engine.Commit(_engine.JobFor(_engine.Hub), s =>
        {
            var issued = new List<IssuedDccAlert>(_engine.Alerts.OnCommsHubActivationResponse(s, _engine.Hub, response, text));
            if (response != ActivateFirmwareResponseCode.Success)
            {
                return issued;
            }

            if (FirmwareUpdateRecorder.ActivatedUpdate(s, _engine.Hub, activated, text) is { } update)
            {
                issued.AddRange(_engine.Recorder.CompleteActivation(s, update.Progress, update.Request, text, $"0x{outcome:X4}"));
            }
            else if (s.Firmware.ActiveFor(_engine.Hub) is { } other && s.Firmware.FindRequest(other.RequestRowId) is { } request)
            {
                waits = $"{_engine.Hub}: 0x{outcome:X4} reports {(activated is null ? "a CS06 this CSP does not know" : $"the activation of image {Convert.ToHexStringLower(activated)[..12]}…")}, "
                    + $"not the one its update {request.RequestId} ({other.State}, {request.FirmwareVersion}) waits for; that update still waits for its own";
            }

            return issued;
        });
        if (waits is not null)
        {
            _engine.Emit(waits);
        }
    }

    private void OnTransferAlert(Eui64 device, ushort code, uint version, FirmwareTransferResponseCode response, DateTimeOffset? hubTime)
    {
        string text = FirmwareVersionText.Of(version);
        DistributionJob? job = _engine.JobFor(device);
        if (job is null)
        {
            if (IsRepeatOfFinished(device, text))
            {
                _engine.Emit($"{device}: 0x{code:X4} for {text} repeats a finished update; nothing to do");
                return;
            }

            // Not an update of ours: still the hub's alert, raised as N62 to every supplier.
            _engine.Commit(null, s => _engine.Alerts.OnFirmwareTransfer(s, _engine.Hub, device, code, text, response, hubTime));
            return;
        }

        FirmwareProgressState before = job.Record.State;
        FirmwareUpdateDecision? decision = job.IsTarget(version)
            ? _engine.Record(job, response == FirmwareTransferResponseCode.Success ? FirmwareUpdateEvent.TransferSucceeded : FirmwareUpdateEvent.TransferFailed, new FirmwareUpdateFacts
            {
                Version = text,
                TransferAlertCode = code,
                TransferResponse = response,
                HubTime = hubTime,
                Reason = $"0x{code:X4} response code {(byte)response} ({response})",
            })
            : null;
        if (decision is null or { Ignored: true })
        {
            _engine.Emit($"{device}: 0x{code:X4} for {text} while {before} (target {job.Request.FirmwareVersion}); ignored");
            return;
        }

        if (response == FirmwareTransferResponseCode.Success)
        {
            job.BytesDone = job.Record.BytesTotal;
            job.TransferredMs = _engine.Session.Clock.NowMs;
            job.NextActionMs = _engine.Session.Clock.NowMs;
        }
    }

    private void OnActivationAlert(Eui64 device, uint version, bool success, DateTimeOffset? deviceTime)
    {
        string text = FirmwareVersionText.Of(version);
        DistributionJob? job = _engine.JobFor(device);
        if (job is null)
        {
            if (IsRepeatOfFinished(device, text))
            {
                _engine.Emit($"{device}: 0x8F8B for {text} repeats a finished update; nothing to do");
                return;
            }

            _engine.Commit(null, s => _engine.Alerts.OnPpmidFirmwareActivation(s, device, text, success, deviceTime));
            return;
        }

        // A success names the target version; a failure fails the update whatever version the device still runs. A success
        // for another version than the request's is not this activation: never N39 (ActivationVerifier.FailIfOtherVersion).
        FirmwareProgressState before = job.Record.State;
        if (success && _engine.Verifier.FailIfOtherVersion(job, version, "0x8F8B"))
        {
            return;
        }

        FirmwareUpdateDecision? decision = job.IsTarget(version) || !success
            ? _engine.Record(job, success ? FirmwareUpdateEvent.Activated : FirmwareUpdateEvent.ActivationFailed, new FirmwareUpdateFacts { Version = text, DeviceTime = deviceTime })
            : null;
        if (decision is null or { Ignored: true })
        {
            _engine.Emit($"{device}: 0x8F8B for {text} while {before}; ignored");
        }
        else if (before is FirmwareProgressState.Transferring or FirmwareProgressState.OnHub)
        {
            // The hub's 0x8F8A was lost (the host was down), but the device runs the image: both steps at once.
            _engine.Emit($"{device}: 0x8F8B for {text} before any 0x8F8A; recorded the transfer too");
        }
    }

    /// <summary>Whether the device's latest update is finished and was for <paramref name="version"/> (a late or repeated alert).</summary>
    private bool IsRepeatOfFinished(Eui64 device, string version) => _engine.Store.Read(s =>
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
}
