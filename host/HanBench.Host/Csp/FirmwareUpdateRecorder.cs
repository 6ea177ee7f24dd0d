using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Csp;

/// <summary>The details an event brings with it, for the alerts and the record (each optional).</summary>
public sealed record FirmwareUpdateFacts
{
    /// <summary>Why the update failed or is retried (kept as the progress' failure reason).</summary>
    public string? Reason { get; init; }

    /// <summary>The firmware version the event names (DUIS text, <see cref="FirmwareVersionText.Of"/>); default: the request's.</summary>
    public string? Version { get; init; }

    /// <summary>0x8F8A/0x8F89: the hub's alert code (default 0x8F8A for a success, 0x8F89 for a failure).</summary>
    public ushort? TransferAlertCode { get; init; }

    /// <summary>0x8F8A/0x8F89: the response code (default Success for a success).</summary>
    public FirmwareTransferResponseCode? TransferResponse { get; init; }

    /// <summary>The time the hub's alert carries.</summary>
    public DateTimeOffset? HubTime { get; init; }

    /// <summary>The time the device's alert carries.</summary>
    public DateTimeOffset? DeviceTime { get; init; }

    /// <summary>A retry is not due before this (inventory time); default: at once.</summary>
    public DateTimeOffset? RetryAtUtc { get; init; }

    /// <summary>No details.</summary>
    public static FirmwareUpdateFacts None { get; } = new();
}

/// <summary>The outcome of one recorded event: the machine's decision and the alerts newly issued.</summary>
public sealed record FirmwareUpdateOutcome(FirmwareUpdateDecision Decision, IReadOnlyList<IssuedDccAlert> Issued);

/// <summary>
/// Applies <see cref="FirmwareUpdateMachine"/> decisions to the inventory, in the caller's write transaction
/// (<c>store.Write(s =&gt; recorder.Apply(s, …))</c>): the alerts through <see cref="DccAlertService"/> (the writer,
/// each with its idempotency key) and the progress steps through <see cref="FirmwareQueue"/>, so a step and its alerts
/// commit together or not at all. Every move of a device's update goes through here: the distribution engine, CS06
/// (<see cref="ServiceRequests.ActivateFirmwareHandler"/>) and cancellation (<see cref="FirmwareCancellation"/>).
/// </summary>
public sealed class FirmwareUpdateRecorder
{
    /// <summary>A recorder writing alerts with <paramref name="alerts"/> and deciding with <paramref name="machine"/>.</summary>
    public FirmwareUpdateRecorder(DccAlertService? alerts = null, FirmwareUpdateMachine? machine = null)
    {
        Alerts = alerts ?? new DccAlertService();
        Machine = machine ?? new FirmwareUpdateMachine(DistributionSettings.Default.MaxAttempts);
    }

    /// <summary>The alert writer.</summary>
    public DccAlertService Alerts { get; }

    /// <summary>The state machine.</summary>
    public FirmwareUpdateMachine Machine { get; }

    /// <summary>Where <paramref name="row"/> stands, as the machine sees it.</summary>
    public static FirmwareUpdateState StateOf(FirmwareProgressRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new FirmwareUpdateState(row.State, row.DeviceId == row.CommsHubId, row.Attempts);
    }

    /// <summary>
    /// Records <paramref name="e"/> for <paramref name="deviceId"/>'s update in request row <paramref name="requestRowId"/>:
    /// the alerts first (they find the request while the update is still active), then the states.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such request or device in it.</exception>
    public FirmwareUpdateOutcome Apply(InventorySession session, long requestRowId, Eui64 deviceId, FirmwareUpdateEvent e, FirmwareUpdateFacts? facts = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        facts ??= FirmwareUpdateFacts.None;
        FirmwareProgressRecord row = session.Firmware.FindProgress(requestRowId, deviceId)
            ?? throw new InvalidOperationException($"no firmware progress for {deviceId} in request row {requestRowId}");
        FirmwareRequestRecord request = session.Firmware.FindRequest(requestRowId)
            ?? throw new InvalidOperationException($"no firmware request row {requestRowId}");
        FirmwareUpdateDecision decision = Machine.Decide(StateOf(row), e);
        var issued = new List<IssuedDccAlert>();
        foreach (FirmwareUpdateAlert alert in decision.Alerts)
        {
            issued.AddRange(Issue(session, row, request, e, alert, facts));
        }

        if (decision.Retry)
        {
            session.Firmware.ScheduleRetry(requestRowId, deviceId, decision.Next, facts.RetryAtUtc ?? session.Now, facts.Reason ?? $"{e}: retrying");
        }
        else
        {
            foreach (FirmwareProgressState state in decision.Path)
            {
                session.Firmware.Transition(requestRowId, deviceId, state, state == FirmwareProgressState.Failed ? FailureReason(row, e, facts) : null);
            }
        }

        return new FirmwareUpdateOutcome(decision, issued);
    }

    /// <summary>
    /// The device's update (with its request) that the activation it reports is for: the one whose file's Manufacturer Image
    /// is <paramref name="hash"/>, the image the CS06 asked for; with no hash known (a future-dated CS06 this host did not send,
    /// or sent before it restarted) the one that asked for <paramref name="version"/>, the version the device now runs, as
    /// nothing else ties them. Null when the device's update, if any, waits for another activation (review F12): an
    /// activation of another image never ends it. Whether it still waits is the machine's to say.
    /// </summary>
    public static (FirmwareProgressRecord Progress, FirmwareRequestRecord Request)? ActivatedUpdate(InventorySession session, Eui64 deviceId, byte[]? hash, string version)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Firmware.ActiveFor(deviceId) is not { } progress || session.Firmware.FindRequest(progress.RequestRowId) is not { } request)
        {
            return null;
        }

        bool same = hash is null
            ? FirmwareVersionText.Same(request.FirmwareVersion, version)
            : string.Equals(CentralProductList.NormaliseHash(request.ManufacturerImageHash), Convert.ToHexStringLower(hash), StringComparison.Ordinal);
        return same ? (progress, request) : null;
    }

    /// <summary>
    /// Ends <paramref name="progress"/>, a device's update waiting Transferred for its activation, once the device has said
    /// by <paramref name="source"/> (its immediate CS06 answer, or the Comms Hub's 0x8F66 for a future-dated CS06, RTDS
    /// 11.3) which version it now runs: Activated when that is the version <paramref name="request"/> asked for; otherwise
    /// Failed naming both, with the failure alert and never the activation's (two files with one Manufacturer Image and
    /// different headers). The one ending of both activation paths; the N64 naming what the hub runs is the caller's
    /// (SECMP0024 §4.1: N64 "will include the version of the active firmware on the Device").
    /// </summary>
    public IReadOnlyList<IssuedDccAlert> CompleteActivation(InventorySession session, FirmwareProgressRecord progress, FirmwareRequestRecord request, string version, string source)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(request);
        return FirmwareVersionText.Same(request.FirmwareVersion, version)
            ? Apply(session, progress.RequestRowId, progress.DeviceId, FirmwareUpdateEvent.HubActivated).Issued
            : Apply(session, progress.RequestRowId, progress.DeviceId, FirmwareUpdateEvent.OtherVersionRunning, new FirmwareUpdateFacts
            {
                Reason = $"the device answered {source} running {version}, not {request.FirmwareVersion} as requested",
                Version = version,
            }).Issued;
    }

    private IReadOnlyList<IssuedDccAlert> Issue(InventorySession session, FirmwareProgressRecord row, FirmwareRequestRecord request, FirmwareUpdateEvent e, FirmwareUpdateAlert alert, FirmwareUpdateFacts facts)
    {
        string version = facts.Version ?? request.FirmwareVersion;
        return alert switch
        {
            FirmwareUpdateAlert.DeliveredToHub => Alerts.OnCspDelivery(session, row.RequestRowId, row.DeviceId, CspDeliveryOutcome.Delivered),
            FirmwareUpdateAlert.DeliveryAttemptFailed => Alerts.OnCspDelivery(session, row.RequestRowId, row.DeviceId, CspDeliveryOutcome.Failed, row.Attempts),
            FirmwareUpdateAlert.CancelledOrExpired => Alerts.OnCspDelivery(session, row.RequestRowId, row.DeviceId, CspDeliveryOutcome.CancelledOrExpired),
            FirmwareUpdateAlert.FirmwareTransfer => e == FirmwareUpdateEvent.TransferFailed
                ? Alerts.OnFirmwareTransfer(session, row.CommsHubId, row.DeviceId, facts.TransferAlertCode ?? GbcsAlertCode.FirmwareTransferFailure, version,
                    facts.TransferResponse ?? FirmwareTransferResponseCode.FileTransferFailure, facts.HubTime)
                : Alerts.OnFirmwareTransfer(session, row.CommsHubId, row.DeviceId, GbcsAlertCode.FirmwareTransferSuccess, version, FirmwareTransferResponseCode.Success, facts.HubTime),
            FirmwareUpdateAlert.FirmwareActivation =>
                Alerts.OnPpmidFirmwareActivation(session, row.DeviceId, version, activated: e == FirmwareUpdateEvent.Activated, facts.DeviceTime),
            FirmwareUpdateAlert.DistributionFailure => Alerts.OnFirmwareDistributionFailure(session, request.RequestId, [row.DeviceId]),
            _ => throw new ArgumentOutOfRangeException(nameof(alert), alert, "not an update alert"),
        };
    }

    private static string FailureReason(FirmwareProgressRecord row, FirmwareUpdateEvent e, FirmwareUpdateFacts facts) => e switch
    {
        FirmwareUpdateEvent.ActivationFailed => facts.Reason ?? $"0x8F8B ActivationFailure (device reports {facts.Version})",
        FirmwareUpdateEvent.Cancelled => $"{facts.Reason ?? FirmwareCancellation.ByServiceUser} (N61)",
        FirmwareUpdateEvent.DeliveryAttemptFailed => $"{facts.Reason ?? "delivery to the Comms Hub failed"}; {row.Attempts + 1} attempts (N61)",
        FirmwareUpdateEvent.ImageLostByHub => $"{facts.Reason ?? "the Comms Hub lost the image"}; {row.Attempts + 1} attempts",
        _ => facts.Reason ?? e.ToString(),
    };
}
