using HanBench.Host.Alerts;
using HanBench.Host.Inventory;

namespace HanBench.Host.Csp;

/// <summary>One device's update that a cancellation ended.</summary>
/// <param name="RequestRowId">The request's row.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="StopTransfer">The Comms Hub may be serving it the image: the hub is to be told to stop.</param>
public sealed record CancelledUpdate(long RequestRowId, Eui64 DeviceId, bool StopTransfer);

/// <summary>What a cancellation did: the updates it ended and the alerts it issued (N61, once per device).</summary>
public sealed record FirmwareCancellationResult(string RequestId, IReadOnlyList<CancelledUpdate> Cancelled, IReadOnlyList<IssuedDccAlert> Issued);

/// <summary>
/// The one cancellation of a firmware distribution, used by <c>hanbench firmware cancel</c> and by
/// <see cref="DistributionEngine.Cancel"/>: every update of the request not yet Activated or Failed (or only one device's)
/// takes <see cref="FirmwareUpdateEvent.Cancelled"/> through the <see cref="FirmwareUpdateRecorder"/> (Failed and N61 in
/// the caller's transaction; a repeated cancel finds nothing left to end and issues nothing). The Comms Hub is told to
/// stop the transfers it runs by the engine attached to it: at once when the engine cancels, and when it next reads the
/// inventory when another process did (it sees an update it was transferring end Failed).
/// </summary>
public static class FirmwareCancellation
{
    /// <summary>The failure reason a Service User's cancel records (with " (N61)").</summary>
    public const string ByServiceUser = "cancelled by the Service User";

    /// <summary>Cancels request <paramref name="requestId"/> (or only <paramref name="deviceId"/>'s update in it).</summary>
    /// <exception cref="InvalidOperationException">No such request.</exception>
    public static FirmwareCancellationResult Cancel(InventorySession session, FirmwareUpdateRecorder recorder, string requestId, Eui64? deviceId = null, string reason = ByServiceUser) =>
        CancelIfKnown(session, recorder, requestId, deviceId, reason) ?? throw new InvalidOperationException($"no firmware request {requestId}");

    /// <summary>
    /// As <see cref="Cancel"/>, for a RequestID a person typed (<c>hanbench firmware cancel</c>): null when the inventory
    /// holds no such request, and nothing changed.
    /// </summary>
    public static FirmwareCancellationResult? CancelIfKnown(InventorySession session, FirmwareUpdateRecorder recorder, string requestId, Eui64? deviceId = null, string reason = ByServiceUser)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        if (session.Firmware.FindRequest(requestId) is not { } request)
        {
            return null;
        }

        var cancelled = new List<CancelledUpdate>();
        var issued = new List<IssuedDccAlert>();
        foreach (FirmwareProgressRecord progress in session.Firmware.Progress(request.RowId))
        {
            if (FirmwareProgressTransitions.IsTerminal(progress.State) || (deviceId is { } only && progress.DeviceId != only))
            {
                continue;
            }

            FirmwareUpdateOutcome outcome = recorder.Apply(session, request.RowId, progress.DeviceId, FirmwareUpdateEvent.Cancelled, new FirmwareUpdateFacts { Reason = reason });
            issued.AddRange(outcome.Issued);
            cancelled.Add(new CancelledUpdate(request.RowId, progress.DeviceId, outcome.Decision.Commands.Contains(FirmwareUpdateCommand.StopTransfer)));
        }

        return new FirmwareCancellationResult(request.RequestId, cancelled, issued);
    }
}
