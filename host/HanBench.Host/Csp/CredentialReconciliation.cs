using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Csp;

/// <summary>
/// What a CS02b or CS02d did when the host never got a verified answer (issue 8 §4): the response was lost after the
/// device applied the change, or the device applied the first attempt and refused the retries (secured with credentials
/// it no longer holds), or it never got the command. Before the request is marked done or failed, the host reads back
/// what the device holds, as a real DCC can: it sees a device only through the answers it gets, and it holds both the old
/// and the new credentials. The read-back is CS02a (6.24.1) for a CS02b — its answer lists each remote party's trust
/// anchor cells with their subject key identifiers, compared with the new certificates' — and CS02e (6.24.2) for a CS02d —
/// its answer is the device's certificate. Where the read-back must itself be secured with the key the change replaced
/// (8.5's ACB KA key MACs CS02a; a CS02d of the device's KA key changes the MAC's Z; of its DS key, the answer's
/// signature), it is sent first with the new credentials and, unanswered, with the old ones; a device refuses a command
/// secured with a key it does not hold, so only the right one is answered. Trying both keys on a response's MAC would not
/// do: the device never answers the command secured with the wrong one. The host's keys end as the read-back shows;
/// unanswered both ways, they stay the old ones and the request fails saying which credentials are unknown. The probe's
/// keys (new, then old) go with its call only (<see cref="GbcsCall.Keys"/>): the keys the host uses for the device stay
/// as they were until the read-back's answer is judged, so no other command — to this device or another — is secured
/// with them. Also how a restarted host settles a change it sent before it stopped (CredentialIntentRecovery)
/// and a future-dated one whose alert never came. Single-threaded, on the session's thread.
/// </summary>
internal sealed class CredentialReconciliation
{
    private readonly HubCredentialCalls _calls;
    private readonly GbcsPartyKeys _keys;
    private readonly CredentialRequest _request;
    private readonly CredentialRequest _probe;
    private readonly Action<CredentialReply> _completed;
    private GbcsPartyKeys.DeviceKeys? _before;
    private GbcsPartyKeys.DeviceKeys? _assumed;
    private string _lost = string.Empty;

    internal CredentialReconciliation(HubCredentialCalls calls, GbcsPartyKeys keys, CredentialRequest request, CredentialRequest probe, Action<CredentialReply> completed)
    {
        _calls = calls;
        _keys = keys;
        _request = request;
        _probe = probe;
        _completed = completed;
    }

    /// <summary>The read-back of what <paramref name="request"/> changes on the device, or null when it changes nothing the host uses.</summary>
    internal static CredentialRequest? ProbeFor(CredentialRequest request)
    {
        switch (request.UseCase)
        {
            case CredentialUseCase.ReplaceRemoteParty when request.ReplacedHolder is { } holder:
                return new CredentialRequest(request.RequestId, ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsKrp, request.DeviceId, CredentialUseCase.ProvideDetails)
                {
                    Originator = request.Originator,
                    RemotePartyRoles = [holder],
                };
            case CredentialUseCase.UpdateDeviceCertificate:
                using (X509Certificate2? certificate = ManageCredentialsHandler.ReadCertificate(request.DeviceCertificate))
                {
                    return certificate is null || ManageCredentialsHandler.UsageOf(certificate) is not { } usage
                        ? null
                        : new CredentialRequest(request.RequestId, ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsDevice, request.DeviceId, CredentialUseCase.ProvideDeviceCertificate)
                        {
                            Originator = request.Originator,
                            Usage = usage,
                        };
                }

            default:
                return null;
        }
    }

    /// <summary>Starts the read-back; <paramref name="lost"/> says why the change's outcome is unknown (it starts every detail).</summary>
    internal void Start(string lost)
    {
        _lost = lost;
        _before = _keys.Snapshot(_request.DeviceId.Value);
        _assumed = CredentialTakeUp.Assume(_keys, _before, _request);
        Ask(withNewCredentials: true);
    }

    private void Ask(bool withNewCredentials)
    {
        try
        {
            GbcsPartyKeys.DeviceKeys keys = withNewCredentials ? _assumed! : _before!;
            if (_calls.SendCommand(_probe, call => Answered(call.Reply is null ? null : _calls.Complete(_probe, call), withNewCredentials), out _, keys) is not null)
            {
                return;
            }
        }
        catch (InvalidOperationException)
        {
            // A credential the host holds no private key for cannot secure the read-back: it counts as unanswered.
        }

        Answered(null, withNewCredentials);
    }

    private void Answered(CredentialReply? reply, bool withNewCredentials)
    {
        if (reply is not { Status: FirmwareVersionReadStatus.Read })
        {
            if (withNewCredentials)
            {
                Ask(withNewCredentials: false);
                return;
            }

            _completed(new CredentialReply(FirmwareVersionReadStatus.NoResponse, false,
                $"{_lost}; the read-back ({Name(_probe)}) was answered neither under the new nor under the old credentials, so which the device holds is unknown; the host keeps the old ones") { HoldingUnknown = true });
            return;
        }

        CredentialReply judged = Judge(reply);
        if (judged.Accepted)
        {
            _calls.TakeUp(_request, judged);
        }

        _completed(judged);
    }

    /// <summary>What the read-back's answer says the device holds: the change applied (a reply the handler records) or not (nothing changes).</summary>
    private CredentialReply Judge(CredentialReply reply)
    {
        string how = $"{_lost}; read back with {Name(_probe)}";
        if (_request.UseCase == CredentialUseCase.UpdateDeviceCertificate)
        {
            return reply.Certificate is { } held && held.AsSpan().SequenceEqual(_request.DeviceCertificate)
                ? new CredentialReply(FirmwareVersionReadStatus.Read, true, $"{how}: the device holds the new certificate")
                : NotApplied($"{how}: the device still holds its old certificate");
        }

        List<string> replaced = HeldReplacements(reply.GbcsResponse);
        return replaced.Count > 0
            ? new CredentialReply(FirmwareVersionReadStatus.Read, true, $"{how}: the device holds the new {string.Join(", ", replaced)} credentials") { ReplacedUsages = replaced }
            : NotApplied($"{how}: the device still holds the old credentials");
    }

    private static CredentialReply NotApplied(string detail) => new(FirmwareVersionReadStatus.NoResponse, false, $"{detail}; nothing changed");

    /// <summary>The request's replacement usages whose certificate's subject key identifier is in the replaced party's cells of the CS02a answer.</summary>
    private List<string> HeldReplacements(byte[]? cs02a)
    {
        var held = new List<string>();
        var envelope = new GbcsEnvelope();
        var details = new CredentialsDetailsResponse();
        if (cs02a is null
            || GbcsEnvelope.TryDecode(new ByteReader(cs02a, 0, cs02a.Length), envelope) != GbcsStatus.Ok
            || CredentialsDetailsResponse.TryDecode(new ByteReader(envelope.ContentBuffer, envelope.ContentOffset, envelope.ContentLength), details) != GbcsPayloadStatus.Ok)
        {
            return held;
        }

        RemotePartyRole role = _request.Mode == CredentialReplacementMode.AcbByAcb ? RemotePartyRole.AccessControlBroker : RemotePartyRole.Supplier;
        foreach (ReplacementCertificate replacement in _request.Replacements)
        {
            ulong? keyId = SubjectKeyId(replacement.Der);
            for (int p = 0; p < details.PartyCount && keyId is not null; p++)
            {
                RemotePartyDetails party = details.Parties[p];
                for (int c = 0; c < party.CellCount && party.Role == role; c++)
                {
                    TrustAnchorContents cell = party.Cells[c];
                    if (cell.SubjectKeyId == keyId && DeviceCertificates.UsageOfCell(cell.KeyUsage, cell.CellUsage) == replacement.Usage && !held.Contains(replacement.Usage))
                    {
                        held.Add(replacement.Usage);
                    }
                }
            }
        }

        return held;
    }

    // The SMKI certificates' subject key identifier is 8 octets (the device's trust anchor cell holds it as such).
    private static ulong? SubjectKeyId(byte[] der)
    {
        using X509Certificate2? certificate = ManageCredentialsHandler.ReadCertificate(der);
        byte[]? id = certificate?.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes.ToArray();
        return id is { Length: 8 } ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(id) : null;
    }

    private static string Name(CredentialRequest probe) =>
        probe.UseCase == CredentialUseCase.ProvideDetails ? "CS02a (6.24.1)" : $"CS02e (6.24.2) of its {probe.Usage} certificate";
}
