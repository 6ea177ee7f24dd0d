using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.ServiceRequests;

/// <summary>SRV 11.3 Activate Firmware: CS06 to an ESME, GSME or Comms Hub.</summary>
/// <param name="RequestId">DUIS RequestID.</param>
/// <param name="DeviceId">The device (the request's business target).</param>
/// <param name="ManufacturerImageHash">DUIS FirmwareHash: SHA-256 of the Manufacturer Image, 64 hex digits.</param>
public sealed record ActivateFirmwareRequest(string RequestId, Eui64 DeviceId, string ManufacturerImageHash);

/// <summary>11.3's outcome.</summary>
/// <param name="ResponseCode">DUIS response code.</param>
/// <param name="Message">What happened.</param>
/// <param name="DeviceResponseCode">The CS06 response code, when the device answered.</param>
/// <param name="FirmwareVersion">The version the device reports running, when it answered.</param>
/// <param name="PreviousInventoryVersion">What the inventory held before.</param>
/// <param name="Alerts">DCC alerts issued (N64/N999 when a Comms Hub activated a new version).</param>
public sealed record ActivateFirmwareResult(
    string ResponseCode,
    string Message,
    ActivateFirmwareResponseCode? DeviceResponseCode,
    string? FirmwareVersion,
    string? PreviousInventoryVersion,
    IReadOnlyList<IssuedDccAlert> Alerts) : ServiceResult(ResponseCode, Message);

/// <summary>
/// Handles SRV 11.3 through an <see cref="IDeviceGateway"/>. HanBench choice: DUIS sends 11.3 as command variant 4
/// (the DCC returns a Pre-Command for the supplier to sign, then 8.1.1/CV 5 sends it); the bench plays both sides, so
/// it sends CS06 directly and answers with the outcome. A Comms Hub that answers with a new running version raises
/// N64/N999 (SECMP0024 §4.1) through <see cref="DccAlertService"/>; meters only get their inventory version updated.
/// A successful CS06 also ends the device's 11.1 update of that image (same Manufacturer Image hash) that waits,
/// Transferred, for its activation (a Comms Hub's own image: Csp.DistributionEngine) — Activated, in the same transaction.
/// </summary>
public sealed class ActivateFirmwareHandler(InventoryStore store, IDeviceGateway gateway, DccAlertService alerts)
{
    private readonly FirmwareUpdateRecorder _recorder = new(alerts);

    /// <summary>Checks the device, sends CS06 outside any transaction, then records the answer and its alerts together.</summary>
    /// <exception cref="ArgumentException">The hash is not 64 hex digits (the schema and the parser guarantee it for DUIS input).</exception>
    public async Task<ActivateFirmwareResult> HandleAsync(ActivateFirmwareRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] hash = Convert.FromHexString(CentralProductList.NormaliseHash(request.ManufacturerImageHash));
        string id = request.DeviceId.ToString();
        string srv = ServiceReferenceVariants.ActivateFirmware;
        ActivateFirmwareResult? refusal = store.Write(session =>
        {
            ActivateFirmwareResult? problem = Precheck(session, request.DeviceId);
            return problem is null ? null : Audited.Finish(session, request.RequestId, srv, id, problem);
        });
        if (refusal is not null)
        {
            return refusal;
        }

        FirmwareActivationReply reply = await gateway.ActivateFirmwareAsync(request.DeviceId, hash, cancellationToken).ConfigureAwait(false);
        return store.Write(session => Audited.Finish(session, request.RequestId, srv, id, Record(session, request.DeviceId, reply, hash)));
    }

    /// <summary>
    /// The device's update of the image just activated, waiting Transferred for this CS06, ends as the version the device
    /// now runs says (<see cref="FirmwareUpdateRecorder.CompleteActivation"/>, as for a future-dated CS06's 0x8F66).
    /// </summary>
    private IReadOnlyList<IssuedDccAlert> CompleteDistribution(InventorySession session, Eui64 deviceId, byte[] hash, string version) =>
        FirmwareUpdateRecorder.ActivatedUpdate(session, deviceId, hash, version) is { } update
            ? _recorder.CompleteActivation(session, update.Progress, update.Request, version, "CS06")
            : [];

    private static ActivateFirmwareResult? Precheck(InventorySession session, Eui64 deviceId)
    {
        if (session.Devices.Find(deviceId) is not { } device)
        {
            return Refused(DuisResponseCodes.UnknownDevice, $"{deviceId} is not in the inventory");
        }

        if (device.Type is not (DeviceType.ESME or DeviceType.GSME or DeviceType.CHF))
        {
            return Refused(DuisResponseCodes.NotApplicableToDevice, $"11.3 activates ESME, GSME or Comms Hub firmware; {deviceId} is a {device.Type} (a PPMID or Alt HAN bridge activates its own image, 0x8F8B)");
        }

        if (device.Status is not (DeviceStatus.Commissioned or DeviceStatus.InstalledNotCommissioned))
        {
            return Refused(DuisResponseCodes.InvalidDeviceStatus, $"{deviceId} is {device.Status}; 11.3 needs a Commissioned or InstalledNotCommissioned device");
        }

        return null;

        static ActivateFirmwareResult Refused(string code, string message) => new(code, message, null, null, null, []);
    }

    private ActivateFirmwareResult Record(InventorySession session, Eui64 deviceId, FirmwareActivationReply reply, byte[] hash)
    {
        string? previous = session.Devices.FirmwareVersion(deviceId, FirmwareComponents.Main);
        if (reply.Status != FirmwareVersionReadStatus.Read || reply.ResponseCode is not { } code)
        {
            string failure = reply.Status == FirmwareVersionReadStatus.NoResponse ? DuisResponseCodes.NoResponse : DuisResponseCodes.CannotCommunicate;
            return new(failure, $"{deviceId}: CS06 not answered: {reply.Detail ?? reply.Status.ToString()}", null, null, previous, []);
        }

        if (code != ActivateFirmwareResponseCode.Success)
        {
            // DUIS returns a device's answer as the service's outcome (I0); the CS06 code says it did not activate.
            return new(DuisResponseCodes.Success, $"{deviceId} answered CS06 with {code}: firmware not activated, still {previous ?? "(unknown)"}", code, reply.FirmwareVersion, previous, []);
        }

        if (!DuisFieldRules.IsFirmwareVersion(reply.FirmwareVersion))
        {
            return new(DuisResponseCodes.CannotCommunicate, $"{deviceId} answered CS06 with an unusable firmware version '{reply.FirmwareVersion}'", code, null, previous, []);
        }

        string version = reply.FirmwareVersion!;
        bool isHub = session.Devices.Find(deviceId)?.Type == DeviceType.CHF;
        IReadOnlyList<IssuedDccAlert> issued = [];
        if (isHub)
        {
            issued = alerts.OnCommsHubActivationResponse(session, deviceId, code, version);
        }
        else if (!string.Equals(previous, version, StringComparison.OrdinalIgnoreCase))
        {
            session.Devices.SetFirmwareVersion(deviceId, FirmwareComponents.Main, version);
        }

        issued = [.. issued, .. CompleteDistribution(session, deviceId, hash, version)];
        bool changed = !string.Equals(previous, version, StringComparison.OrdinalIgnoreCase);
        string alertNote = issued.Count == 0 ? string.Empty : $"; {string.Join(", ", issued.GroupBy(a => a.AlertCode).Select(g => $"{g.Count()}× {g.Key}"))} issued";
        string what = changed ? $"now runs {version} (was {previous ?? "unknown"})" : $"still runs {version}";
        return new(DuisResponseCodes.Success, $"{deviceId} activated firmware: {what}{alertNote}", code, version, previous, issued);
    }
}
