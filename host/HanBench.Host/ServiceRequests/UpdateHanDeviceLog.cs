using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.ServiceRequests;

/// <summary>8.11 RequestType.</summary>
public enum HanDeviceLogAction
{
    /// <summary>Add the device to the Comms Hub's whitelist.</summary>
    Add,

    /// <summary>Remove it.</summary>
    Remove,
}

/// <summary>SRV 8.11 Update HAN Device Log: add a device to, or remove it from, a Comms Hub's whitelist.</summary>
/// <param name="RequestId">DUIS RequestID.</param>
/// <param name="CommsHubId">The Comms Hub (the request's business target).</param>
/// <param name="DeviceId">The device to add or remove.</param>
/// <param name="Action">Add or Remove.</param>
/// <param name="JoinTimePeriodSeconds">Add only: 1–3600 s.</param>
/// <param name="InstallCode">Add only: 6–16 octets as hex.</param>
public sealed record UpdateHanDeviceLogRequest(
    string RequestId,
    Eui64 CommsHubId,
    Eui64 DeviceId,
    HanDeviceLogAction Action,
    int? JoinTimePeriodSeconds = null,
    string? InstallCode = null);

/// <summary>Handles SRV 8.11.</summary>
public sealed class UpdateHanDeviceLogHandler(InventoryStore store, ServiceRequestSettings? settings = null)
{
    private const int MinInstallCodeOctets = 6;
    private const int MaxInstallCodeOctets = 16;

    private readonly ServiceRequestSettings _settings = settings ?? ServiceRequestSettings.Default;

    /// <summary>
    /// Validates, then updates the whitelist. An Alt HAN device added successfully becomes Commissioned (SECMP0170
    /// §4.4: "On successful 8.11, set PPMID to Commissioned when Alt HAN Variant is set"); another Pending device
    /// becomes Whitelisted.
    /// </summary>
    public ServiceResult Handle(UpdateHanDeviceLogRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return store.Write(session =>
        {
            ServiceResult result = Apply(session, request);
            return Audited.Finish(session, request.RequestId, ServiceReferenceVariants.UpdateHanDeviceLog, $"{request.CommsHubId} {request.Action} {request.DeviceId}", result);
        });
    }

    private ServiceResult Apply(InventorySession session, UpdateHanDeviceLogRequest request)
    {
        if (session.Devices.Find(request.CommsHubId) is not { } hub)
        {
            return ServiceResult.Refuse(DuisResponseCodes.UnknownDevice, $"Comms Hub {request.CommsHubId} is not in the inventory");
        }

        if (hub.Type != DeviceType.CHF)
        {
            return ServiceResult.Refuse(DuisResponseCodes.NotApplicableToDevice, $"8.11 is addressed to a Comms Hub (CHF); {hub.DeviceId} is a {hub.Type}");
        }

        if (hub.Status is not (DeviceStatus.Commissioned or DeviceStatus.InstalledNotCommissioned))
        {
            return ServiceResult.Refuse(DuisResponseCodes.InvalidDeviceStatus, $"Comms Hub {hub.DeviceId} is {hub.Status}; its HAN device log can be updated when Commissioned or InstalledNotCommissioned");
        }

        if (session.Devices.Find(request.DeviceId) is not { } device)
        {
            return ServiceResult.Refuse(DuisResponseCodes.UnknownDevice, $"{request.DeviceId} is not in the inventory (pre-notify it with 12.2 first)");
        }

        return request.Action == HanDeviceLogAction.Add ? Add(session, request, hub, device) : Remove(session, hub, device);
    }

    private ServiceResult Add(InventorySession session, UpdateHanDeviceLogRequest request, DeviceRecord hub, DeviceRecord device)
    {
        string id = device.DeviceId.ToString();
        if (device.Type is DeviceType.CHF or DeviceType.GPF)
        {
            return ServiceResult.Refuse(DuisResponseCodes.NotApplicableToDevice, $"{id} is a {device.Type}; only HAN devices go on a Comms Hub's whitelist");
        }

        if (device.Status is DeviceStatus.Decommissioned or DeviceStatus.Withdrawn or DeviceStatus.Suspended)
        {
            return ServiceResult.Refuse(DuisResponseCodes.InvalidDeviceStatus, $"{id} is {device.Status} and cannot be added to a HAN");
        }

        if (request.JoinTimePeriodSeconds is not { } join || join < 1 || join > _settings.MaxJoinTimePeriodSeconds)
        {
            return ServiceResult.Refuse(DuisResponseCodes.HanLogInvalidJoinDetails, $"JoinTimePeriod {request.JoinTimePeriodSeconds?.ToString() ?? "(missing)"} s is outside 1–{_settings.MaxJoinTimePeriodSeconds} s");
        }

        if (!IsInstallCode(request.InstallCode))
        {
            return ServiceResult.Refuse(DuisResponseCodes.HanLogInvalidJoinDetails, $"InstallCode '{request.InstallCode}' must be {MinInstallCodeOctets}–{MaxInstallCodeOctets} octets of hex");
        }

        if (device.CommsHubId is { } otherHub && otherHub != hub.DeviceId)
        {
            return ServiceResult.Refuse(DuisResponseCodes.HanLogDeviceOnAnotherHub, $"{id} is on Comms Hub {otherHub}'s whitelist; remove it there first");
        }

        bool alreadyHere = device.CommsHubId == hub.DeviceId;
        if (DeviceTypes.IsType1(device.Type) && !alreadyHere)
        {
            // SECMP0170 §4.2: a Comms Hub allows up to six Type 1 devices (PPMID or HCALCS); Alt HAN bridges are PPMIDs.
            List<DeviceRecord> type1 = session.Devices.OnCommsHub(hub.DeviceId).Where(d => DeviceTypes.IsType1(d.Type)).ToList();
            if (type1.Count >= _settings.MaxType1DevicesPerCommsHub)
            {
                string held = string.Join(", ", type1.Select(d => d.IsAltHan ? $"{d.DeviceId} (Alt HAN {d.AltHanVariant})" : $"{d.DeviceId} ({d.Type})"));
                return ServiceResult.Refuse(
                    DuisResponseCodes.HanLogType1LimitReached,
                    $"Comms Hub {hub.DeviceId} already holds {type1.Count} Type 1 devices (PPMID/HCALCS, Alt HAN bridges included), the most it accepts: {held}; {id} was not added");
            }
        }

        DeviceStatus status = device.IsAltHan ? DeviceStatus.Commissioned
            : device.Status == DeviceStatus.Pending ? DeviceStatus.Whitelisted
            : device.Status;
        DateOnly? commissioned = status == DeviceStatus.Commissioned && device.DateCommissioned is null
            ? DateOnly.FromDateTime(session.Now.UtcDateTime)
            : device.DateCommissioned;
        session.Devices.Update(device with
        {
            CommsHubId = hub.DeviceId,
            InstallCode = request.InstallCode!.ToUpperInvariant(),
            JoinTimePeriodSeconds = join,
            Status = status,
            DateCommissioned = commissioned,
        });
        string why = device.IsAltHan ? " (Alt HAN device: Commissioned on 8.11, SECMP0170 §4.4)" : string.Empty;
        return ServiceResult.Succeed($"{id} added to Comms Hub {hub.DeviceId}'s whitelist for {join} s; status {device.Status} → {status}{why}");
    }

    private static ServiceResult Remove(InventorySession session, DeviceRecord hub, DeviceRecord device)
    {
        if (device.CommsHubId != hub.DeviceId)
        {
            return ServiceResult.Refuse(DuisResponseCodes.HanLogDeviceNotOnHub, $"{device.DeviceId} is not on Comms Hub {hub.DeviceId}'s whitelist");
        }

        // HanBench choice: removal clears the association and join details; the SMI status is left to 8.4/8.3.
        session.Devices.Update(device with { CommsHubId = null, InstallCode = null, JoinTimePeriodSeconds = null });
        return ServiceResult.Succeed($"{device.DeviceId} removed from Comms Hub {hub.DeviceId}'s whitelist");
    }

    private static bool IsInstallCode(string? hex) =>
        hex is not null
        && hex.Length % 2 == 0
        && hex.Length / 2 is >= MinInstallCodeOctets and <= MaxInstallCodeOctets
        && hex.All(Uri.IsHexDigit);
}
