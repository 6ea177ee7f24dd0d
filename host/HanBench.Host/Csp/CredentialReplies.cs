using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Csp;

/// <summary>
/// Reads the verified CS02 answers (and a future-dated CS02b's 0x00CB outcome) into a <see cref="CredentialReply"/>: what
/// the device reports done, pending or refused; what it holds (CS02a) or gave (CS02c, CS02e).
/// </summary>
internal static class CredentialReplies
{
    /// <summary>A CS02a answer: each remote party with its status, sequence number and trust anchor cells.</summary>
    internal static CredentialReply Details(ByteReader content)
    {
        var response = new CredentialsDetailsResponse();
        if (CredentialsDetailsResponse.TryDecode(content, response) != GbcsPayloadStatus.Ok)
        {
            return new CredentialReply(FirmwareVersionReadStatus.Unreachable, false, "the CS02a response payload does not decode");
        }

        var parties = new List<string>();
        for (int i = 0; i < response.PartyCount; i++)
        {
            RemotePartyDetails party = response.Parties[i];
            var cells = new List<string>();
            for (int c = 0; c < party.CellCount; c++)
            {
                TrustAnchorContents cell = party.Cells[c];
                cells.Add($"{(cell.KeyUsage == GbcsKeyUsage.DigitalSignature ? "DS" : "KA")} {cell.SubjectId:X16}");
            }

            parties.Add($"{party.Role} {party.Status} seq {party.SeqNumber}{(cells.Count > 0 ? ": " + string.Join(", ", cells) : string.Empty)}");
        }

        return new CredentialReply(FirmwareVersionReadStatus.Read, true, string.Join("; ", parties));
    }

    /// <summary>An immediate CS02b answer (its outcome), a future-dated one's "command accepted" (pending), or a cancellation's.</summary>
    internal static CredentialReply Replaced(CredentialRequest request, ByteReader content)
    {
        var response = new UpdateCredentialsResponse();
        GbcsPayloadStatus status = UpdateCredentialsResponse.TryDecode(content, response);
        if (status == GbcsPayloadStatus.Ok && !response.HasOutcome && request.ExecutionDateTime is { Year: 9999 })
        {
            // RTDS CANCELLATION: 9999-12-31 23:59:59 drops the device's pending replacement; no alert follows.
            return new CredentialReply(FirmwareVersionReadStatus.Read, false, "cancellation accepted: the device's pending replacement is dropped, no credentials replaced");
        }

        if (status == GbcsPayloadStatus.Ok && !response.HasOutcome && request.ExecutionDateTime is { } when)
        {
            return new CredentialReply(FirmwareVersionReadStatus.Read, false, $"command accepted, to be carried out at {when:O}; pending the device's 0x00CB alert") { Pending = true };
        }

        if (status != GbcsPayloadStatus.Ok || !response.HasOutcome)
        {
            return new CredentialReply(FirmwareVersionReadStatus.Unreachable, false, "the CS02b response carries no outcome HanBench can read");
        }

        return Outcome(request, response.Outcome, string.Empty);
    }

    /// <summary>What an immediate CS02b response's or a 0x00CB alert's outcome says was replaced.</summary>
    internal static CredentialReply Outcome(CredentialRequest request, UpdateCredentialsOutcome outcomes, string prefix)
    {
        var replaced = new List<string>();
        var statuses = new List<string>();
        for (int i = 0; i < outcomes.OutcomeCount; i++)
        {
            ReplacementOutcome outcome = outcomes.Outcomes[i];
            string usage = DeviceCertificates.UsageOfCell(outcome.Cell.KeyUsage, outcome.Cell.CellUsage);
            statuses.Add($"{usage} {outcome.Status}");
            if (outcome.Status == CredentialStatus.Success && request.Replacements.Any(r => r.Usage == usage))
            {
                replaced.Add(usage);
            }
        }

        string detail = prefix + string.Join(", ", statuses);
        return new CredentialReply(FirmwareVersionReadStatus.Read, replaced.Count > 0, replaced.Count > 0 ? detail : $"no certificate taken ({detail})") { ReplacedUsages = replaced };
    }

    /// <summary>A CS02c, CS02d or CS02e answer: a certificate (request) or a response code.</summary>
    internal static CredentialReply CertificateOrCodeReply(CredentialRequest request, ByteReader content)
    {
        var response = new CertificateOrCode();
        if (CertificateOrCode.TryDecode(content, response) != GbcsPayloadStatus.Ok)
        {
            return new CredentialReply(FirmwareVersionReadStatus.Unreachable, false, "the CS02 response payload does not decode");
        }

        return request.UseCase switch
        {
            CredentialUseCase.UpdateDeviceCertificate => new CredentialReply(FirmwareVersionReadStatus.Read, !response.HasDer && response.ResponseCode == 0,
                response.HasDer ? "answered with a certificate, not a code" : $"response code {response.ResponseCode}"),
            CredentialUseCase.IssueDeviceCredentials when response.HasDer =>
                new CredentialReply(FirmwareVersionReadStatus.Read, true, "new key pair generated") { CertificationRequest = response.Der.ToArray() },
            CredentialUseCase.ProvideDeviceCertificate when response.HasDer =>
                new CredentialReply(FirmwareVersionReadStatus.Read, true, "certificate provided") { Certificate = response.Der.ToArray() },
            _ => new CredentialReply(FirmwareVersionReadStatus.Read, false, $"response code {response.ResponseCode}"),
        };
    }
}
