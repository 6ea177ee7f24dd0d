using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HanBench.Cli;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;
using HanBench.VirtualBoard.Tests.Hil;

namespace HanBench.VirtualBoard.Tests.Gbcs;

/// <summary>
/// Issue 8 §5: the demo and <c>bench run boards/benches/virtual-bench.json</c> run with security on (the default), and
/// every message in their <c>--gbcs-log</c> that carries a MAC or a signature verifies with <c>hanbench gbcs verify</c>
/// (the command itself, in-process) and the keys <c>hanbench keys export</c> wrote. The keystore holds the keys the bench
/// runs with: HanBench's test keys (<see cref="GbcsTestKeys"/>) for the ACB, the supplier and every device the transcript
/// names, under certificates of a test CA, until the bench provisions its devices from a keystore.
/// </summary>
[TestClass]
public sealed class GbcsTranscriptVerificationTests
{
    // What must verify (issue 8 §3): CS08 commands and responses (MAC'd), CS06 commands (MAC'd and supplier-signed; the
    // demo's 11.3, the virtual bench has no hub activation) and CS06 responses, CCS08 alerts (0x0128) and 0x8F8B
    // (0x012B), all signed by their device; and no GBCS message of either run goes unsecured.
    private static readonly string[] DemoMustVerify = ["0012 Command", "0012 Response", "0128 Alert", "012B Alert", "0129 Command", "0129 Response"];
    private static readonly string[] BenchMustVerify = ["0128 Alert", "012B Alert", "0129 Command", "0129 Response"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public void Demo_GbcsLog_EverySecuredMessageVerifiesWithTheExportedKeys()
    {
        string folder = TestFolders.Create("hanbench-gbcslog-");
        string log = Path.Combine(folder, "demo.jsonl");
        (int code, string output, string error) = Run("demo", "--gbcs-log", log, "--json");
        Assert.AreEqual(ExitCodes.Ok, code, output + error);

        AssertOnTheBenchClock(log);
        VerifyTranscript(folder, log, DemoMustVerify);
    }

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public void VirtualBench_GbcsLog_EverySecuredMessageVerifiesWithTheExportedKeys()
    {
        string folder = TestFolders.Create("hanbench-gbcslog-");
        string log = Path.Combine(folder, "bench.jsonl");
        (int code, string output, string error) = Run("bench", "run", BenchFiles.PathOf("virtual-bench.json"), "--gbcs-log", log);
        Assert.AreEqual(ExitCodes.Ok, code, output + error);

        AssertOnTheBenchClock(log);
        VerifyTranscript(folder, log, BenchMustVerify);
    }

    /// <summary>
    /// A virtual bench's transcript runs on the bench clock, as its inventory and the devices' GBCS date-times do: from
    /// 2025-01-01T00:00:00Z (<see cref="ClockTimeProvider.BenchEpoch"/>), not from the wall clock at the run's start.
    /// </summary>
    private static void AssertOnTheBenchClock(string log)
    {
        foreach (string line in File.ReadLines(log))
        {
            using JsonDocument json = JsonDocument.Parse(line);
            DateTimeOffset time = DateTimeOffset.Parse(json.RootElement.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
            Assert.IsTrue(time >= ClockTimeProvider.BenchEpoch && time < ClockTimeProvider.BenchEpoch.AddDays(1), $"bench time from 2025-01-01: {line}");
        }
    }

    private void VerifyTranscript(string folder, string log, string[] mustVerify)
    {
        List<JsonElement> lines = [.. File.ReadLines(log).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
        Assert.IsTrue(lines.Count > 0, "the transcript holds the run's GBCS messages");
        foreach (JsonElement line in lines)
        {
            foreach (string field in new[] { "time", "from", "to", "direction", "messageCode", "hex" })
            {
                Assert.IsTrue(line.TryGetProperty(field, out _), $"every line has '{field}': {line}");
            }
        }

        string exported = ExportTestKeys(folder, lines);
        var verified = new SortedSet<string>(StringComparer.Ordinal);
        var unsecured = new SortedSet<string>(StringComparer.Ordinal);
        var checkedHex = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonElement line in lines)
        {
            string hex = line.GetProperty("hex").GetString()!;
            string kind = $"{line.GetProperty("messageCode").GetString()} {line.GetProperty("cra").GetString()}";
            if (!checkedHex.Add(hex))
            {
                // The same message on its next hop (the hub and the bridges relay it unchanged).
                continue;
            }

            (int exit, string json, string error) = Run("gbcs", "verify", hex, "--keystore", exported, "--json");
            using JsonDocument result = JsonDocument.Parse(json);
            string mac = result.RootElement.GetProperty("mac").GetProperty("outcome").GetString()!;
            string signature = result.RootElement.GetProperty("signature").GetProperty("outcome").GetString()!;
            if (mac == "Absent" && signature == "Absent")
            {
                unsecured.Add(kind);
                continue;
            }

            Assert.AreEqual(ExitCodes.Ok, exit, $"{kind} from {line.GetProperty("from").GetString()} verifies: {error}{json}");
            if (verified.Add(kind))
            {
                // The same keys refuse the message with one octet before its MAC flipped (payload or signature): the check is real.
                int at = hex.Length - 2 * (GbcsEnvelope.MacLength + 2);
                string flipped = hex[..at] + (Convert.ToByte(hex.Substring(at, 2), 16) ^ 0x01).ToString("X2", CultureInfo.InvariantCulture) + hex[(at + 2)..];
                Assert.AreEqual(ExitCodes.Failed, Run("gbcs", "verify", flipped, "--keystore", exported).ExitCode, $"{kind} with a flipped octet");
            }
        }

        TestContext.WriteLine($"verified: {string.Join(", ", verified)}; neither MAC'd nor signed yet: {string.Join(", ", unsecured)}");
        Assert.IsEmpty(unsecured, "every GBCS message is MAC'd or signed");
        foreach (string kind in mustVerify)
        {
            Assert.IsTrue(verified.Contains(kind), $"{kind} is in the transcript and verifies (verified: {string.Join(", ", verified)})");
        }
    }

    /// <summary>
    /// A keystore with the bench's keys (the ACB, the supplier and every other party the transcript's messages name, each
    /// with its HanBench test DS and KA keys under certificates of a test CA), exported by <c>hanbench keys export</c>.
    /// </summary>
    private static string ExportTestKeys(string folder, List<JsonElement> lines)
    {
        string keystore = Path.Combine(folder, "keystore");
        string exported = Path.Combine(folder, "exported");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Keystore store = Keystore.Open(keystore);
        using var root = CertificateAuthority.CreateRoot("HanBench transcript test root", now);
        using CertificateAuthority issuing = root.CreateIssuing("HBT", now);
        var parties = new SortedSet<ulong>();
        var envelope = new GbcsEnvelope();
        foreach (JsonElement line in lines)
        {
            Assert.IsTrue(Hex.TryDecode(line.GetProperty("hex").GetString()!, out byte[] message));
            if (GbcsEnvelope.TryDecode(new ByteReader(message, 0, message.Length), envelope) == GbcsStatus.Ok)
            {
                parties.Add(envelope.OriginatorSystemTitle);
                parties.Add(envelope.RecipientSystemTitle);
            }
        }

        parties.Add(HubSessionOptions.DefaultAcbSystemTitle);
        parties.Add(HubSessionOptions.DefaultSupplierSystemTitle);
        foreach (ulong party in parties)
        {
            PartyRole role = party switch
            {
                HubSessionOptions.DefaultAcbSystemTitle => PartyRole.AccessControlBroker,
                HubSessionOptions.DefaultSupplierSystemTitle => PartyRole.Supplier,
                _ => PartyRole.Device,
            };
            var id = new Eui64(party);
            foreach (CredentialUsage usage in Enum.GetValues<CredentialUsage>())
            {
                using ECDsa key = TestKey(party, usage);
                X509Certificate2 certificate = role == PartyRole.Device
                    ? SmkiProfile.IssueDevice(id, usage, key, issuing, now)
                    : SmkiProfile.IssueOrganisation(id, RemotePartyRoleCodes.Of(role), role.ToString(), usage, key, issuing, now);
                store.Put(new PartyCredential(id, usage, certificate, key.ExportPkcs8PrivateKeyPem(), Primary: true));
            }

            store.PutParty(new Party(id, role, $"{role} {id}"));
        }

        (int code, string output, string error) = Run("keys", "export", "--keystore", keystore, "--dir", exported);
        Assert.AreEqual(ExitCodes.Ok, code, output + error);
        return exported;
    }

    /// <summary>The HanBench test key (<see cref="GbcsTestKeys"/>) of <paramref name="party"/> for <paramref name="usage"/>, as the bench derives it.</summary>
    private static ECDsa TestKey(ulong party, CredentialUsage usage)
    {
        byte use = usage == CredentialUsage.DigitalSigning ? GbcsTestKeys.DigitalSigning : GbcsTestKeys.KeyAgreement;
        var d = new byte[EcdsaP256Signer.PrivateKeyLength];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, party, use, d, 0);
        byte[] q = GbcsTestKeys.DerivePublicKey(GbcsTestKeys.DefaultSeed, party, use);
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = d,
            Q = new ECPoint { X = q[1..33], Y = q[33..65] },
        });
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = HanBenchCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
