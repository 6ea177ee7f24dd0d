using System.Globalization;
using System.Xml.Linq;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Duis;

/// <summary>
/// The DUIS 5.4 bodies of the credential service requests (SECMP0170 requirement 8; issue 9 §2): 6.15.1
/// UpdateSecurityCredentialsKRP, 6.15.2 UpdateSecurityCredentialsDevice, 6.17 IssueSecurityCredentials, 6.23
/// UpdateSecurityCredentialsCoS, 6.24.1 RetrieveDeviceSecurityCredentialsKRP, 6.24.2
/// RetrieveDeviceSecurityCredentialsDevice, 8.5 ServiceOptOut. Value formats are the schema's job; what it cannot
/// say (Base64 that decodes, a role HanBench replaces) is checked here, without throwing.
/// </summary>
internal static class DuisCredentialParser
{
    private static readonly XNamespace Sr = DuisNames.Sr;

    /// <summary>The body element and the command variants each SRV takes (DUIS 5.4 schema comments; CV 5–7 carry a SignedPreCommand).</summary>
    public static readonly IReadOnlyDictionary<string, (string Body, int[] CommandVariants)> Bodies = new Dictionary<string, (string, int[])>(StringComparer.Ordinal)
    {
        [ServiceReferenceVariants.UpdateSecurityCredentialsKrp] = ("UpdateSecurityCredentialsKRP", [4]),
        [ServiceReferenceVariants.UpdateSecurityCredentialsDevice] = ("UpdateSecurityCredentialsDevice", [4]),
        [ServiceReferenceVariants.IssueSecurityCredentials] = ("IssueSecurityCredentials", [4]),
        [ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsDevice] = ("RetrieveDeviceSecurityCredentialsDevice", [4]),
        [ServiceReferenceVariants.UpdateSecurityCredentialsCoS] = ("UpdateSecurityCredentialsCoS", [1, 2, 3]),
        [ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsKrp] = ("RetrieveDeviceSecurityCredentialsKRP", [1, 2, 3]),
        [ServiceReferenceVariants.ServiceOptOut] = ("ServiceOptOut", [1]),
    };

    /// <summary>Whether <paramref name="srv"/> is a credential SRV (its ExecutionDateTime is the handler's to judge).</summary>
    public static bool Handles(string srv) => Bodies.ContainsKey(srv);

    /// <summary>The request the body maps to, or a malformed result naming the problem.</summary>
    public static DuisParseResult Parse(DuisRequestHeader header, XElement body)
    {
        string srv = header.ServiceReferenceVariant;
        var request = new CredentialRequest(header.RequestId.ToString(), srv, header.RequestId.Target, UseCaseOf(srv)) { Originator = header.RequestId.Originator };
        string? problem = null;
        switch (srv)
        {
            case ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsKrp:
                request = request with { RemotePartyRoles = [.. body.Elements(Sr + "RemotePartyRole").Select(e => e.Value.Trim())] };
                break;
            case ServiceReferenceVariants.IssueSecurityCredentials or ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsDevice:
                string? usage = UsageOf(Text(body, "CredentialType"));
                problem = usage is null ? $"CredentialType '{Text(body, "CredentialType")}' is not Digital Signature or Key Agreement" : null;
                request = request with { Usage = usage };
                break;
            case ServiceReferenceVariants.UpdateSecurityCredentialsDevice:
                request = request with { DeviceCertificate = Base64(body, "DeviceCertificate", ref problem) };
                break;
            case ServiceReferenceVariants.UpdateSecurityCredentialsKrp:
                if (Text(body, "RemotePartyRole") is { } role && role != "Supplier")
                {
                    return DuisParseResult.Refused(header, DuisResponseCodes.NotSupportedByHanBench, $"HanBench replaces supplier credentials with 6.15.1, not {role}'s");
                }

                request = Replacement(request, body, body.Element(Sr + "ReplacementCertificates")?.Element(Sr + "SupplierOrNetworkOperatorCertificates"), CredentialReplacementMode.SupplierBySupplier, "RemotePartyFloorSeqNumber", "RemotePartyPrepaymentTopUpFloorSeqNumber", ref problem);
                break;
            case ServiceReferenceVariants.UpdateSecurityCredentialsCoS:
                request = Replacement(request, body, body.Element(Sr + "SupplierReplacementCertificates"), CredentialReplacementMode.ChangeOfSupplier, "SupplierFloorSeqNumber", "SupplierPrepaymentTopUpFloorSeqNumber", ref problem);
                break;
            default:
                request = Replacement(request, body, body.Element(Sr + "ReplacementCertificates"), CredentialReplacementMode.AcbByAcb, "ACBFloorSeqNumber", null, ref problem);
                break;
        }

        return problem is null
            ? DuisParseResult.Parsed(new DuisRequest(header, request))
            : DuisParseResult.Malformed($"SRV {srv}: {problem}", header);
    }

    private static CredentialUseCase UseCaseOf(string srv) => srv switch
    {
        ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsKrp => CredentialUseCase.ProvideDetails,
        ServiceReferenceVariants.IssueSecurityCredentials => CredentialUseCase.IssueDeviceCredentials,
        ServiceReferenceVariants.UpdateSecurityCredentialsDevice => CredentialUseCase.UpdateDeviceCertificate,
        ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsDevice => CredentialUseCase.ProvideDeviceCertificate,
        _ => CredentialUseCase.ReplaceRemoteParty,
    };

    /// <summary>DUIS CredentialType to the inventory's usage.</summary>
    public static string? UsageOf(string? credentialType) => credentialType switch
    {
        "Digital Signature" => DeviceCertificates.DigitalSigning,
        "Key Agreement" => DeviceCertificates.KeyAgreement,
        _ => null,
    };

    private static CredentialRequest Replacement(
        CredentialRequest request, XElement body, XElement? certificates, CredentialReplacementMode mode, string floor, string? topUpFloor, ref string? problem)
    {
        var replacements = new List<ReplacementCertificate>();
        foreach ((string element, string usage) in new[]
        {
            ("DigitalSigningCertificate", DeviceCertificates.DigitalSigning),
            ("KeyAgreementCertificate", DeviceCertificates.KeyAgreement),
            ("KeyAgreementTopUpCertificate", DeviceCertificates.KeyAgreementTopUp),
        })
        {
            if (certificates?.Element(Sr + element) is not null && Base64(certificates, element, ref problem) is { } der)
            {
                replacements.Add(new ReplacementCertificate(usage, der));
            }
        }

        if (replacements.Count == 0 && problem is null)
        {
            problem = "no replacement certificate HanBench can put on a device";
        }

        DateTimeOffset? when = null;
        if (Text(body, "ExecutionDateTime") is { } text)
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
            {
                when = parsed;
            }
            else
            {
                problem ??= $"ExecutionDateTime '{text}' is not a date-time";
            }
        }

        var path = new List<byte[]>();
        foreach (XElement certificate in body.Element(Sr + "CertificationPathCertificates")?.Elements(Sr + "Certificate") ?? [])
        {
            if (Der(certificate.Value, "CertificationPathCertificates/Certificate", ref problem) is { } der)
            {
                path.Add(der);
            }
        }

        return request with
        {
            CertificationPath = path,
            Mode = mode,
            Replacements = replacements,
            ExecutionDateTime = when,
            FloorSeqNumber = Number(body, floor),
            TopUpFloorSeqNumber = topUpFloor is null ? 0 : Number(body, topUpFloor),
        };
    }

    private static byte[]? Base64(XElement parent, string name, ref string? problem) => Der(parent.Element(Sr + name)?.Value, name, ref problem);

    private static byte[]? Der(string? value, string name, ref string? problem)
    {
        string text = string.Concat((value ?? string.Empty).Where(c => !char.IsWhiteSpace(c)));
        var buffer = new byte[text.Length * 3 / 4];
        if (text.Length > 0 && Convert.TryFromBase64String(text, buffer, out int written))
        {
            return buffer[..written];
        }

        problem ??= $"{name} is not Base64 DER";
        return null;
    }

    private static ulong Number(XElement body, string name) =>
        ulong.TryParse(Text(body, name), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : 0;

    private static string? Text(XElement parent, string name) => parent.Element(Sr + name)?.Value.Trim();
}
