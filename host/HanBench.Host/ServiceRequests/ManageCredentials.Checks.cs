using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.ServiceRequests;

/// <summary>The checks a credential request passes before it is queued or sent (and again when the CSP carries it out).</summary>
public sealed partial class ManageCredentialsHandler
{
    private static CredentialResult? Precheck(InventorySession session, CredentialRequest request)
    {
        Eui64 deviceId = request.DeviceId;
        if (session.Devices.Find(deviceId) is not { } device)
        {
            return new(DuisResponseCodes.UnknownDevice, $"{deviceId} is not in the inventory");
        }

        // GBCS gives the CHF the same CS02a–e as a PPMID (the hub answers over the WAN, firmware Roles/Hub/HubCredentials);
        // meters are not HanBench's to manage: refused here rather than sent to a device that would never answer.
        if (device.Type is not (DeviceType.PPMID or DeviceType.HCALCS or DeviceType.CHF))
        {
            return new(DuisResponseCodes.NotApplicableToDevice, $"HanBench manages SMKI credentials on PPMIDs, Alt HAN bridges, HCALCSs and Comms Hubs; {deviceId} is a {device.Type}");
        }

        if (device.Status is not (DeviceStatus.Commissioned or DeviceStatus.InstalledNotCommissioned))
        {
            return new(DuisResponseCodes.InvalidDeviceStatus, $"{deviceId} is {device.Status}; SRV {request.ServiceReferenceVariant} needs a Commissioned or InstalledNotCommissioned device");
        }

        if (request.ExecutionDateTime is { } when && when > session.Now && request.UseCase != CredentialUseCase.ReplaceRemoteParty)
        {
            return new(DuisResponseCodes.NotApplicableToDevice, $"SRV {request.ServiceReferenceVariant}: an execution date-time ({when:O}) is for a CS02b replacement only");
        }

        if (request.Mode == CredentialReplacementMode.ChangeOfSupplier && CheckChangeOfSupplier(session, request) is { } refused)
        {
            return refused;
        }

        return request.UseCase switch
        {
            CredentialUseCase.ReplaceRemoteParty => CheckReplacements(request),
            CredentialUseCase.UpdateDeviceCertificate => CheckDeviceCertificate(request),
            _ => null,
        };
    }

    /// <summary>Every replacement is an Organisation certificate of the replaced role; a supplier replaces only its own.</summary>
    private static CredentialResult? CheckReplacements(CredentialRequest request)
    {
        if (request.Replacements.Count == 0)
        {
            return Invalid("no replacement certificate given");
        }

        int role = request.Mode == CredentialReplacementMode.AcbByAcb ? RemotePartyRoleCodes.AccessControlBroker : RemotePartyRoleCodes.Supplier;
        Eui64? party = null;
        foreach (ReplacementCertificate replacement in request.Replacements)
        {
            using X509Certificate2? certificate = ReadCertificate(replacement.Der);
            if (certificate is null)
            {
                return Invalid($"the {replacement.Usage} replacement certificate is not a DER X.509 certificate");
            }

            if (SmkiProfile.ReadRoleCode(certificate) != role || SmkiProfile.ReadEui(certificate) is not { } named)
            {
                return Invalid($"the {replacement.Usage} replacement certificate (serial {SmkiProfile.SerialDecimal(certificate)}) is not an Organisation certificate of the {request.ReplacedHolder} role (OU {role:X2}) naming its EUI-64");
            }

            if (party is { } first && first != named)
            {
                return Invalid($"the replacement certificates name two parties, {first} and {named}");
            }

            party = named;
        }

        if (request.Mode == CredentialReplacementMode.SupplierBySupplier && request.Originator is { } sender && party != sender)
        {
            return Invalid($"6.15.1 replaces the sending supplier's own credentials, but the certificates are {party}'s, not {sender}'s (change of supplier is 6.23)");
        }

        if (request.Mode == CredentialReplacementMode.ChangeOfSupplier && party != request.Originator)
        {
            return Invalid($"6.23 installs the incoming supplier's own credentials, but the certificates are {party}'s, not {request.Originator}'s (the sender)");
        }

        return null;
    }

    /// <summary>
    /// 6.23 comes from the incoming supplier (DUIS: the importing supplier; the DCC then has its transitional CoS party sign
    /// the CS02b): the sender must be a registered supplier Service User and not already the device's responsible supplier.
    /// </summary>
    private static CredentialResult? CheckChangeOfSupplier(InventorySession session, CredentialRequest request)
    {
        if (request.Originator is not { } incoming)
        {
            return new(DuisResponseCodes.RoleNotPermitted, "6.23 must come from the incoming supplier, and this request names no sender");
        }

        if (new ServiceUserDirectory(session).Find(incoming) is not { Role: ServiceUserRole.Supplier })
        {
            return new(DuisResponseCodes.RoleNotPermitted, $"{incoming} is not a known supplier (a registered Service User with the supplier role), so it cannot take over {request.DeviceId} by change of supplier (6.23)");
        }

        return new RequestRights(session).ResponsibleSupplier(request.DeviceId) == incoming
            ? Invalid($"{incoming} is already {request.DeviceId}'s responsible supplier: 6.23 is for an incoming supplier (its own certificates are replaced with 6.15.1)")
            : null;
    }

    private static CredentialResult? CheckDeviceCertificate(CredentialRequest request)
    {
        using X509Certificate2? certificate = ReadCertificate(request.DeviceCertificate);
        if (certificate is null)
        {
            return Invalid("DeviceCertificate is not a DER X.509 certificate");
        }

        if (!SmkiProfile.IsDeviceCertificate(certificate) || SmkiProfile.ReadEui(certificate) != request.DeviceId || UsageOf(certificate) is null)
        {
            return Invalid($"DeviceCertificate (serial {SmkiProfile.SerialDecimal(certificate)}) is not a DS or KA Device certificate for {request.DeviceId} (it names {SmkiProfile.ReadEui(certificate)?.ToString() ?? "no device"})");
        }

        return null;
    }
}
