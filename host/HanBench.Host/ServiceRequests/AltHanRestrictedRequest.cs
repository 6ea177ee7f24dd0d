using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.ServiceRequests;

/// <summary>
/// SRV 8.7.2 Join Service (Non-Critical), 8.8.2 Unjoin Service (Non-Critical) or 8.9 Read Device Log — the
/// requests SECMP0170 §4.2 says are not applicable to Alt HAN P2P devices.
/// </summary>
/// <param name="RequestId">DUIS RequestID.</param>
/// <param name="ServiceReferenceVariant">"8.7.2", "8.8.2" or "8.9".</param>
/// <param name="TargetDeviceId">The business target (from the RequestID).</param>
/// <param name="OtherDeviceId">8.7.2/8.8.2 OtherDeviceID: the device joined to or unjoined from the target.</param>
public sealed record AltHanRestrictedRequest(string RequestId, string ServiceReferenceVariant, Eui64 TargetDeviceId, Eui64? OtherDeviceId = null);

/// <summary>Handles 8.7.2, 8.8.2 and 8.9: refuses them for Alt HAN devices.</summary>
public sealed class AltHanRestrictedHandler(InventoryStore store)
{
    /// <summary>
    /// Refuses the request (E11) when the target or the other device is an Alt HAN device (SECMP0170 §4.4 "Add
    /// validation checks to prevent use of SRVs 8.7.2, 8.8.2 and 8.9 with Alt HAN devices"). Otherwise the request
    /// is valid, but HanBench does not yet carry these to devices, and says so (E13) rather than pretend.
    /// </summary>
    public ServiceResult Handle(AltHanRestrictedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ServiceReferenceVariant is not (ServiceReferenceVariants.JoinServiceNonCritical or ServiceReferenceVariants.UnjoinServiceNonCritical or ServiceReferenceVariants.ReadDeviceLog))
        {
            throw new ArgumentException($"SRV {request.ServiceReferenceVariant} is not one of 8.7.2, 8.8.2, 8.9", nameof(request));
        }

        return store.Write(session =>
        {
            ServiceResult result = Check(session, request);
            string target = request.OtherDeviceId is { } other ? $"{request.TargetDeviceId} other {other}" : request.TargetDeviceId.ToString();
            return Audited.Finish(session, request.RequestId, request.ServiceReferenceVariant, target, result);
        });
    }

    private static ServiceResult Check(InventorySession session, AltHanRestrictedRequest request)
    {
        if (session.Devices.Find(request.TargetDeviceId) is not { } target)
        {
            return ServiceResult.Refuse(DuisResponseCodes.UnknownDevice, $"{request.TargetDeviceId} is not in the inventory");
        }

        DeviceRecord? other = request.OtherDeviceId is { } otherId ? session.Devices.Find(otherId) : null;
        foreach (DeviceRecord? device in new[] { target, other })
        {
            if (device is { IsAltHan: true })
            {
                return ServiceResult.Refuse(
                    DuisResponseCodes.NotApplicableToDevice,
                    $"SRV {request.ServiceReferenceVariant} is not applicable to {device.DeviceId}: it is an Alt HAN device (variant {device.AltHanVariant}); SECMP0170 §4.2 allows only 8.2, 8.4, 8.11, 11.2, 11.4 and 12.2 for Alt HAN devices");
            }
        }

        return ServiceResult.Refuse(
            DuisResponseCodes.NotSupportedByHanBench,
            $"SRV {request.ServiceReferenceVariant} to {target.DeviceId} passed validation, but HanBench does not carry it to devices; nothing was sent");
    }
}
