using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.ServiceRequests;

/// <summary>SRV 8.4 Update Inventory: one change to one device.</summary>
/// <param name="RequestId">DUIS RequestID.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="Change">What to change.</param>
public sealed record UpdateInventoryRequest(string RequestId, Eui64 DeviceId, InventoryChange Change);

/// <summary>The one change an 8.4 request makes (DUIS: a choice of elements).</summary>
public abstract record InventoryChange;

/// <summary>
/// UpdateDeviceStatusExceptCH (Pending, InstalledNotCommissioned) or UpdateDeviceStatusCH (Commissioned, Withdrawn,
/// InstalledNotCommissioned), by device type.
/// </summary>
/// <param name="Status">The new status.</param>
public sealed record StatusChange(DeviceStatus Status) : InventoryChange;

/// <summary>
/// UpdateDeviceDetails: only the fields given change. <paramref name="AltHanVariant"/> sets or changes a PPMID's
/// Alt HAN Device Variant (SECMP0170 §4.2; not in the DUIS 5.4 schema, so CLI/API only).
/// </summary>
/// <param name="Manufacturer">New DeviceManufacturer.</param>
/// <param name="Model">New DeviceModel.</param>
/// <param name="SmetsChtsVersion">New SMETSCHTSVersion.</param>
/// <param name="FirmwareVersion">New FirmwareVersion (the device's DUIS-visible component).</param>
/// <param name="EsmeVariant">New ESMEVariant (ESME only).</param>
/// <param name="AltHanVariant">New Alt HAN Device Variant (PPMID only).</param>
public sealed record DetailsChange(
    string? Manufacturer = null,
    string? Model = null,
    string? SmetsChtsVersion = null,
    string? FirmwareVersion = null,
    string? EsmeVariant = null,
    AltHanVariant? AltHanVariant = null) : InventoryChange;

/// <summary>DeleteDevice: removes a device that is still Pending.</summary>
public sealed record DeleteDeviceChange : InventoryChange;

/// <summary>Handles SRV 8.4.</summary>
public sealed class UpdateInventoryHandler(InventoryStore store)
{
    /// <summary>Validates the change against the device, then applies it.</summary>
    public ServiceResult Handle(UpdateInventoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return store.Write(session =>
        {
            ServiceResult result = Apply(session, request);
            return Audited.Finish(session, request.RequestId, ServiceReferenceVariants.UpdateInventory, request.DeviceId.ToString(), result);
        });
    }

    private static ServiceResult Apply(InventorySession session, UpdateInventoryRequest request)
    {
        string id = request.DeviceId.ToString();
        if (session.Devices.Find(request.DeviceId) is not { } device)
        {
            return ServiceResult.Refuse(DuisResponseCodes.UnknownDevice, $"{id} is not in the inventory");
        }

        switch (request.Change)
        {
            case StatusChange status:
                return ChangeStatus(session, device, status.Status);
            case DetailsChange details:
                return ChangeDetails(session, device, details);
            case DeleteDeviceChange:
                if (device.Status != DeviceStatus.Pending)
                {
                    return ServiceResult.Refuse(DuisResponseCodes.UpdateInventoryDeleteNotPending, $"{id} is {device.Status}; only a Pending device can be deleted");
                }

                // The inventory keeps a device's service history (DUIS has no code for this refusal: the delete's own).
                if (session.Devices.RecordsNaming(device.DeviceId) is { Count: > 0 } records)
                {
                    return ServiceResult.Refuse(DuisResponseCodes.UpdateInventoryDeleteNotPending,
                        $"{id} cannot be deleted: the inventory records {string.Join(", ", records)} for it, which it keeps; nothing changed");
                }

                session.Devices.Delete(device.DeviceId);
                return ServiceResult.Succeed($"{id} deleted from the inventory");
            default:
                throw new ArgumentException($"unknown inventory change {request.Change?.GetType().Name}", nameof(request));
        }
    }

    private static ServiceResult ChangeStatus(InventorySession session, DeviceRecord device, DeviceStatus status)
    {
        // DUIS 5.4 schema: UpdateDeviceStatusCH names Commissioned, Withdrawn, InstalledNotCommissioned for a Comms Hub;
        // UpdateDeviceStatusExceptCH names Pending, InstalledNotCommissioned for every other device.
        bool named = device.Type == DeviceType.CHF
            ? status is DeviceStatus.Commissioned or DeviceStatus.Withdrawn or DeviceStatus.InstalledNotCommissioned
            : status is DeviceStatus.Pending or DeviceStatus.InstalledNotCommissioned;
        if (!named)
        {
            string permitted = device.Type == DeviceType.CHF ? "Commissioned, Withdrawn or InstalledNotCommissioned" : "Pending or InstalledNotCommissioned";
            return ServiceResult.Refuse(DuisResponseCodes.UpdateInventoryInvalidStatus, $"{device.DeviceId}: 8.4 cannot set a {device.Type} to {status}; it may set {permitted}");
        }

        if (device.Type == DeviceType.CHF && CommsHubStepProblem(device.Status, status) is { } problem)
        {
            return ServiceResult.Refuse(DuisResponseCodes.UpdateInventoryInvalidStatus, $"{device.DeviceId}: {problem}");
        }

        DateOnly? commissioned = status == DeviceStatus.Commissioned && device.DateCommissioned is null
            ? DateOnly.FromDateTime(session.Now.UtcDateTime)
            : device.DateCommissioned;
        session.Devices.Update(device with { Status = status, DateCommissioned = commissioned });
        return ServiceResult.Succeed($"{device.DeviceId} status {device.Status} → {status}");
    }

    /// <summary>
    /// The Comms Hub lifecycle only goes forward, one step at a time: Pending → InstalledNotCommissioned (the hub is
    /// installed and on the SM WAN) → Commissioned, and Withdrawn once it was installed: the order in which the SEC's
    /// Communications Hub provisions (Section F, and the CH Installation and Maintenance Support Materials) have a hub
    /// installed, commissioned and later withdrawn; the DUIS 5.4 schema's UpdateDeviceStatusCH names the three targets but
    /// not the order. Skipping installation (Pending → Commissioned) or stepping back (Commissioned →
    /// InstalledNotCommissioned) would record a hub that never was; HanBench's reading, refused with E080405 like any
    /// other invalid status.
    /// </summary>
    private static string? CommsHubStepProblem(DeviceStatus from, DeviceStatus to) => (from, to) switch
    {
        (DeviceStatus.Pending, DeviceStatus.InstalledNotCommissioned) => null,
        (DeviceStatus.InstalledNotCommissioned, DeviceStatus.Commissioned) => null,
        (DeviceStatus.InstalledNotCommissioned or DeviceStatus.Commissioned, DeviceStatus.Withdrawn) => null,
        _ when from == to => $"the Comms Hub is {from} already",
        (DeviceStatus.Pending, DeviceStatus.Commissioned) => "a Pending Comms Hub must be InstalledNotCommissioned before Commissioned",
        (DeviceStatus.Pending, DeviceStatus.Withdrawn) => "a Pending Comms Hub was never installed; delete it (DeleteDevice) instead of withdrawing it",
        _ => $"a Comms Hub cannot go from {from} back to {to}",
    };

    private static ServiceResult ChangeDetails(InventorySession session, DeviceRecord device, DetailsChange change)
    {
        if (DuisFieldRules.DetailsProblem(device.DeviceId, device.Type, change.Manufacturer, change.Model, change.FirmwareVersion, change.EsmeVariant, change.AltHanVariant) is { } problem)
        {
            return ServiceResult.Refuse(DuisResponseCodes.UpdateInventoryInvalidVariant, problem);
        }

        DeviceRecord updated = device with
        {
            Manufacturer = change.Manufacturer ?? device.Manufacturer,
            Model = change.Model ?? device.Model,
            SmetsChtsVersion = change.SmetsChtsVersion ?? device.SmetsChtsVersion,
            // SECMP0170 §4.4 Data Manager: the Alt HAN variant is stored as the SMETS variant.
            SmetsVariant = change.AltHanVariant?.ToString() ?? change.EsmeVariant ?? device.SmetsVariant,
        };
        session.Devices.Update(updated);

        // SECMP0170 §4.2: a variant set by 8.4 makes a PPMID an Alt HAN bridge, whose one DUIS FirmwareVersion (its CS08
        // answer) names the SiLabs image; the version already known moves with it rather than being forgotten.
        string visibleBefore = FirmwareComponents.DuisVisible(device);
        string visibleAfter = FirmwareComponents.DuisVisible(updated);
        if (visibleBefore != visibleAfter
            && session.Devices.FirmwareVersion(device.DeviceId, visibleBefore) is { } carried
            && session.Devices.FirmwareVersion(device.DeviceId, visibleAfter) is null)
        {
            session.Devices.SetFirmwareVersion(device.DeviceId, visibleAfter, carried);
        }

        if (change.FirmwareVersion is not null)
        {
            session.Devices.SetFirmwareVersion(device.DeviceId, FirmwareComponents.DuisVisible(updated), change.FirmwareVersion);
        }

        string variantNote = change.AltHanVariant is { } v ? $" (Alt HAN Device Variant {device.AltHanVariant?.ToString() ?? "none"} → {v})" : string.Empty;
        return ServiceResult.Succeed($"{device.DeviceId} details updated{variantNote}");
    }
}
