using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Csp;
using HanBench.Host.Keys;
using HanBench.Host.Tests.Csp;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Protocol.Security;

namespace HanBench.Conformance.Tests;

/// <summary>
/// CS08 as the RTDS 11.2_CS08 messages carry it (issue 8 §3): the ACB's command names the supplier it acts for as the
/// supplementary remote party, with a counter of that supplier's, and the device's response echoes both; the MAC covers
/// them with the rest of the General-Signing block. Built by HanBench from the RTDS fields and keys
/// (<c>../shared/vectors/keystore</c>), the command and the response are the RTDS files octet for octet, MAC included.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class Cs08ConformanceTests
{
    private const string Folder = "11.2_CS08";
    private const ulong Acb = 0x90B3D51F30000002UL;
    private const ulong Supplier = 0x90B3D51F30010000UL;
    private const ulong Hub = 0x00DB1234567890A2UL;

    [TestMethod]
    [DataRow("CS08_11.2_SUCCESS_COMMAND_GBCS.HEX")]
    [DataRow("CS08_11.2_ERROR_COMMAND_GBCS.HEX")]
    public void ReadFirmwareVersion_RtdsCountersAndKeys_IsTheRtdsCommandOctetForOctet(string file)
    {
        byte[] rtds = ReadHex(file);
        GbcsEnvelope expected = Decode(rtds);
        Assert.IsTrue(expected.HasSupplementaryRemotePartyId && expected.HasSupplementaryRemotePartyCounter, "RTDS: the command names a supplementary remote party");
        Assert.AreEqual(Supplier, expected.SupplementaryRemotePartyId);
        ulong device = expected.RecipientSystemTitle;

        // The host as the ACB with the RTDS ACB KA key; the device's supplier is the RTDS supplier; the counters are the
        // RTDS command's (originator 0x514/0x515, supplementary remote party 0x3E8/0x3E9).
        var keys = new GbcsPartyKeys(PrivateScalar(Acb, "ka"), PrivateScalar(Supplier, "ds"), d => PublicKey(d, "ka"), d => PublicKey(d, "ds"));
        var link = new RecordingLink();
        var session = new HubSession(link, new HanBench.Host.Tests.Csp.ManualClock(), new HubSessionOptions { HostEui = 0x00DB000000000100UL, HubEui = Hub, Keys = keys },
            new MemoryOriginatorCounter(expected.OriginatorCounter));
        session.Gbcs.SupplementaryCounters = new MemorySupplementaryCounters(expected.SupplementaryRemotePartyCounter);

        session.ReadFirmwareVersion(device);

        HanFrame sent = link.OfKind(HanFrameKind.Gbcs).Single();
        Assert.AreEqual(device, sent.Destination);
        Assert.AreEqual(Convert.ToHexString(rtds), Convert.ToHexString(sent.Payload, sent.PayloadOffset, sent.PayloadLength));
    }

    [TestMethod]
    public void Ppmid_RtdsCommand_AnswersTheRtdsResponseOctetForOctet()
    {
        byte[] command = ReadHex("CS08_11.2_SUCCESS_COMMAND_GBCS.HEX");
        byte[] rtds = ReadHex("CS08_11.2_SUCCESS_RESPONSE_GBCS.HEX");
        ulong device = Decode(command).RecipientSystemTitle;

        // The RTDS PPMID's private keys are not published, but Z is the same from either side of the key agreement
        // (docs/GBCS-SECURITY.md §2): given the ACB's KA private key as its own and the PPMID's KA public key as the ACB's,
        // the device role computes the very Z the RTDS PPMID did, so its MAC can be compared octet for octet.
        var credentials = new DeviceCredentials(PrivateScalar(Acb, "ka"), TestSigningKey(device), PublicKey(device, "ka")!, PublicKey(Supplier, "ds")!);
        RoleSettings configuration = RoleSettings.ForPpmid(device, Hub);
        configuration.Credentials = credentials;
        configuration.Components = [new FirmwareComponentConfig(FirmwareComponentId.Main, RoleSettings.DefaultManufacturerCode, RoleSettings.PpmidImageType, 0x0123ABCD)];
        var link = new RecordingLink();
        var context = new DeviceContext(new HanBench.Device.Memory.ManualClock(0), new MemoryImageStore(4096), new MemorySettingsStore(), new MemoryIndicator(), new MemoryLog(16, LogLevel.Info));
        var role = new PpmidRole(configuration, context, link, null);
        role.Start(0);

        var frame = new HanFrame { Kind = HanFrameKind.Gbcs, Source = Hub, Destination = device };
        frame.SetPayload(command, 0, command.Length);
        role.OnFrame(link, frame);

        Assert.IsNull(role.LastRefusal, role.LastRefusal);
        HanFrame sent = link.OfKind(HanFrameKind.Gbcs).Single();
        Assert.AreEqual(Convert.ToHexString(rtds), Convert.ToHexString(sent.Payload, sent.PayloadOffset, sent.PayloadLength));

        // The RTDS command again: its supplementary remote party counter (and originator counter) were taken.
        role.OnFrame(link, frame);
        Assert.AreEqual(1, link.OfKind(HanFrameKind.Gbcs).Count(), "a replay is not answered");
    }

    private static GbcsEnvelope Decode(byte[] message)
    {
        var envelope = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(message, 0, message.Length), envelope));
        return envelope;
    }

    private static byte[] ReadHex(string file) => Convert.FromHexString(Vectors.ReadText("rtds-4.5.0", Folder, file).Trim());

    // The 32-octet private scalar of a party's key in the RTDS keystore (PKCS#8 PEM).
    private static byte[] PrivateScalar(ulong party, string use)
    {
        using ECDiffieHellman key = ECDiffieHellman.Create();
        key.ImportFromPem(File.ReadAllText(Vectors.PathOf("keystore", $"{party:x16}-{use}.key")));
        return key.ExportParameters(true).D!;
    }

    // The SEC 1 public key of an RTDS keystore certificate, or null when the keystore has none for that party.
    private static byte[]? PublicKey(ulong party, string use)
    {
        string path = Vectors.PathOf("keystore", $"{party:x16}-{use}.pem");
        if (!File.Exists(path))
        {
            return null;
        }

        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        return Keystore.Sec1(certificate);
    }

    // A DS key for the device (CS08 responses are MAC'd, not signed: any valid key will do).
    private static byte[] TestSigningKey(ulong device)
    {
        var key = new byte[EcdsaP256Signer.PrivateKeyLength];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, device, GbcsTestKeys.DigitalSigning, key, 0);
        return key;
    }
}
