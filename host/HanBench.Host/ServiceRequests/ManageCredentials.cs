using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.ServiceRequests;

/// <summary>A credential service request's outcome.</summary>
/// <param name="ResponseCode">DUIS response code.</param>
/// <param name="Message">What happened.</param>
/// <param name="Reply">The device's answer, when the command went out.</param>
/// <param name="Issued">CS02c: the certificate HanBench's test PKI issued for the device's new key (put on the device by a following 6.15.2).</param>
public sealed record CredentialResult(string ResponseCode, string Message, CredentialReply? Reply = null, DeviceCertificateRecord? Issued = null)
    : ServiceResult(ResponseCode, Message)
{
    /// <summary>Whether the device answered and reported the use case done.</summary>
    public bool DeviceAccepted => Reply is { Status: FirmwareVersionReadStatus.Read, Accepted: true };
}

/// <summary>
/// SMKI credential management on PPMIDs, Alt HAN bridges and Comms Hubs (SECMP0170 requirement 8, assumption MP170-A2;
/// issue 8 §4): 6.24.1 (CS02a), 6.15.1 / 6.23 / 8.5 (CS02b), 6.17 (CS02c), 6.15.2 (CS02d), 6.24.2 (CS02e). The request
/// is checked against the inventory and its certificates read before anything is sent. Where no device link is at hand
/// (the CLI, <c>serve</c>: <paramref name="queue"/>), a request that passes is acknowledged at once (I99) and queued in the
/// inventory (<see cref="CredentialQueue"/>), as the DCC acknowledges a request before the device answers; the CSP engine
/// on the device's Comms Hub carries it out later with <see cref="ExecuteAsync"/>. There, the CS02 command goes out
/// through the <see cref="IDeviceGateway"/> outside any transaction, and only a device answer that verified and reports
/// success changes the inventory (the certificates the device now holds, the old ones kept as history). A device's
/// refusal is the service's outcome (I0, as DUIS returns a device's answer; <see cref="CredentialResult.DeviceAccepted"/>
/// false) and changes nothing.
/// </summary>
public sealed partial class ManageCredentialsHandler(InventoryStore store, IDeviceGateway gateway, Keystore? keystore = null, bool queue = false)
{
    /// <summary>Whether accepted requests are queued for the CSP (true) or sent through the gateway at once.</summary>
    public bool Queues => queue;

    /// <summary>Prechecks, then queues the request (<see cref="Queues"/>) or carries it out at once (<see cref="ExecuteAsync"/>).</summary>
    public async Task<CredentialResult> HandleAsync(CredentialRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return queue ? store.Write(session => Enqueue(session, request)) : await ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prechecks (again, for a queued request: the inventory may have moved on), sends the CS02 command, records what the device now holds.</summary>
    public Task<CredentialResult> ExecuteAsync(CredentialRequest request, CancellationToken cancellationToken = default) =>
        ExecuteAndRecordAsync(request, null, cancellationToken);

    /// <summary>
    /// <see cref="ExecuteAsync(CredentialRequest, CancellationToken)"/>; <paramref name="alsoRecord"/> runs in the
    /// transaction that records the outcome (the CSP ends the request's queue row there).
    /// </summary>
    internal async Task<CredentialResult> ExecuteAndRecordAsync(CredentialRequest request, Action<InventorySession, CredentialResult>? alsoRecord, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string id = request.DeviceId.ToString();
        CredentialResult? refusal = store.Write(session =>
        {
            request = WithoutPastExecutionTime(session, request);
            if (Precheck(session, request) is { } problem)
            {
                alsoRecord?.Invoke(session, problem);
                return Audited.Finish(session, request.RequestId, request.ServiceReferenceVariant, id, problem);
            }

            // Before the command goes out: a host that stops before the outcome is recorded settles it at start (issue 8 §4).
            if (Csp.CredentialIntentRecovery.Tracks(request))
            {
                new CredentialIntents(session).Sent(request.RequestId, request.DeviceId, request.UseCase.ToString(), CredentialRequestJson.Write(request), request.ExecutionDateTime);
            }

            return null;
        });
        if (refusal is not null)
        {
            return refusal;
        }

        CredentialReply reply = await gateway.ManageCredentialsAsync(request, cancellationToken).ConfigureAwait(false);
        return Settle(request, reply, alsoRecord);
    }

    /// <summary>
    /// Records what <paramref name="reply"/> says <paramref name="request"/> did, and settles its intent in the same
    /// transaction, with <paramref name="alsoRecord"/> (the CSP ends the queue row there): also how a restarted CSP records
    /// a request sent before it stopped (Csp.CredentialIntentRecovery).
    /// </summary>
    internal CredentialResult Settle(CredentialRequest request, CredentialReply reply, Action<InventorySession, CredentialResult>? alsoRecord = null) =>
        store.Write(session => SettleIn(session, request, reply, alsoRecord));

    /// <summary><see cref="Settle"/> in <paramref name="session"/>'s transaction (an operator's settlement checks the intent in the same one).</summary>
    internal CredentialResult SettleIn(InventorySession session, CredentialRequest request, CredentialReply reply, Action<InventorySession, CredentialResult>? alsoRecord)
    {
        // Given up on, the change stays unsettled (marked so): the device's commands are refused until an operator settles it.
        // A tracked change whose intent is gone was settled by an operator (credentials settle, in its own transaction)
        // before this outcome arrived: the operator's word stands, checked in this transaction, and nothing more is recorded.
        var intents = new CredentialIntents(session);
        if (!reply.SettledElsewhere
            && !(reply.GivenUp ? intents.GiveUp(request.RequestId, reply.Detail) : intents.Settled(request.RequestId))
            && Csp.CredentialIntentRecovery.Tracks(request))
        {
            reply = reply with { SettledElsewhere = true, Detail = $"settled by an operator meanwhile (hanbench credentials settle); what came later ({reply.Detail}) is not recorded" };
        }

        if (reply.SettledElsewhere)
        {
            // The operator's settlement recorded the outcome, ended the queue row and wrote the audit line.
            return new CredentialResult(DuisResponseCodes.NoResponse, $"{request.DeviceId}: {request.UseCase} ({request.ServiceReferenceVariant}): {reply.Detail}", reply);
        }

        CredentialResult result = Record(session, request, reply);
        alsoRecord?.Invoke(session, result);
        return Audited.Finish(session, request.RequestId, request.ServiceReferenceVariant, request.DeviceId.ToString(), result);
    }

    /// <summary>A time not in the future means now (8.5 always gives one): sent without it, carried out at once.</summary>
    private static CredentialRequest WithoutPastExecutionTime(InventorySession session, CredentialRequest request) =>
        request.ExecutionDateTime is { } when && when <= session.Now ? request with { ExecutionDateTime = null } : request;

    /// <summary>The request, checked, into the inventory's queue for the CSP on the device's Comms Hub: I99, or the refusal.</summary>
    private static CredentialResult Enqueue(InventorySession session, CredentialRequest request)
    {
        string id = request.DeviceId.ToString();
        request = WithoutPastExecutionTime(session, request);
        CredentialResult? problem = Precheck(session, request);
        DeviceRecord? device = session.Devices.Find(request.DeviceId);
        Eui64? hub = device?.Type == DeviceType.CHF ? device.DeviceId : device?.CommsHubId;
        if (problem is null && hub is null)
        {
            problem = new(DuisResponseCodes.CannotCommunicate, $"{id} is on no Comms Hub, so no CSP can carry out SRV {request.ServiceReferenceVariant}; nothing queued");
        }

        if (problem is null && session.Credentials.Find(request.RequestId) is not null)
        {
            problem = Invalid($"RequestID {request.RequestId} was already used for a credential request");
        }

        if (problem is not null)
        {
            return Audited.Finish(session, request.RequestId, request.ServiceReferenceVariant, id, problem);
        }

        session.Credentials.Enqueue(request.RequestId, request.ServiceReferenceVariant, request.DuisServiceReference, request.DeviceId, hub!.Value, request.UseCase.ToString(), CredentialRequestPayload.Write(request));
        return Audited.Finish(session, request.RequestId, request.ServiceReferenceVariant, id, new CredentialResult(
            DuisResponseCodes.Acknowledged,
            $"{id}: {request.UseCase} ({request.ServiceReferenceVariant}) queued for the CSP on Comms Hub {hub} (csp run carries it out; 'hanbench credentials requests' shows how it ends)"));
    }

    /// <summary>The usage (DS or KA) a certificate's key usage extension gives it, or null.</summary>
    public static string? UsageOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        X509KeyUsageFlags flags = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault()?.KeyUsages ?? X509KeyUsageFlags.None;
        return flags.HasFlag(X509KeyUsageFlags.DigitalSignature) ? DeviceCertificates.DigitalSigning
            : flags.HasFlag(X509KeyUsageFlags.KeyAgreement) ? DeviceCertificates.KeyAgreement
            : null;
    }

    /// <summary>Reads a DER certificate, or null when it is not one.</summary>
    public static X509Certificate2? ReadCertificate(byte[]? der)
    {
        if (der is null || der.Length == 0)
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private CredentialResult Record(InventorySession session, CredentialRequest request, CredentialReply reply)
    {
        Eui64 deviceId = request.DeviceId;
        string use = $"{request.UseCase} ({request.ServiceReferenceVariant})";
        if (reply.Status != FirmwareVersionReadStatus.Read)
        {
            string code = reply.Status == FirmwareVersionReadStatus.NoResponse ? DuisResponseCodes.NoResponse : DuisResponseCodes.CannotCommunicate;
            return new(code, $"{deviceId}: {use} not answered: {reply.Detail}; nothing changed", reply);
        }

        if (!reply.Accepted)
        {
            return new(DuisResponseCodes.Success, $"{deviceId} refused {use}: {reply.Detail}; nothing changed on either side", reply);
        }

        var certificates = new DeviceCertificates(session);
        switch (request.UseCase)
        {
            case CredentialUseCase.ReplaceRemoteParty:
                Eui64? party = null;
                foreach (ReplacementCertificate replacement in request.Replacements.Where(r => reply.ReplacedUsages.Contains(r.Usage)))
                {
                    using X509Certificate2 certificate = ReadCertificate(replacement.Der)!;
                    party = SmkiProfile.ReadEui(certificate);
                    certificates.Install(deviceId, request.ReplacedHolder!, replacement.Usage, party, SmkiProfile.SerialDecimal(certificate), replacement.Der, request.RequestId);
                }

                if (request.Mode == CredentialReplacementMode.ChangeOfSupplier && party is { } incoming)
                {
                    new RequestRights(session).SetResponsibleSupplier(deviceId, incoming);
                }

                return new(DuisResponseCodes.Success, $"{deviceId} replaced its {request.ReplacedHolder} {string.Join(", ", reply.ReplacedUsages)} credentials with {party}'s: {reply.Detail}", reply);
            case CredentialUseCase.IssueDeviceCredentials:
                return Issue(session, request, reply);
            case CredentialUseCase.UpdateDeviceCertificate:
                using (X509Certificate2 certificate = ReadCertificate(request.DeviceCertificate)!)
                {
                    string usage = UsageOf(certificate)!;
                    certificates.Install(deviceId, DeviceCertificates.DeviceHolder, usage, deviceId, SmkiProfile.SerialDecimal(certificate), request.DeviceCertificate!, request.RequestId);
                    return new(DuisResponseCodes.Success, $"{deviceId} now holds {usage} certificate {SmkiProfile.SerialDecimal(certificate)}: {reply.Detail}", reply);
                }

            case CredentialUseCase.ProvideDeviceCertificate:
                using (X509Certificate2? certificate = ReadCertificate(reply.Certificate))
                {
                    if (certificate is null || SmkiProfile.ReadEui(certificate) != deviceId || UsageOf(certificate) is not { } usage)
                    {
                        return new(DuisResponseCodes.CannotCommunicate, $"{deviceId} answered CS02e with no usable Device certificate of its own; nothing recorded", reply);
                    }

                    certificates.Install(deviceId, DeviceCertificates.DeviceHolder, usage, deviceId, SmkiProfile.SerialDecimal(certificate), reply.Certificate!, request.RequestId);
                    return new(DuisResponseCodes.Success, $"{deviceId} holds {usage} certificate {SmkiProfile.SerialDecimal(certificate)}", reply);
                }

            default:
                return new(DuisResponseCodes.Success, $"{deviceId} credentials details: {reply.Detail}", reply);
        }
    }

    /// <summary>CS02c: the device's new public key gets a Device certificate from the test PKI, waiting for CS02d.</summary>
    private CredentialResult Issue(InventorySession session, CredentialRequest request, CredentialReply reply)
    {
        Eui64 deviceId = request.DeviceId;
        byte[]? key = PublicKeyOf(reply.CertificationRequest, out string? unusable);
        if (key is null)
        {
            return new(DuisResponseCodes.CannotCommunicate, $"{deviceId} answered CS02c without a usable certification request ({unusable}); nothing recorded", reply);
        }

        if (keystore is null || !keystore.HasCertificateAuthority)
        {
            return new(DuisResponseCodes.Success, $"{deviceId} generated a new {request.Usage} key ({Convert.ToHexString(key)}); no keystore with a test CA is configured, so no certificate was issued", reply);
        }

        CredentialUsage usage = request.Usage == DeviceCertificates.KeyAgreement ? CredentialUsage.KeyAgreement : CredentialUsage.DigitalSigning;
        X509Certificate2 certificate;
        try
        {
            certificate = keystore.IssueDeviceCertificate(deviceId, usage, key, session.Now);
        }
        catch (ArgumentException e)
        {
            return new(DuisResponseCodes.CannotCommunicate, $"{deviceId} answered CS02c with an unusable public key: {e.Message}; nothing recorded", reply);
        }

        using (certificate)
        {
            var certificates = new DeviceCertificates(session);
            certificates.RecordIssued(deviceId, request.Usage!, deviceId, SmkiProfile.SerialDecimal(certificate), certificate.RawData, request.RequestId);
            DeviceCertificateRecord issued = certificates.Pending(deviceId, request.Usage!)!;
            return new(DuisResponseCodes.Success, $"{deviceId} generated a new {request.Usage} key; certificate {issued.Serial} issued, to be put on the device with 6.15.2", reply, issued);
        }
    }

    /// <summary>
    /// The SEC 1 public key of a PKCS#10 request whose signature verifies under that key (proof the device holds the
    /// private key), or null and why not.
    /// </summary>
    private static byte[]? PublicKeyOf(byte[]? pkcs10, out string? problem)
    {
        problem = null;
        if (pkcs10 is null)
        {
            problem = "none";
            return null;
        }

        try
        {
            CertificateRequest request = CertificateRequest.LoadSigningRequest(pkcs10, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
            byte[] point = request.PublicKey.EncodedKeyValue.RawData;
            if (point.Length == 65 && point[0] == 0x04)
            {
                return point;
            }

            problem = "not a P-256 key";
        }
        catch (CryptographicException e)
        {
            problem = e.Message;
        }

        return null;
    }

    private static CredentialResult Invalid(string message) => new(DuisResponseCodes.NotApplicableToDevice, message);
}
