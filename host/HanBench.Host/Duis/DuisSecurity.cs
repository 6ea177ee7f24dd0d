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
