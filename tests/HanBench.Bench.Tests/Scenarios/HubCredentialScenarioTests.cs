using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.Hub;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// The Comms Hub's own CS02 (GBCS gives the CHF the same use cases as a PPMID): an ACB-by-ACB replacement addressed to
/// the hub over the WAN, MAC'd and (GBCS 13.3.3.1, a CHF) signed by the ACB, changes the key its MACs are checked with,
/// also after a restart; a forged or unsigned one changes nothing.
/// </summary>
public sealed partial class CredentialScenarioTests
{
    [TestMethod]
    public void HubCs02bAcbByAcb_NewKeyAccepted_OldRefused_AlsoAfterRestart()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newAcb = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] command = AcbSignedForHub(0x5000, AcbByAcb(0x5000, ca.Issue(Acb, newAcb, X509KeyUsageFlags.KeyAgreement, 0x41UL), ca.Certificate));
        bench.Host.SendGbcs(StandardBench.HubEui, command);
        bench.RunFor(5_000);

        HubCredentials hub = bench.Hub.As<CommsHubRole>().CredentialManagement;
        Assert.AreEqual(1, hub.CredentialCommands, hub.LastRefusal);
        TrustAnchorStore anchors = hub.Handler.Anchors;
        Assert.AreEqual(0x41UL, anchors.SubjectKeyIdAt(anchors.Find(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0)));
        Assert.IsTrue(bench.Host.Gbcs.Any(g => g.Header.Originator == StandardBench.HubEui && g.Header.MessageCode == GbcsMessageCode.UpdateCredentialsAcbByAcb && g.Header.Cra == GbcsCraFlag.Response), "the hub answered the host");

        byte[] hubKa = GbcsTestKeys.DerivePublicKey(GbcsTestKeys.DefaultSeed, StandardBench.HubEui, GbcsTestKeys.KeyAgreement);
        byte[] oldZ = HubZ(Acb, hubKa, null);
        byte[] newZ = HubZ(Acb, hubKa, newAcb);
        AssertHubCs02a(bench, oldZ, 0x5001, answered: false);
        AssertHubCs02a(bench, newZ, 0x5002, answered: true);

        bench.Hub.PowerCycle(500);
        bench.RunFor(2_000);
        AssertHubCs02a(bench, oldZ, 0x5003, answered: false);
        AssertHubCs02a(bench, newZ, 0x5004, answered: true);
    }

    [TestMethod]
    public void HubCs02b_FlippedMac_RefusedNamingWhy_AndNothingChanges()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newAcb = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] content = AcbByAcb(0x5000, ca.Issue(Acb, newAcb, X509KeyUsageFlags.KeyAgreement, 0x42UL), ca.Certificate);
        byte[] command = AcbSignedForHub(0x5000, content);
        command[^1] ^= 0x01;
        bench.Host.SendGbcs(StandardBench.HubEui, command);
        bench.RunFor(5_000);

        HubCredentials hub = bench.Hub.As<CommsHubRole>().CredentialManagement;
        Assert.AreEqual(0, hub.CredentialCommands);
        StringAssert.Contains(hub.LastRefusal, "MAC does not verify");

        // MAC'd but not signed, as a PPMID would take it: a CHF wants the ACB's signature too.
        bench.Host.SendGbcs(StandardBench.HubEui, bench.Host.Session.Seal(Acb, StandardBench.HubEui, GbcsMessageCode.UpdateCredentialsAcbByAcb, 0x5001, content));
        bench.RunFor(5_000);
        Assert.AreEqual(0, hub.CredentialCommands);
        StringAssert.Contains(hub.LastRefusal, "signature missing");
        TrustAnchorStore anchors = hub.Handler.Anchors;
        Assert.AreEqual(0UL, anchors.SubjectKeyIdAt(anchors.Find(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0)));
    }

    // An ACB-by-ACB CS02b for the hub: signed with the ACB's test DS key, then MAC'd between the ACB's and the hub's KA keys.
    private static byte[] AcbSignedForHub(ulong counter, byte[] content)
    {
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = counter,
            OriginatorSystemTitle = Acb,
            RecipientSystemTitle = StandardBench.HubEui,
            MessageCode = GbcsMessageCode.UpdateCredentialsAcbByAcb,
        };
        envelope.SetContent(content, 0, content.Length);
        envelope.SetSignaturePlaceholder(GbcsEnvelope.EcdsaSignatureLength);
        byte[] block = Encode(envelope.EncodedLength, envelope.WriteTo);
        var key = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, Acb, GbcsTestKeys.DigitalSigning, key, 0);
        Assert.AreEqual(P256Status.Ok, new EcdsaP256Signer().SignMessage(key, 0, block, envelope.Layout.SignedDataOffset, envelope.Layout.SignedDataLength, block, envelope.Layout.SignatureOffset));
        byte[] hubKa = GbcsTestKeys.DerivePublicKey(GbcsTestKeys.DefaultSeed, StandardBench.HubEui, GbcsTestKeys.KeyAgreement);
        return Macd(block, HubZ(Acb, hubKa, null));
    }

    // Z between the ACB's KA key (the test one, or newAcb) and the hub's KA public key.
    private static byte[] HubZ(ulong acb, byte[] hubKa, ECDsa? newAcb)
    {
        byte[] d = newAcb?.ExportParameters(includePrivateParameters: true).D ?? TestPrivate(acb);
        var z = new byte[32];
        Assert.AreEqual(P256Status.Ok, new EcdhP256().ComputeSharedSecret(d, 0, hubKa, 0, hubKa.Length, z, 0));
        return z;
    }

    private static byte[] TestPrivate(ulong party)
    {
        var d = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, party, GbcsTestKeys.KeyAgreement, d, 0);
        return d;
    }

    // A CS02a (ACB's details) to the hub MAC'd with z: answered, or refused as "MAC does not verify".
    private static void AssertHubCs02a(StandardBench bench, byte[] z, ulong counter, bool answered)
    {
        HubCredentials hub = bench.Hub.As<CommsHubRole>().CredentialManagement;
        long done = hub.CredentialCommands;
        var details = new CredentialsDetailsCommand();
        details.Authorising.Role = RemotePartyRole.AccessControlBroker;
        details.Authorising.KeyUsage = GbcsKeyUsage.KeyAgreement;
        details.Roles[0] = RemotePartyRole.AccessControlBroker;
        details.RoleCount = 1;
        byte[] content = Encode(details.EncodedLength, details.WriteTo);
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = counter,
            OriginatorSystemTitle = Acb,
            RecipientSystemTitle = StandardBench.HubEui,
            MessageCode = GbcsMessageCode.ProvideCredentialsDetails,
        };
        envelope.SetContent(content, 0, content.Length);
        bench.Host.SendGbcs(StandardBench.HubEui, Macd(Encode(envelope.EncodedLength, envelope.WriteTo), z));
        bench.RunFor(5_000);
        Assert.AreEqual(answered ? done + 1 : done, hub.CredentialCommands, hub.LastRefusal);
        if (!answered)
        {
            StringAssert.Contains(hub.LastRefusal, "MAC does not verify");
        }
    }
}
