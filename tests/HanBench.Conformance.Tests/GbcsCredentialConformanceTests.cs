using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;

namespace HanBench.Conformance.Tests;

/// <summary>
/// The CS02a–e payload codecs (issue 8 §4) against every message of the RTDS 4.5.0 credential-management folders: each
/// decodes to the fields the folder's <c>PARSED.json.txt</c> lists (made by SmartDCCInnovation/gbcs-parser, an
/// independent implementation: roles, key and cell usages, statuses, sequence numbers, subject and key ids, modes,
/// dates, alert and response codes, certificates), and writing the decoded payload back gives the RTDS octets, so the
/// whole message re-encodes octet for octet with its own signature and MAC. (Their MACs and signatures are checked by
/// <see cref="GbcsMacConformanceTests"/> and <see cref="GbcsSignatureConformanceTests"/>, which cover these folders.)
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed partial class GbcsCredentialConformanceTests
{
    private const string Rtds = "rtds-4.5.0";

    // Every *_GBCS.HEX in the eight folders.
    private const int Cs02Messages = 52;

    private static readonly string[] Folders =
    [
        "6.15.1_CS02bSupplierBySupplier", "6.15.2_CS02d", "6.17_CS02c", "6.23_CS02bSupplierByTransCoS",
        "6.24.1_CS02aMAC", "6.24.2_CS02e", "8.5_CS02bACBByACB", "NA_CS02aSignature",
    ];

    private static readonly HashSet<string> Fields =
    [
        "Remote Party Role", "Key Usage", "Cell Usage", "Status Code", "Current Seq Number", "Subject Unique ID",
        "Subject Key Identifier", "Credentials Replacement Mode", "Apply Time Based CPV Checks", "Authorising Remote Party Seq Number",
        "New Remote Party Floor Seq Number", "Seq Number Usage", "Seq Number", "Floor Seq Number",
        "Existing Subject Unique ID", "Existing Subject Key ID", "Replacing Subject Unique ID", "Replacing Subject Key ID",
        "Execution Date Time", "Alert Code", "Response Code", "", "Certificate", "Certification Request",
    ];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void EveryRtdsCs02Message_DecodesToItsDocumentedFields_AndReencodesOctetForOctet()
    {
        int checkedMessages = 0;
        foreach (string folder in Folders)
        {
            Dictionary<string, List<string>> documented = DocumentedFields(folder);
            foreach (string path in Directory.GetFiles(Vectors.PathOf(Rtds, folder), "*_GBCS.HEX").Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(path);
                byte[] bytes = Convert.FromHexString(File.ReadAllText(path).Trim());
                var envelope = new GbcsEnvelope();
                var reader = new ByteReader(bytes, 0, bytes.Length);
                GbcsStatus status = name.Contains("_PRECOMMAND_", StringComparison.Ordinal)
                    ? GbcsEnvelope.TryDecodePreCommand(reader, envelope)
                    : GbcsEnvelope.TryDecode(reader, envelope);
                Assert.AreEqual(GbcsStatus.Ok, status, name);

                List<string> fields = [];
                byte[] payload = DecodeAndReencode(envelope, fields, name);
                Assert.AreEqual(
                    Convert.ToHexString(envelope.ContentBuffer, envelope.ContentOffset, envelope.ContentLength),
                    Convert.ToHexString(payload),
                    name + ": payload re-encoded");
                CollectionAssert.AreEqual(documented[name], fields, name + ": " + string.Join(", ", fields));

                envelope.SetContent(payload, 0, payload.Length);
                byte[] again = new byte[envelope.EncodedLength];
                var writer = new ByteWriter(again);
                envelope.WriteTo(writer);
                Assert.AreEqual(Convert.ToHexString(bytes), Convert.ToHexString(again), name + ": message re-encoded");
                checkedMessages++;
            }
        }

        Assert.AreEqual(Cs02Messages, checkedMessages);
    }

    [TestMethod]
    public void DeviceCertificationRequest_RtdsKeyAndDevice_HasTheRtdsRequestInfo_AndAFreshOneVerifiesInDotNet()
    {
        byte[] response = Convert.FromHexString(Vectors.ReadText(Rtds, "6.17_CS02c", "CS02c_6.17_SUCCESS_RESPONSE_GBCS.HEX").Trim());
        var envelope = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(response, 0, response.Length), envelope));
        byte[] rtds = envelope.ContentBuffer[envelope.ContentOffset..(envelope.ContentOffset + envelope.ContentLength)];
        const int infoEnd = 4 + 189;
        byte[] rtdsKey = rtds[38..103];

        // The info (everything the signature covers) depends on the key, usage and EUI only: any signing key will do.
        var anyKey = new byte[32];
        anyKey[31] = 1;
        var mine = new byte[HanBench.Device.Roles.CertificationRequestWriter.MaxLength];
        var writer = new HanBench.Device.Roles.CertificationRequestWriter();
        Assert.IsTrue(writer.Write(rtdsKey, anyKey, GbcsKeyUsage.DigitalSignature, envelope.OriginatorSystemTitle, mine) > 0);
        Assert.AreEqual(Convert.ToHexString(rtds, 4, infoEnd - 4), Convert.ToHexString(mine, 4, infoEnd - 4));

        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(true);
        byte[] publicKey = [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
        int length = writer.Write(publicKey, parameters.D!, GbcsKeyUsage.KeyAgreement, 0x00DB1234567890A4UL, mine);
        var request = System.Security.Cryptography.X509Certificates.CertificateRequest.LoadSigningRequest(
            mine[..length], System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.X509Certificates.CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        var usage = request.CertificateExtensions.OfType<System.Security.Cryptography.X509Certificates.X509KeyUsageExtension>().Single();
        Assert.AreEqual(System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyAgreement, usage.KeyUsages);
        Assert.IsTrue(usage.Critical);
        StringAssert.EndsWith(Convert.ToHexString(request.CertificateExtensions.Single(e => e.Oid!.Value == "2.5.29.17").RawData), "040800DB1234567890A4");
    }

    // Decodes the payload with the codec its message code and CRA flag call for, lists its fields as the parser names
    // them, and writes it back.
    private static byte[] DecodeAndReencode(GbcsEnvelope envelope, List<string> fields, string name)
    {
        var reader = new ByteReader(envelope.ContentBuffer, envelope.ContentOffset, envelope.ContentLength);
        bool command = envelope.CraFlag == GbcsCraFlag.Command;
        var writer = new ByteWriter(new byte[envelope.ContentLength + 64]);
        int length;
        switch (envelope.MessageCode)
        {
            case GbcsMessageCode.ProvideCredentialsDetails when command:
                var detailsCommand = new CredentialsDetailsCommand();
                Assert.AreEqual(GbcsPayloadStatus.Ok, CredentialsDetailsCommand.TryDecode(reader, detailsCommand), name);
                Cell(fields, detailsCommand.Authorising);
                for (int i = 0; i < detailsCommand.RoleCount; i++)
                {
                    Add(fields, "Remote Party Role", (ulong)detailsCommand.Roles[i]);
                }

                detailsCommand.WriteTo(writer);
                length = detailsCommand.EncodedLength;
                break;
            case GbcsMessageCode.ProvideCredentialsDetails:
                var details = new CredentialsDetailsResponse();
                Assert.AreEqual(GbcsPayloadStatus.Ok, CredentialsDetailsResponse.TryDecode(reader, details), name);
                for (int i = 0; i < details.PartyCount; i++)
                {
                    RemotePartyDetails party = details.Parties[i];
                    Add(fields, "Remote Party Role", (ulong)party.Role);
                    Add(fields, "Status Code", (ulong)party.Status);
                    if (party.HasDetails)
                    {
                        Add(fields, "Current Seq Number", party.SeqNumber);
                        for (int c = 0; c < party.CellCount; c++)
                        {
                            TrustAnchorContents cell = party.Cells[c];
                            Add(fields, "Key Usage", cell.KeyUsage);
                            Add(fields, "Cell Usage", cell.CellUsage);
                            Add(fields, "Subject Unique ID", cell.SubjectId);
                            Add(fields, "Subject Key Identifier", cell.SubjectKeyId);
                        }
                    }
                }

                details.WriteTo(writer);
                length = details.EncodedLength;
                break;
            case GbcsMessageCode.UpdateCredentialsSupplierBySupplier or GbcsMessageCode.UpdateCredentialsAcbByAcb or GbcsMessageCode.UpdateCredentialsSupplierByTransCoS when command:
                var update = new UpdateCredentialsCommand();
                Assert.AreEqual(GbcsPayloadStatus.Ok, UpdateCredentialsCommand.TryDecode(reader, update), name);
                Add(fields, "Credentials Replacement Mode", (ulong)update.Mode);
                if (update.HasCpvChecks)
                {
                    Add(fields, "Apply Time Based CPV Checks", update.CpvChecks);
                }

                if (update.HasAuthorising)
                {
                    Cell(fields, update.Authorising);
                }

                Add(fields, "Authorising Remote Party Seq Number", update.SeqNumber);
                if (update.HasFloor)
                {
                    Add(fields, "New Remote Party Floor Seq Number", update.FloorSeqNumber);
                }

                if (update.HasSpecialistFloors)
                {
                    Specialist(fields, update.SpecialistFloors);
                }

                for (int i = 0; i < update.OtherChangeCount; i++)
                {
                    Change(fields, update.OtherChanges[i]);
                }

                for (int i = 0; i < update.ReplacementCount; i++)
                {
                    Der(fields, "", update.Replacements[i].Certificate);
                    Cell(fields, update.Replacements[i].Target);
                }

                for (int i = 0; i < update.PathCount; i++)
                {
                    Der(fields, "", update.Path[i]);
                }

                if (update.HasExecutionDateTime)
                {
                    fields.Add("Execution Date Time=" + Time(update.ExecutionDateTime));
                }

                update.WriteTo(writer);
                length = update.EncodedLength;
                break;
            case GbcsMessageCode.UpdateCredentialsSupplierBySupplier or GbcsMessageCode.UpdateCredentialsAcbByAcb or GbcsMessageCode.UpdateCredentialsSupplierByTransCoS:
                var response = new UpdateCredentialsResponse();
                Assert.AreEqual(GbcsPayloadStatus.Ok, UpdateCredentialsResponse.TryDecode(reader, response), name);
                if (response.HasOutcome)
                {
                    Outcome(fields, response.Outcome);
                }

                response.WriteTo(writer);
                length = response.EncodedLength;
                break;
            case GbcsMessageCode.FutureDatedUpdateCredentialsAlert:
                var alert = new UpdateCredentialsAlert();
                Assert.AreEqual(GbcsPayloadStatus.Ok, UpdateCredentialsAlert.TryDecode(reader, alert), name);
                Add(fields, "Alert Code", alert.AlertCode);
                fields.Add("Execution Date Time=" + Time(alert.ExecutionDateTime));
                Outcome(fields, alert.Outcome);
                alert.WriteTo(writer);
                length = alert.EncodedLength;
                break;
            case GbcsMessageCode.IssueCredentials or GbcsMessageCode.ProvideDeviceCertificate when command:
                var usage = new KeyUsageCommand();
                Assert.AreEqual(GbcsPayloadStatus.Ok, KeyUsageCommand.TryDecode(reader, usage), name);
                Add(fields, "Key Usage", usage.KeyUsage);
                usage.WriteTo(writer);
                length = KeyUsageCommand.EncodedLength;
                break;
            case GbcsMessageCode.IssueCredentials or GbcsMessageCode.ProvideDeviceCertificate or GbcsMessageCode.UpdateDeviceCertificate:
                var body = new CertificateOrCode();
                Assert.AreEqual(GbcsPayloadStatus.Ok, CertificateOrCode.TryDecode(reader, body), name);
                if (body.HasDer)
                {
                    Der(fields, "", body.Der);
                }
                else
                {
                    Add(fields, "Response Code", body.ResponseCode);
                }

                body.WriteTo(writer);
                length = body.EncodedLength;
                break;
            default:
                Assert.Fail($"{name}: message code 0x{envelope.MessageCode:X4} is not a CS02 one");
                return [];
        }

        Assert.AreEqual(length, writer.Written, name + ": EncodedLength");
        return writer.Buffer[..writer.Written];
    }

    private static void Outcome(List<string> fields, UpdateCredentialsOutcome outcome)
    {
        Add(fields, "Authorising Remote Party Seq Number", outcome.SeqNumber);
        Add(fields, "Credentials Replacement Mode", (ulong)outcome.Mode);
        for (int i = 0; i < outcome.ChangeCount; i++)
        {
            Change(fields, outcome.Changes[i]);
        }

        for (int i = 0; i < outcome.OutcomeCount; i++)
        {
            ReplacementOutcome replaced = outcome.Outcomes[i];
            Cell(fields, replaced.Cell);
            Add(fields, "Status Code", (ulong)replaced.Status);
            Add(fields, "Existing Subject Unique ID", replaced.ExistingId);
            Add(fields, "Existing Subject Key ID", replaced.ExistingKeyId);
            Add(fields, "Replacing Subject Unique ID", replaced.ReplacingId);
            Add(fields, "Replacing Subject Key ID", replaced.ReplacingKeyId);
        }
    }

    private static void Change(List<string> fields, SeqNumberChange change)
    {
        Add(fields, "Remote Party Role", (ulong)change.Role);
        Add(fields, "Floor Seq Number", change.FloorSeqNumber);
        if (change.HasSpecialistFloors)
        {
            Specialist(fields, change.SpecialistFloors);
        }
    }

    private static void Specialist(List<string> fields, SpecialistSeqNumbers numbers)
    {
        for (int i = 0; i < numbers.Count; i++)
        {
            Add(fields, "Seq Number Usage", numbers.Usages[i]);
            Add(fields, "Seq Number", numbers.Numbers[i]);
        }
    }

    private static void Cell(List<string> fields, TrustAnchorCell cell)
    {
        Add(fields, "Remote Party Role", (ulong)cell.Role);
        Add(fields, "Key Usage", cell.KeyUsage);
        Add(fields, "Cell Usage", cell.CellUsage);
    }

    private static void Add(List<string> fields, string name, ulong value) => fields.Add($"{name}={value}");

    private static void Der(List<string> fields, string name, DerView der) =>
        fields.Add($"{name}={Convert.ToHexString(der.Buffer, der.Offset, der.Length)}");

    private static string Time(GbcsTimestamp t) => $"{t.Year:D4}{t.Month:D2}{t.Day:D2}{t.Hour:D2}{t.Minute:D2}{t.Second:D2}Z";

    // The fields of each message's payload as PARSED.json.txt lists them, in order, with their values read from the
    // octets the parser attributes to them.
    private static Dictionary<string, List<string>> DocumentedFields(string folder)
    {
        string text = Vectors.ReadText(Rtds, folder, "PARSED.json.txt");
        string[] parts = Section().Split(text);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (int i = 1; i + 1 < parts.Length; i += 2)
        {
            using JsonDocument document = JsonDocument.Parse(parts[i + 1]);
            List<string> fields = [];
            if (document.RootElement.TryGetProperty("Payload", out JsonElement payload))
            {
                Walk(payload, fields);
            }

            result[parts[i].Trim()] = fields;
        }

        return result;
    }

    private static void Walk(JsonElement node, List<string> fields)
    {
        foreach (JsonProperty property in node.EnumerateObject())
        {
            string name = Index().Replace(property.Name, string.Empty);
            JsonElement value = property.Value;
            string hex = value.TryGetProperty("hex", out JsonElement h) ? h.GetString()!.Replace(" ", string.Empty, StringComparison.Ordinal) : string.Empty;
            bool structure = value.TryGetProperty("children", out JsonElement children);
            bool certificate = name is "" or "Certificate" or "Certification Request";
            if (certificate)
            {
                fields.Add("=" + hex);
            }
            else if (Fields.Contains(name))
            {
                fields.Add(name + "=" + Value(name, Convert.FromHexString(hex)));
            }

            if (structure && !certificate)
            {
                Walk(children, fields);
            }
        }
    }

    // INTEGER/ENUMERATED/OCTET STRING: the content octets big-endian; key usage: the BIT STRING's octet; cell usage:
    // absent is management (0); a GeneralizedTime: its characters.
    private static string Value(string name, byte[] octets)
    {
        if (octets.Length == 0)
        {
            return "0";
        }

        if (name == "Execution Date Time")
        {
            return Encoding.ASCII.GetString(octets, 2, octets.Length - 2);
        }

        if (name == "Key Usage")
        {
            return octets[^1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        ulong value = 0;
        for (int i = 2; i < octets.Length; i++)
        {
            value = (value << 8) | octets[i];
        }

        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^=== (.*)$", RegexOptions.Multiline)]
    private static partial Regex Section();

    [GeneratedRegex(@"^\s*\[\d+\]\s*")]
    private static partial Regex Index();
}
