using HanBench.Host.Inventory;

namespace HanBench.Host.Csp;

/// <summary>What happened to one device's firmware update (the input of <see cref="FirmwareUpdateMachine"/>).</summary>
public enum FirmwareUpdateEvent
{
    /// <summary>The CSP starts delivering the image to the device's Comms Hub.</summary>
    DeliveryBegun,

    /// <summary>The Comms Hub holds the image (its download ended SUCCESS, or it held the image already).</summary>
    ImageOnHub,

    /// <summary>One attempt to deliver the image to the Comms Hub failed.</summary>
    DeliveryAttemptFailed,

    /// <summary>The Comms Hub runs the HAN transfer (it accepted the distribution, or answered that it already runs it).</summary>
    TransferAccepted,

    /// <summary>The Comms Hub no longer holds the image it was to serve (a restart wiped it).</summary>
    ImageLostByHub,

    /// <summary>The update cannot go on (the hub refused the distribution, or the image is not one the hub can pull).</summary>
    Refused,

    /// <summary>0x8F8A: the device holds the whole image.</summary>
    TransferSucceeded,

    /// <summary>0x8F89: the HAN transfer failed.</summary>
    TransferFailed,

    /// <summary>The device runs the target image (0x8F8B ActivationSuccess, or a CS08/Identity read confirming it).</summary>
    Activated,

    /// <summary>0x8F8B ActivationFailure.</summary>
    ActivationFailed,

    /// <summary>The device still runs the old image after every activation check.</summary>
    NotActivated,

    /// <summary>
    /// The device reports (CS08, an Identity ping, an authenticated 0x8F8B success, or a Comms Hub's CS06 answer) that it
    /// runs another version than the one the request asked for (for a HAN device: nor the one it ran before).
    /// </summary>
    OtherVersionRunning,

    /// <summary>The Comms Hub runs its new image after CS06 (immediate answer or future-dated 0x8F66).</summary>
    HubActivated,

    /// <summary>The Service User cancels the update.</summary>
    Cancelled,
}

/// <summary>A DCC alert a step of an update raises (the DUIS codes of docs/PROTOCOL.md §4).</summary>
public enum FirmwareUpdateAlert
{
    /// <summary>N59: the CSP delivered the image to the Comms Hub.</summary>
    DeliveredToHub,

    /// <summary>N60: one delivery attempt failed.</summary>
    DeliveryAttemptFailed,

    /// <summary>N61: the delivery was cancelled or expired.</summary>
    CancelledOrExpired,

    /// <summary>N62: the Comms Hub's Firmware Transfer alert (0x8F8A/0x8F89).</summary>
    FirmwareTransfer,

    /// <summary>N39: the device's firmware activation alert (0x8F8B).</summary>
    FirmwareActivation,

    /// <summary>FirmwareDistributionFailure to the Service User that sent the request.</summary>
    DistributionFailure,
}

/// <summary>A command a step of an update sends to the Comms Hub.</summary>
public enum FirmwareUpdateCommand
{
    /// <summary>Offer the image to the hub's OTA client (the CSP → Comms Hub leg).</summary>
    DeliverToHub,

    /// <summary>Ask the hub to serve the image to the device (the HAN leg).</summary>
    Distribute,

    /// <summary>Ask the hub to stop the device's HAN transfer.</summary>
    StopTransfer,
}

/// <summary>Where one device's update stands, as the machine needs it.</summary>
/// <param name="Progress">The recorded state.</param>
/// <param name="IsHubImage">The update is of the Comms Hub's own image (11.1 for a CHF): no HAN leg.</param>
/// <param name="Attempts">Failed attempts counted so far.</param>
public readonly record struct FirmwareUpdateState(FirmwareProgressState Progress, bool IsHubImage, int Attempts);

/// <summary>
/// What an event does to an update: the states to record in order (empty: none), whether the last is a retry (a step
/// back that counts an attempt and waits a backoff), the DCC alerts to issue and the commands to send.
/// </summary>
public sealed record FirmwareUpdateDecision(
    FirmwareProgressState From,
    IReadOnlyList<FirmwareProgressState> Path,
    bool Retry,
    IReadOnlyList<FirmwareUpdateAlert> Alerts,
    IReadOnlyList<FirmwareUpdateCommand> Commands)
{
    /// <summary>The state after the step.</summary>
    public FirmwareProgressState Next => Path.Count == 0 ? From : Path[^1];

    /// <summary>The event changes nothing and raises nothing (late, repeated or out of place).</summary>
    public bool Ignored => Path.Count == 0 && Alerts.Count == 0 && Commands.Count == 0;
}

/// <summary>
/// The one place where a firmware update's next state is decided (docs/ARCHITECTURE.md "Distribution"): a pure function of
/// the update's state and an event, giving the states to record, the DCC alerts to issue and the commands to send.
/// It reads nothing and writes nothing; <see cref="FirmwareUpdateRecorder"/> applies a decision in one inventory
/// transaction. An event that does not fit the state (a late or repeated alert, one for a step already confirmed another
/// way) is ignored: nothing moves and no alert is issued, so each alert is issued at most once per update.
/// <list type="bullet">
/// <item>queued → delivering to hub → on hub (N59) → transferring → transferred (N62) → activated (N39) | failed.</item>
/// <item>A failed delivery attempt raises N60 and goes back to Queued; when the attempts are spent it raises N61 and
/// FirmwareDistributionFailure and fails (SECMP0170 §4.2 retries, HanBench's count).</item>
/// <item>The Comms Hub's own image has no HAN leg: once the hub holds it (N59) the hub is the device holding the whole
/// image, so it goes on to Transferred with no N62 and waits there for CS06 (SRV 11.3).</item>
/// <item>An activation seen while still transferring (0x8F8A lost while the host was down) records the transfer too:
/// N62 and N39.</item>
/// <item>A device that reports another version than the request's (and than it ran before) fails the update with
/// FirmwareDistributionFailure and no N39.</item>
/// </list>
/// </summary>
public sealed class FirmwareUpdateMachine
{
    private static readonly FirmwareProgressState[] None = [];
    private static readonly FirmwareUpdateAlert[] NoAlerts = [];
    private static readonly FirmwareUpdateCommand[] NoCommands = [];

    /// <summary>A machine that gives up delivering after <paramref name="maxAttempts"/> failed attempts.</summary>
    public FirmwareUpdateMachine(int maxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        MaxAttempts = maxAttempts;
    }

    /// <summary>Failed attempts (hub deliveries, hub losing the image) after which an update fails.</summary>
    public int MaxAttempts { get; }

    /// <summary>What <paramref name="e"/> does to an update in <paramref name="state"/>.</summary>
    public FirmwareUpdateDecision Decide(FirmwareUpdateState state, FirmwareUpdateEvent e)
    {
        FirmwareProgressState from = state.Progress;
        if (FirmwareProgressTransitions.IsTerminal(from))
        {
            return Ignore(from);
        }

        bool onHan = from is FirmwareProgressState.OnHub or FirmwareProgressState.Transferring;
        return e switch
        {
            FirmwareUpdateEvent.DeliveryBegun when from == FirmwareProgressState.Queued =>
                Step(from, [FirmwareProgressState.DeliveringToHub], NoAlerts, [FirmwareUpdateCommand.DeliverToHub]),
            FirmwareUpdateEvent.ImageOnHub when from == FirmwareProgressState.DeliveringToHub => state.IsHubImage
                ? Step(from, [FirmwareProgressState.OnHub, FirmwareProgressState.Transferring, FirmwareProgressState.Transferred], [FirmwareUpdateAlert.DeliveredToHub], NoCommands)
                : Step(from, [FirmwareProgressState.OnHub], [FirmwareUpdateAlert.DeliveredToHub], [FirmwareUpdateCommand.Distribute]),
            FirmwareUpdateEvent.ImageOnHub when onHan && state.IsHubImage =>
                // Resumed after a crash between N59 and the step on: the hub's own image has no HAN leg to wait for.
                Step(from, ToTransferred(from), NoAlerts, NoCommands),
            FirmwareUpdateEvent.DeliveryAttemptFailed when from == FirmwareProgressState.DeliveringToHub => LastAttempt(state)
                ? Step(from, [FirmwareProgressState.Failed], [FirmwareUpdateAlert.DeliveryAttemptFailed, FirmwareUpdateAlert.CancelledOrExpired, FirmwareUpdateAlert.DistributionFailure], NoCommands)
                : Retry(from, [FirmwareUpdateAlert.DeliveryAttemptFailed]),
            FirmwareUpdateEvent.TransferAccepted when from == FirmwareProgressState.OnHub && !state.IsHubImage =>
                Step(from, [FirmwareProgressState.Transferring], NoAlerts, NoCommands),
            FirmwareUpdateEvent.ImageLostByHub when onHan && !state.IsHubImage => LastAttempt(state)
                ? Step(from, [FirmwareProgressState.Failed], [FirmwareUpdateAlert.DistributionFailure], NoCommands)
                : Retry(from, NoAlerts),
            FirmwareUpdateEvent.Refused =>
                Step(from, [FirmwareProgressState.Failed], [FirmwareUpdateAlert.DistributionFailure], NoCommands),
            FirmwareUpdateEvent.TransferSucceeded when onHan && !state.IsHubImage =>
                Step(from, ToTransferred(from), [FirmwareUpdateAlert.FirmwareTransfer], NoCommands),
            FirmwareUpdateEvent.TransferFailed when onHan && !state.IsHubImage =>
                Step(from, [FirmwareProgressState.Failed], [FirmwareUpdateAlert.FirmwareTransfer], NoCommands),
            FirmwareUpdateEvent.Activated when from == FirmwareProgressState.Transferred && !state.IsHubImage =>
                Step(from, [FirmwareProgressState.Activated], [FirmwareUpdateAlert.FirmwareActivation], NoCommands),
            FirmwareUpdateEvent.Activated when onHan && !state.IsHubImage =>
                Step(from, [.. ToTransferred(from), FirmwareProgressState.Activated], [FirmwareUpdateAlert.FirmwareTransfer, FirmwareUpdateAlert.FirmwareActivation], NoCommands),
            FirmwareUpdateEvent.ActivationFailed when from == FirmwareProgressState.Transferred && !state.IsHubImage =>
                Step(from, [FirmwareProgressState.Failed], [FirmwareUpdateAlert.FirmwareActivation], NoCommands),
            FirmwareUpdateEvent.NotActivated when from == FirmwareProgressState.Transferred && !state.IsHubImage =>
                Step(from, [FirmwareProgressState.Failed], NoAlerts, NoCommands),
            FirmwareUpdateEvent.OtherVersionRunning when (onHan && !state.IsHubImage) || from == FirmwareProgressState.Transferred =>
                // Not the activation asked for: never N39 (SECMP0170 §4.2 "DCC Alert N39 will be used to notify the firmware
                // activation"), but the failure alert to the Service User that sent the request (§5.3 "Firmware update failure
                // scenarios"; the code is DccAlertSettings.FirmwareDistributionFailureAlertCode).
                Step(from, [FirmwareProgressState.Failed], [FirmwareUpdateAlert.DistributionFailure], NoCommands),
            FirmwareUpdateEvent.HubActivated when from == FirmwareProgressState.Transferred && state.IsHubImage =>
                // N64 belongs to the hub's CS06 answer, issued with or without an update (DccAlertService.OnCommsHubActivationResponse).
                Step(from, [FirmwareProgressState.Activated], NoAlerts, NoCommands),
            FirmwareUpdateEvent.Cancelled =>
                Step(from, [FirmwareProgressState.Failed], [FirmwareUpdateAlert.CancelledOrExpired], onHan && !state.IsHubImage ? [FirmwareUpdateCommand.StopTransfer] : NoCommands),
            _ => Ignore(from),
        };
    }

    private bool LastAttempt(FirmwareUpdateState state) => state.Attempts + 1 >= MaxAttempts;

    private static FirmwareProgressState[] ToTransferred(FirmwareProgressState from) => from == FirmwareProgressState.OnHub
        ? [FirmwareProgressState.Transferring, FirmwareProgressState.Transferred]
        : [FirmwareProgressState.Transferred];

    private static FirmwareUpdateDecision Step(FirmwareProgressState from, FirmwareProgressState[] path, FirmwareUpdateAlert[] alerts, FirmwareUpdateCommand[] commands) =>
        new(from, path, Retry: false, alerts, commands);

    private static FirmwareUpdateDecision Retry(FirmwareProgressState from, FirmwareUpdateAlert[] alerts) =>
        new(from, [FirmwareProgressState.Queued], Retry: true, alerts, NoCommands);

    private static FirmwareUpdateDecision Ignore(FirmwareProgressState from) => new(from, None, Retry: false, NoAlerts, NoCommands);
}
