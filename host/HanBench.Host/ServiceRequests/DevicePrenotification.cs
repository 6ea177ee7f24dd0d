using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.ServiceRequests;

/// <summary>SRV 12.2 Device Pre-notification: adds a device to the inventory as Pending.</summary>
/// <param name="RequestId">DUIS RequestID (for the audit log).</param>
/// <param name="DeviceId">The device.</param>
/// <param name="Manufacturer">DeviceManufacturer (1–30 characters).</param>
/// <param name="Model">DeviceModel (1–30 characters).</param>
/// <param name="DeviceType">DeviceType.</param>
/// <param name="SmetsChtsVersion">SMETSCHTSVersion, optional.</param>
/// <param name="FirmwareVersion">FirmwareVersion (1–8 characters), optional; kept as the device's DUIS-visible component (<see cref="FirmwareComponents.DuisVisible(DeviceRecord)"/>).</param>
/// <param name="EsmeVariant">ESMEVariant, ESME only.</param>
/// <param name="AltHanVariant">
/// Alt HAN Device Variant, PPMID only (SECMP0170 §4.2: "the same needs to be provided as part of device
/// pre-notification using SRV 12.2"). The DUIS 5.4 schema has no element for it in DevicePrenotification, so it
/// arrives through the CLI/API (or a later schema).
/// </param>
/// <param name="BroadcomVersion">
/// The Broadcom image's version of an Alt HAN bridge B1–B3, optional: such a bridge holds two independent images
/// (SECMP0170 §4.3) and DUIS's one FirmwareVersion names the SiLabs one, so the other arrives through the CLI/API.
/// </param>
public sealed record DevicePrenotificationRequest(
    string RequestId,
    Eui64 DeviceId,
    string Manufacturer,
    string Model,
    DeviceType DeviceType,
    string? SmetsChtsVersion = null,
    string? FirmwareVersion = null,
    string? EsmeVariant = null,
    AltHanVariant? AltHanVariant = null,
    string? BroadcomVersion = null);

/// <summary>Handles SRV 12.2.</summary>
public sealed class DevicePrenotificationHandler(InventoryStore store)
{
    /// <summary>Validates, then adds the device as Pending with its variant in the SMETS Variant field.</summary>
    public ServiceResult Handle(DevicePrenotificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return store.Write(session =>
        {
            ServiceResult result = Apply(session, request);
            return Audited.Finish(session, request.RequestId, ServiceReferenceVariants.DevicePrenotification, request.DeviceId.ToString(), result);
        });
    }

    private static ServiceResult Apply(InventorySession session, DevicePrenotificationRequest request)
    {
        string id = request.DeviceId.ToString();
        // Manufacturer and model are mandatory in 12.2 (non-null here), so they are always checked.
        if (Problem(request) is { } problem)
        {
            return ServiceResult.Refuse(DuisResponseCodes.PrenotificationInvalidDetails, problem);
        }

        if (session.Devices.Find(request.DeviceId) is { } existing)
        {
            return ServiceResult.Refuse(DuisResponseCodes.PrenotificationDuplicate, $"{id} is already in the inventory as a {existing.Type} ({existing.Status})");
        }

        var device = new DeviceRecord(
            request.DeviceId,
            request.DeviceType,
            DeviceStatus.Pending,
            request.Manufacturer,
            request.Model,
            request.SmetsChtsVersion,
            request.AltHanVariant?.ToString() ?? request.EsmeVariant,
            CommsHubId: null,
            InstallCode: null,
            JoinTimePeriodSeconds: null,
            DateCommissioned: null);
        session.Devices.Insert(device);
        if (request.FirmwareVersion is not null)
        {
            session.Devices.SetFirmwareVersion(request.DeviceId, FirmwareComponents.DuisVisible(device), request.FirmwareVersion);
        }

        if (request.BroadcomVersion is not null)
        {
            session.Devices.SetFirmwareVersion(request.DeviceId, FirmwareComponents.Broadcom, request.BroadcomVersion);
        }

        string what = device.IsAltHan ? $"Alt HAN bridge {device.AltHanVariant} (PPMID)" : request.DeviceType.ToString();
        return ServiceResult.Succeed($"{id} pre-notified as {what}, status Pending");
    }

    /// <summary>
    /// What is wrong with a pre-notification's fields (E120201's message), or null: the DUIS field rules, and a Broadcom
    /// version only on a bridge B1–B3 (B4 holds a SiLabs image only, SECMP0170 §4.3). Shared with the bulk handler.
    /// </summary>
    internal static string? Problem(DevicePrenotificationRequest r)
    {
        if (DuisFieldRules.DetailsProblem(r.DeviceId, r.DeviceType, r.Manufacturer, r.Model, r.FirmwareVersion, r.EsmeVariant, r.AltHanVariant) is { } problem)
        {
            return problem;
        }

        if (r.BroadcomVersion is not { } broadcom)
        {
            return null;
        }

        if (r.AltHanVariant is null or AltHanVariant.B4)
        {
            return $"{r.DeviceId}: only an Alt HAN bridge B1–B3 holds a Broadcom image, not {(r.AltHanVariant is null ? "a device without an Alt HAN variant" : "a B4")}";
        }

        return DuisFieldRules.DetailsProblem(r.DeviceId, r.DeviceType, null, null, broadcom, null, null)?.Replace("FirmwareVersion", "Broadcom version", StringComparison.Ordinal);
    }
}
