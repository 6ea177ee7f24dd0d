using HanBench.Host.Inventory;

namespace HanBench.Host.ServiceRequests;

/// <summary>SRV 11.2 Read Firmware Version.</summary>
/// <param name="RequestId">DUIS RequestID.</param>
/// <param name="DeviceId">The device (the request's business target).</param>
public sealed record ReadFirmwareVersionRequest(string RequestId, Eui64 DeviceId);

/// <summary>11.2's outcome.</summary>
/// <param name="ResponseCode">DUIS response code.</param>
/// <param name="Message">What happened.</param>
/// <param name="FirmwareVersion">What the device reported, when it answered.</param>
/// <param name="PreviousInventoryVersion">What the inventory held before.</param>
/// <param name="InventoryUpdated">Whether the inventory was changed to the device's answer.</param>
public sealed record ReadFirmwareVersionResult(
    string ResponseCode,
    string Message,
    string? FirmwareVersion,
    string? PreviousInventoryVersion,
    bool InventoryUpdated) : ServiceResult(ResponseCode, Message);

/// <summary>Handles SRV 11.2 through an <see cref="IDeviceGateway"/>.</summary>
public sealed class ReadFirmwareVersionHandler(InventoryStore store, IDeviceGateway gateway)
{
    /// <summary>
    /// Reads the version from the device. SECMP0170 §4.2: "If the Response to SRV11.2 contains a version of
    /// firmware different to the version in SMI, the SMI will be updated with the new version".
    /// </summary>
    public async Task<ReadFirmwareVersionResult> HandleAsync(ReadFirmwareVersionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string id = request.DeviceId.ToString();
        ReadFirmwareVersionResult? refusal = store.Write(session =>
        {
            ReadFirmwareVersionResult? problem = Precheck(session, request);
            return problem is null ? null : Audited.Finish(session, request.RequestId, ServiceReferenceVariants.ReadFirmwareVersion, id, problem);
        });
        if (refusal is not null)
        {
            return refusal;
        }

        // The device round trip happens outside any transaction: the inventory is not held while the HAN is slow.
        FirmwareVersionReading reading = await gateway.ReadFirmwareVersionAsync(request.DeviceId, cancellationToken).ConfigureAwait(false);
        return store.Write(session =>
        {
            ReadFirmwareVersionResult result = Record(session, request.DeviceId, reading);
            return Audited.Finish(session, request.RequestId, ServiceReferenceVariants.ReadFirmwareVersion, id, result);
        });
    }

    private static ReadFirmwareVersionResult? Precheck(InventorySession session, ReadFirmwareVersionRequest request)
    {
        if (session.Devices.Find(request.DeviceId) is not { } device)
        {
            return new ReadFirmwareVersionResult(DuisResponseCodes.UnknownDevice, $"{request.DeviceId} is not in the inventory", null, null, false);
        }

        if (device.Status is not (DeviceStatus.Commissioned or DeviceStatus.InstalledNotCommissioned))
        {
            return new ReadFirmwareVersionResult(DuisResponseCodes.InvalidDeviceStatus, $"{device.DeviceId} is {device.Status}; 11.2 needs a Commissioned or InstalledNotCommissioned device", null, null, false);
        }

        return null;
    }

    private static ReadFirmwareVersionResult Record(InventorySession session, Eui64 deviceId, FirmwareVersionReading reading)
    {
        DeviceRecord? device = session.Devices.Find(deviceId);
        string component = device is null ? FirmwareComponents.Main : FirmwareComponents.DuisVisible(device);
        string? previous = session.Devices.FirmwareVersion(deviceId, component);
        if (reading.Status != FirmwareVersionReadStatus.Read)
        {
            string code = reading.Status == FirmwareVersionReadStatus.NoResponse ? DuisResponseCodes.NoResponse : DuisResponseCodes.CannotCommunicate;
            return new ReadFirmwareVersionResult(code, $"{deviceId} firmware version not read: {reading.Detail ?? reading.Status.ToString()}", null, previous, false);
        }

        if (!DuisFieldRules.IsFirmwareVersion(reading.FirmwareVersion))
        {
            return new ReadFirmwareVersionResult(DuisResponseCodes.CannotCommunicate, $"{deviceId} answered with an unusable firmware version '{reading.FirmwareVersion}'", null, previous, false);
        }

        string version = reading.FirmwareVersion!;
        // The device may have been deleted while the read was in flight; then there is nothing to update.
        bool update = device is not null && !string.Equals(previous, version, StringComparison.OrdinalIgnoreCase);
        if (update)
        {
            session.Devices.SetFirmwareVersion(deviceId, component, version);
        }

        string note = update ? $"; inventory updated from {previous ?? "(none)"}" : "; inventory already held it";
        return new ReadFirmwareVersionResult(DuisResponseCodes.Success, $"{deviceId} runs firmware {version}{note}", version, previous, update);
    }
}
