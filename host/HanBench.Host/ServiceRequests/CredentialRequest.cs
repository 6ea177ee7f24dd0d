using HanBench.Host.Inventory;

namespace HanBench.Host.ServiceRequests;

/// <summary>The GBCS use case a credential service request becomes (GBCS CS02; docs/GBCS-SECURITY.md §5).</summary>
public enum CredentialUseCase
{
    /// <summary>CS02a: the remote parties' credentials details the device holds (6.24.1).</summary>
    ProvideDetails,

    /// <summary>CS02b: replace a remote party's certificates (6.15.1, 6.23, 8.5).</summary>
    ReplaceRemoteParty,

    /// <summary>CS02c: the device generates a new key pair and returns its public key (6.17).</summary>
    IssueDeviceCredentials,

    /// <summary>CS02d: put a certificate for the device's own key on it (6.15.2).</summary>
    UpdateDeviceCertificate,

    /// <summary>CS02e: read the device's own certificate (6.24.2).</summary>
    ProvideDeviceCertificate,
}

/// <summary>Which remote party a CS02b replaces, and by whose authority (GBCS Credentials Replacement Mode).</summary>
public enum CredentialReplacementMode
{
    /// <summary>The supplier replaces its own certificates (6.15.1).</summary>
    SupplierBySupplier,

    /// <summary>The incoming supplier's certificates on change of supplier (6.23).</summary>
    ChangeOfSupplier,

    /// <summary>The Access Control Broker's certificate (8.5 Service Opt Out).</summary>
    AcbByAcb,
}

/// <summary>A certificate a CS02b puts on the device as a remote party's trust anchor.</summary>
/// <param name="Usage"><see cref="DeviceCertificates.DigitalSigning"/>, <see cref="DeviceCertificates.KeyAgreement"/> or <see cref="DeviceCertificates.KeyAgreementTopUp"/>.</param>
/// <param name="Der">The certificate, DER.</param>
public sealed record ReplacementCertificate(string Usage, byte[] Der);

/// <summary>
/// A credential management service request (SECMP0170 requirement 8: 6.15.1, 6.15.2, 6.17, 6.23, 6.24.1, 6.24.2, 8.5),
/// from DUIS or the CLI; the same record is what <see cref="IDeviceGateway.ManageCredentialsAsync"/> sends as GBCS CS02.
/// </summary>
/// <param name="RequestId">DUIS RequestID.</param>
/// <param name="ServiceReferenceVariant">The SRV, as DUIS spells it (<see cref="ServiceReferenceVariants"/>).</param>
/// <param name="DeviceId">The device.</param>
/// <param name="UseCase">The GBCS use case.</param>
public sealed record CredentialRequest(string RequestId, string ServiceReferenceVariant, Eui64 DeviceId, CredentialUseCase UseCase)
{
    /// <summary>The Service User that sent the request (the RequestID's originator), when known.</summary>
    public Eui64? Originator { get; init; }

    /// <summary>CS02b: whose certificates are replaced.</summary>
    public CredentialReplacementMode? Mode { get; init; }

    /// <summary>CS02b: the replacement certificates.</summary>
    public IReadOnlyList<ReplacementCertificate> Replacements { get; init; } = [];

    /// <summary>CS02b: the certification path (the issuing CA's certificate first, DER) the device checks the replacements under.</summary>
    public IReadOnlyList<byte[]> CertificationPath { get; init; } = [];

    /// <summary>CS02b: the remote party's new floor sequence number (DUIS RemotePartyFloorSeqNumber and its kin).</summary>
    public ulong FloorSeqNumber { get; init; }

    /// <summary>CS02b: the new prepayment top-up floor sequence number.</summary>
    public ulong TopUpFloorSeqNumber { get; init; }

    /// <summary>
    /// CS02b: DUIS ExecutionDateTime, when given (8.5 always gives one). One in the future is sent (a future-dated CS02b):
    /// the device accepts it now, carries it out then and reports in alert 0x00CB, which completes the request.
    /// </summary>
    public DateTimeOffset? ExecutionDateTime { get; init; }

    /// <summary>CS02c, CS02e: which of the device's keys (<see cref="DeviceCertificates.DigitalSigning"/> or <see cref="DeviceCertificates.KeyAgreement"/>).</summary>
    public string? Usage { get; init; }

    /// <summary>CS02d: the device certificate to install, DER.</summary>
    public byte[]? DeviceCertificate { get; init; }

    /// <summary>CS02a: the remote party roles asked about, as DUIS names them.</summary>
    public IReadOnlyList<string> RemotePartyRoles { get; init; } = [];

    /// <summary>
    /// The DUIS ServiceReference of the request, when it came through DUIS: a queued request's Service User then gets
    /// the device's answer later as a DUIS response (null from the CLI and in-process callers).
    /// </summary>
    public string? DuisServiceReference { get; init; }

    /// <summary>The remote party role a CS02b replaces, as DUIS and the inventory name it.</summary>
    public string? ReplacedHolder => Mode switch
    {
        CredentialReplacementMode.AcbByAcb => DeviceCertificates.AcbHolder,
        null => null,
        _ => DeviceCertificates.SupplierHolder,
    };
}

/// <summary>A CS02 round trip through an <see cref="IDeviceGateway"/>.</summary>
/// <param name="Status">Whether the device answered, did not, or could not be reached.</param>
/// <param name="Accepted">Whether the device reported the use case done (its response verified before it was read).</param>
/// <param name="Detail">What the device answered, or what went wrong.</param>
public sealed record CredentialReply(FirmwareVersionReadStatus Status, bool Accepted, string Detail)
{
    /// <summary>CS02c: the PKCS#10 certification request for the device's new key pair, DER.</summary>
    public byte[]? CertificationRequest { get; init; }

    /// <summary>CS02b: the usages (DS, KA, KA-TopUp) the device reports replaced; the others it refused and kept.</summary>
    public IReadOnlyList<string> ReplacedUsages { get; init; } = [];

    /// <summary>A read-back answered under neither the new nor the old credentials: which the device holds is unknown.</summary>
    public bool HoldingUnknown { get; init; }

    /// <summary>
    /// The CSP stopped reading back (its bound reached) with <see cref="HoldingUnknown"/> still true: the request fails
    /// naming that, and its change stays unsettled (an operator settles it) rather than recorded as the old keys.
    /// </summary>
    public bool GivenUp { get; init; }

    /// <summary>An operator settled the change while the CSP still waited on it: its outcome is recorded already, nothing more is.</summary>
    public bool SettledElsewhere { get; init; }

    /// <summary>CS02e: the device's certificate, DER.</summary>
    public byte[]? Certificate { get; init; }

    /// <summary>
    /// A future-dated CS02b the device accepted (its response carries no outcome): pending, not done; the request is
    /// completed by the device's 0x00CB alert (0x8F66/0x8F67).
    /// </summary>
    public bool Pending { get; init; }

    /// <summary>The device's GBCS response (or, for a future-dated CS02b, its 0x00CB alert) as received (DUIS GBCSPayload).</summary>
    public byte[]? GbcsResponse { get; init; }

    /// <summary>A reply for a request the gateway could not send.</summary>
    public static CredentialReply Unreachable(string detail) => new(FirmwareVersionReadStatus.Unreachable, false, detail);
}
