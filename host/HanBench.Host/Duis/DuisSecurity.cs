using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Duis;

/// <summary>
/// Who may send what, and the DCC's signing key: every DUIS request must be signed (<see cref="DuisXmlSignature"/>) by a
/// registered Service User's certificate from the keystore, the signer must be the RequestID's originator and hold a
/// role the service request allows; every response and alert is signed with the DSP's XML signing credential.
/// </summary>
public sealed class DuisSecurity
{
    private readonly Keystore _keystore;

    /// <summary>Security over <paramref name="keystore"/>, signing as <paramref name="dsp"/>.</summary>
    /// <exception cref="InvalidOperationException">The keystore holds no signing key for the DSP.</exception>
    public DuisSecurity(Keystore keystore, Eui64 dsp)
    {
        ArgumentNullException.ThrowIfNull(keystore);
        _keystore = keystore;
        DspSigner = keystore.XmlSigner(dsp)
            ?? throw new InvalidOperationException($"the keystore {keystore.Folder} holds no signing key for the DSP {dsp}: import DCC Boxed's keystore.json (hanbench keys import --dccboxed) or run hanbench keys init");
    }

    /// <summary>The credential responses and alerts are signed with.</summary>
    public PartyCredential DspSigner { get; }

    /// <summary>Signs a response or alert document (XML text).</summary>
    public string Sign(string xml) => DuisXmlSignature.Sign(xml, DspSigner);

    /// <summary>
    /// Null when <paramref name="requestXml"/> is signed by its originator, a Service User whose role may send the
    /// request; otherwise the refusal (DUIS E1: not a valid user — unsigned, bad signature, unknown certificate, signer
    /// not the originator or not a Service User; E2: the user's role may not send this service reference).
    /// </summary>
    public ServiceResult? Authenticate(string requestXml, DuisRequestHeader header, InventoryStore store)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(store);
        DuisSignatureCheck check = DuisXmlSignature.Verify(requestXml, _keystore.FindSigning);
        if (!check.Verified)
        {
            return ServiceResult.Refuse(DuisResponseCodes.FailedAuthentication, $"signature refused: {check.Problem}");
        }

        Eui64 signer = check.Signer!.Party;
        Eui64 originator = header.RequestId.Originator;
        if (signer != originator)
        {
            return ServiceResult.Refuse(DuisResponseCodes.FailedAuthentication, $"signed by {signer}, but the RequestID's originator is {originator}");
        }

        ServiceUser? user = store.Read(s => new ServiceUserDirectory(s).Find(signer));
        if (user is null)
        {
            return ServiceResult.Refuse(DuisResponseCodes.FailedAuthentication, $"{signer} is not a registered Service User (hanbench alerts service-user add)");
        }

        ServiceUserRole[] allowed = RolesFor(header.ServiceReferenceVariant);
        return allowed.Contains(user.Role)
            ? null
            : ServiceResult.Refuse(DuisResponseCodes.RoleNotPermitted, $"a {user.Role} may not send SRV {header.ServiceReferenceVariant} (allowed: {string.Join(", ", allowed)})");
    }

    /// <summary>
    /// The DCC rules for an authenticated request, checked and applied in one transaction: a supplier may send
    /// 11.4/11.2/11.3 and the credential requests (6.15, 6.17, 6.24, 8.5) only to devices whose responsible supplier it is
    /// (6.23 comes from the incoming supplier instead) (DUIS E4; a device with none recorded takes
    /// every registered supplier, the bench default); then the RequestID counter must be above every counter the
    /// originator used before (refused otherwise, <see cref="DuisResponseCodes.RequestIdNotIncreasing"/>) and is
    /// recorded. Null when the request may go on.
    /// </summary>
    public static ServiceResult? Authorise(DuisRequestHeader header, object? body, InventoryStore store)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(store);
        Eui64 originator = header.RequestId.Originator;
        return store.Write(session =>
        {
            var rights = new RequestRights(session);
            bool supplier = new ServiceUserDirectory(session).Find(originator)?.Role == ServiceUserRole.Supplier;
            if (supplier)
            {
                List<Eui64> others = [.. FirmwareTargets(body).Where(d => rights.ResponsibleSupplier(d) is { } responsible && responsible != originator)];
                if (others.Count > 0)
                {
                    return ServiceResult.Refuse(DuisResponseCodes.NotAuthorisedForDevice, $"{originator} is not the responsible supplier of {string.Join(", ", others)}");
                }
            }

            ulong counter = header.RequestId.Counter;
            return rights.TryClaim(originator, counter)
                ? null
                : ServiceResult.Refuse(DuisResponseCodes.RequestIdNotIncreasing, $"RequestID counter {counter} is not above {rights.LastCounter(originator)}, the last one {originator} used: a replayed or reused request");
        });
    }

    /// <summary>After a supplier's successful 12.2, it is the device's responsible supplier.</summary>
    public static void RecordPrenotification(DuisRequestHeader header, DevicePrenotificationRequest request, ServiceResult result, InventoryStore store)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(store);
        if (result.ResponseCode is DuisResponseCodes.Success or DuisResponseCodes.Acknowledged)
        {
            store.Write(session => new RequestRights(session).SetResponsibleSupplier(request.DeviceId, header.RequestId.Originator));
        }
    }

    private static IEnumerable<Eui64> FirmwareTargets(object? body) => body switch
    {
        FirmwareUpdateRequest r => r.DeviceIds,
        ReadFirmwareVersionRequest r => [r.DeviceId],
        ActivateFirmwareRequest r => [r.DeviceId],

        // 6.23 comes from the incoming supplier, which is by definition not yet responsible (ManageCredentialsHandler checks it).
        CredentialRequest { Mode: CredentialReplacementMode.ChangeOfSupplier } => [],
        CredentialRequest r => [r.DeviceId],
        _ => [],
    };

    /// <summary>
    /// The Service User roles that may send a service reference variant (DUIS §3 role access): reading the inventory is
    /// open to every user, reading firmware versions to suppliers and network operators, everything else HanBench
    /// handles to suppliers.
    /// </summary>
    public static ServiceUserRole[] RolesFor(string serviceReferenceVariant) => serviceReferenceVariant switch
    {
        ServiceReferenceVariants.ReadInventory => [ServiceUserRole.Supplier, ServiceUserRole.NetworkOperator, ServiceUserRole.Other],
        ServiceReferenceVariants.ReadFirmwareVersion => [ServiceUserRole.Supplier, ServiceUserRole.NetworkOperator],
        _ => [ServiceUserRole.Supplier],
    };
}
