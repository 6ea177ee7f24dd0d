using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.ServiceRequests;

/// <summary>SRV 8.2 Read Inventory by DeviceID.</summary>
/// <param name="RequestId">DUIS RequestID.</param>
/// <param name="DeviceId">The device; for a Comms Hub the devices on its whitelist are returned too.</param>
public sealed record ReadInventoryRequest(string RequestId, Eui64 DeviceId);

/// <summary>A device as 8.2 reports it: the inventory entry and its DUIS-visible firmware version.</summary>
/// <param name="Device">The inventory entry (its <see cref="DeviceRecord.AltHanVariant"/> is the DUIS HANVariant).</param>
/// <param name="FirmwareVersion">DeviceFirmwareVersion, if known.</param>
public sealed record InventoryView(DeviceRecord Device, string? FirmwareVersion);

/// <summary>8.2's outcome: the devices found (DUIS DSPInventory, at most 17).</summary>
public sealed record ReadInventoryResult(string ResponseCode, string Message, IReadOnlyList<InventoryView> Devices)
    : ServiceResult(ResponseCode, Message);

/// <summary>Handles SRV 8.2.</summary>
public sealed class ReadInventoryHandler(InventoryStore store)
{
    /// <summary>DUIS 5.4 <c>DSPInventory</c>: at most 17 Device elements.</summary>
    public const int MaxDevices = 17;

    /// <summary>Returns the device (and, for a Comms Hub, the devices on it), Alt HAN variant included (SECMP0170 §4.4).</summary>
    public ReadInventoryResult Handle(ReadInventoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return store.Write(session =>
        {
            ReadInventoryResult result = Read(session, request);
            return Audited.Finish(session, request.RequestId, ServiceReferenceVariants.ReadInventory, request.DeviceId.ToString(), result);
        });
    }

    private static ReadInventoryResult Read(InventorySession session, ReadInventoryRequest request)
    {
        if (session.Devices.Find(request.DeviceId) is not { } device)
        {
            return new ReadInventoryResult(DuisResponseCodes.ReadInventoryNothingFound, $"{request.DeviceId} is not in the inventory", []);
        }

        var found = new List<DeviceRecord> { device };
        if (device.Type == DeviceType.CHF)
        {
            found.AddRange(session.Devices.OnCommsHub(device.DeviceId).Take(MaxDevices - 1));
        }

        List<InventoryView> views = found
            .Select(d => new InventoryView(d, session.Devices.FirmwareVersion(d.DeviceId, FirmwareComponents.DuisVisible(d))))
            .ToList();
        string variant = device.AltHanVariant is { } v ? $", Alt HAN Device Variant {v}" : string.Empty;
        return new ReadInventoryResult(DuisResponseCodes.Success, $"{device.DeviceId}: {device.Type} {device.Status}{variant}; {views.Count} device(s) returned", views);
    }
}
