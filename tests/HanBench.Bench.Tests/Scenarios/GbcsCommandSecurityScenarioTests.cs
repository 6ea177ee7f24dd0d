using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Host.Csp;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// Attacks on the GBCS commands of the standard bench (issue 8 §3, §5): every command is MAC'd between the ACB's and
/// the recipient's KA keys, and a device checks the MAC before its replay guard and before acting, so each forgery is
/// refused with a named reason, answered with nothing and leaves the originator counter where it was.
/// </summary>
[TestClass]
public sealed class GbcsCommandSecurityScenarioTests
{
    private const ulong Seed = 0x5EC0_0008UL;
    private const ulong Acb = Cs08Commands.Acb;

    [TestMethod]
    public void Cs08_AuthenticCommand_IsMacdOnTheWireAndAnswered()
    {
        var bench = Joined();
        byte[] sent = bench.Host.SendCs08(StandardBench.PpmidEui, counter: 0x3000);
        Assert.AreEqual(GbcsEnvelope.GeneralCipheringTag, sent[0], "the host sends General Ciphering");
        Assert.AreEqual(GbcsMacStatus.Ok, new GbcsMessageSecurity().Verify(TestZ(StandardBench.PpmidEui), 0, sent, 0, sent.Length));
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Any(), 10_000), bench.Ppmid.As<PpmidRole>().LastRefusal);
        Assert.AreEqual(0x3000UL, LastCounter(bench));
    }

    [TestMethod]
    public void Cs08_FlippedMacOctet_RefusedAsBadMacAndTheCounterDoesNotMove()
    {
        var bench = Joined();
        byte[] genuine = Cs08(bench, StandardBench.PpmidEui, 0x3000);
        byte[] forged = (byte[])genuine.Clone();
        forged[^1] ^= 0x01;

        AssertRefused(bench, forged, "MAC does not verify");
        AssertStillAnswers(bench, genuine);
    }

    [TestMethod]
    public void Cs08_FlippedPayloadOctet_RefusedAsBadMacAndTheCounterDoesNotMove()
    {
        var bench = Joined();
        byte[] genuine = Cs08(bench, StandardBench.PpmidEui, 0x3000);
        var envelope = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(genuine, 0, genuine.Length), envelope));
        byte[] forged = (byte[])genuine.Clone();
        forged[envelope.Layout.ContentOffset] ^= 0x80;

        AssertRefused(bench, forged, "MAC does not verify");
        AssertStillAnswers(bench, genuine);
    }

    [TestMethod]
    public void Cs08_ForgedCounterMaxWithBadMac_RefusedAndTheAcbStillWorksAlsoAfterARestart()
    {
        var bench = Joined();
        byte[] forged = Cs08(bench, StandardBench.PpmidEui, ulong.MaxValue);
        forged[^5] ^= 0x10;

        AssertRefused(bench, forged, "MAC does not verify");
        bench.Host.SendCs08(StandardBench.PpmidEui, counter: 0x3000);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count() == 1, 10_000), "the ACB still works");

        bench.Ppmid.PowerCycle(500);
        bench.RunFor(1_000);
        Assert.AreEqual(0x3000UL, LastCounter(bench), "the stored counter is the authentic one");
        bench.Host.SendCs08(StandardBench.PpmidEui, counter: 0x3001);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count() == 2, 10_000), "and after a restart");
    }

    [TestMethod]
    public void Cs08_MacdWithAnotherAcbKey_RefusedAsBadMac()
    {
        var bench = Joined();
        GbcsPartyKeys impostor = GbcsPartyKeys.ForTestKeys(seed: GbcsTestKeys.DefaultSeed ^ 1);
        byte[] forged = Macd(Block(Acb, StandardBench.PpmidEui, 0x3000), impostor.SharedSecretWith(StandardBench.PpmidEui));

        AssertRefused(bench, forged, "MAC does not verify");
        AssertStillAnswers(bench, Cs08(bench, StandardBench.PpmidEui, 0x3000));
    }

    [TestMethod]
    public void Cs08_WithoutMac_RefusedAsMacMissing()
    {
        var bench = Joined();
        AssertRefused(bench, Block(Acb, StandardBench.PpmidEui, 0x3000), "MAC missing");
    }

    [TestMethod]
    public void Cs08_ForAnotherDevice_RefusedAsOtherRecipientAndRetargetedOneFailsItsMac()
    {
        var bench = Joined();
        byte[] forB1 = Cs08(bench, StandardBench.B1Eui, 0x3000);
        AssertRefused(bench, forB1, "for another recipient 00DB");

        // The same command with its recipient rewritten to the PPMID: the MAC was made for B1's key and titles.
        var envelope = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(forB1, 0, forB1.Length), envelope));
        byte[] retargeted = (byte[])forB1.Clone();
        new ByteWriter(retargeted, envelope.Layout.RecipientSystemTitleOffset, 8).WriteUInt64BigEndian(StandardBench.PpmidEui);
        var ppmid = bench.Ppmid.As<PpmidRole>();
        bench.Host.SendGbcs(StandardBench.PpmidEui, retargeted);
        bench.RunFor(5_000);
        Assert.AreEqual(2, ppmid.CommandsRefused);
        StringAssert.Contains(ppmid.LastRefusal, "MAC does not verify");
        AssertStillAnswers(bench, Cs08(bench, StandardBench.PpmidEui, 0x3000));
    }

    [TestMethod]
    public void Cs08_BridgeGivenABadMac_RefusesItAndStillAnswersTheAuthenticOne()
    {
        var bench = Joined();
        byte[] genuine = Cs08(bench, StandardBench.B2Eui, 0x3000);
        byte[] forged = (byte[])genuine.Clone();
        forged[^1] ^= 0xFF;
        bench.Host.SendGbcs(StandardBench.B2Eui, forged);
        bench.RunFor(5_000);
        var b2 = bench.B2.As<AltHanBridgeRole>();
        Assert.AreEqual(1, b2.GbcsSecurity.Failures);
        StringAssert.Contains(b2.LastRefusal, "MAC does not verify");
        Assert.IsFalse(b2.CommandGuard.Guard.TryGetLastCounter(Acb, out _));

        bench.Host.SendGbcs(StandardBench.B2Eui, genuine);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(StandardBench.B2Eui).Any(), 10_000));
    }

    [TestMethod]
    public void Cs06_AuthenticCommand_SignedByTheSupplierMacdAndAnswered()
    {
        var bench = Joined();
        byte[] genuine = Cs06(bench, 0x4000);
        var envelope = Decode(genuine);
        Assert.AreEqual(GbcsEnvelope.EcdsaSignatureLength, envelope.SignatureLength, "supplier-signed");
        Assert.IsTrue(envelope.HasGeneralCiphering, "and MAC'd");

        bench.Host.SendGbcs(StandardBench.HubEui, genuine);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 10_000), "answered (no image held: code 1)");
        Assert.AreEqual(0, bench.Hub.As<CommsHubRole>().Activator.CommandsRefused);
    }

    [TestMethod]
    public void Cs06_FlippedMac_RefusedByTheHubWithNoRestartAndTheCounterUnmoved()
    {
        var bench = Joined();
        byte[] forged = Cs06(bench, 0x4000);
        forged[^1] ^= 0x01;
        AssertHubRefused(bench, forged, "MAC does not verify");
    }

    [TestMethod]
    public void Cs06_SignedByAnotherKeyButValidlyMacd_RefusedAsSignatureNotVerifying()
    {
        var bench = Joined();
        byte[] genuine = Cs06(bench, 0x4000);
        GbcsEnvelope envelope = Decode(genuine);
        GbcsLayout layout = envelope.Layout;
        byte[] block = genuine[layout.GeneralSigningOffset..(layout.GeneralSigningOffset + layout.GeneralSigningLength)];
        var impostor = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed ^ 1, RoleSettings.DefaultSupplierSystemTitle, GbcsTestKeys.DigitalSigning, impostor, 0);
        int shift = layout.GeneralSigningOffset;
        Assert.AreEqual(P256Status.Ok, new EcdsaP256Signer().SignMessage(impostor, 0, block, layout.SignedDataOffset - shift, layout.SignedDataLength, block, layout.SignatureOffset - shift));

        AssertHubRefused(bench, Macd(block, TestZ(StandardBench.HubEui)), "supplier signature does not verify");
    }

    [TestMethod]
    public void Cs06_UnsignedButValidlyMacd_RefusedAsSignatureMissing()
    {
        var bench = Joined();
        byte[] unsigned = bench.Host.Session.Seal(RoleSettings.DefaultSupplierSystemTitle, StandardBench.HubEui, GbcsMessageCode.ActivateFirmware, 0x4000, Cs06Content(0x4000));
        AssertHubRefused(bench, unsigned, "supplier signature missing");
    }

    private static byte[] Cs06(StandardBench bench, ulong counter) =>
        bench.Host.Session.Seal(RoleSettings.DefaultSupplierSystemTitle, StandardBench.HubEui, GbcsMessageCode.ActivateFirmware, counter, Cs06Content(counter), supplierSigned: true);

    private static byte[] Cs06Content(ulong counter)
    {
        var command = new ActivateFirmwareCommand { OriginatorCounter = counter };
        command.SetManufacturerImageHash(new byte[32], 0);
        var content = new byte[command.EncodedLength];
        command.WriteTo(new ByteWriter(content));
        return content;
    }

    private static GbcsEnvelope Decode(byte[] message)
    {
        var envelope = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(message, 0, message.Length), envelope));
        return envelope;
    }

    private static void AssertHubRefused(StandardBench bench, byte[] message, string reason)
    {
        bench.Host.SendGbcs(StandardBench.HubEui, message);
        bench.RunFor(5_000);
        var hub = bench.Hub.As<CommsHubRole>();
        Assert.AreEqual(1, hub.Activator.CommandsRefused);
        Assert.AreEqual(1, hub.Activator.GbcsSecurity.Failures);
        StringAssert.Contains(hub.Activator.LastRefusal, reason);
        Assert.IsFalse(hub.Activator.CommandGuard.Guard.TryGetLastCounter(RoleSettings.DefaultSupplierSystemTitle, out _), "the counter did not move");
        Assert.AreEqual(0, hub.Restarts);
        Assert.AreEqual(0, bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Count(), "nothing answered");
    }

    private static StandardBench Joined()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        return bench;
    }

    private static byte[] Cs08(StandardBench bench, ulong device, ulong counter) => Cs08Commands.Sealed(bench, device, counter);

    // A General-Signing CS08 block with no MAC: what the host sent before commands were MAC'd.
    private static byte[] Block(ulong originator, ulong recipient, ulong counter)
    {
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = counter,
            OriginatorSystemTitle = originator,
            RecipientSystemTitle = recipient,
            MessageCode = GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion,
            HasSupplementaryRemotePartyId = true,
            SupplementaryRemotePartyId = RoleSettings.DefaultSupplierSystemTitle,
            HasSupplementaryRemotePartyCounter = true,
            SupplementaryRemotePartyCounter = counter,
        };
        byte[] content = Cs08Commands.Content();
        envelope.SetContent(content, 0, content.Length);
        var block = new byte[envelope.EncodedLength];
        envelope.WriteTo(new ByteWriter(block));
        return block;
    }

    private static byte[] Macd(byte[] block, byte[] z)
    {
        var frame = new byte[block.Length + 40];
        Assert.AreEqual(GbcsMacStatus.Ok, new GbcsMessageSecurity().Protect(z, 0, block, 0, block.Length, frame, 0, frame.Length, out int written));
        return frame[..written];
    }

    private static byte[] TestZ(ulong device) => GbcsPartyKeys.ForTestKeys().SharedSecretWith(device);

    private static ulong? LastCounter(StandardBench bench) => Cs08Commands.LastCounter(bench);

    private static void AssertRefused(StandardBench bench, byte[] message, string reason)
    {
        var ppmid = bench.Ppmid.As<PpmidRole>();
        long refused = ppmid.CommandsRefused;
        long reads = ppmid.FirmwareVersionReads;
        ulong? counter = LastCounter(bench);
        bench.Host.SendGbcs(StandardBench.PpmidEui, message);
        bench.RunFor(5_000);
        Assert.AreEqual(refused + 1, ppmid.CommandsRefused);
        StringAssert.Contains(ppmid.LastRefusal, reason);
        Assert.AreEqual(reads, ppmid.FirmwareVersionReads, "nothing answered");
        Assert.AreEqual(0, bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count());
        Assert.AreEqual(counter, LastCounter(bench), "the originator counter did not move");
    }

    // The authentic command with the same counter is still accepted: the forgery moved nothing.
    private static void AssertStillAnswers(StandardBench bench, byte[] genuine)
    {
        bench.Host.SendGbcs(StandardBench.PpmidEui, genuine);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Any(), 10_000), bench.Ppmid.As<PpmidRole>().LastRefusal);
        Assert.AreEqual(0x3000UL, LastCounter(bench));
    }
}
