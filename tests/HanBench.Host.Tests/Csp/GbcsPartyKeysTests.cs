using HanBench.Device.Roles;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;

namespace HanBench.Host.Tests.Csp;

/// <summary>HanBench's test keys: the host's and a device's halves agree, and every party and usage has its own key.</summary>
[TestClass]
public sealed class GbcsPartyKeysTests
{
    private const ulong Device = 0x00DB000000000010UL;

    [TestMethod]
    public void TestKeys_DeviceAndHost_AgreeOnZ()
    {
        DeviceCredentials device = DeviceCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, Device, HubSessionOptions.DefaultAcbSystemTitle, HubSessionOptions.DefaultSupplierSystemTitle);
        var z = new byte[EcdhP256.SharedSecretLength];
        byte[] acb = device.AcbKeyAgreementPublicKey;
        Assert.AreEqual(P256Status.Ok, new EcdhP256().ComputeSharedSecret(device.KeyAgreementPrivateKey, 0, acb, 0, acb.Length, z, 0));

        CollectionAssert.AreEqual(z, GbcsPartyKeys.ForTestKeys().SharedSecretWith(Device));
        CollectionAssert.AreNotEqual(z, GbcsPartyKeys.ForTestKeys().SharedSecretWith(Device + 1), "each device its own Z");
        CollectionAssert.AreNotEqual(z, GbcsPartyKeys.ForTestKeys(seed: GbcsTestKeys.DefaultSeed ^ 1).SharedSecretWith(Device), "each seed its own keys");
    }

    [TestMethod]
    public void TestKeys_SupplierSignature_VerifiesUnderTheDevicesTrustAnchorOnly()
    {
        DeviceCredentials device = DeviceCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, Device, HubSessionOptions.DefaultAcbSystemTitle, HubSessionOptions.DefaultSupplierSystemTitle);
        byte[] message = [1, 2, 3, 4];
        var signature = new byte[EcdsaP256Signer.SignatureLength];
        Assert.AreEqual(P256Status.Ok, new EcdsaP256Signer().SignMessage(GbcsPartyKeys.ForTestKeys().SupplierSigningPrivateKeyFor(Device), 0, message, 0, message.Length, signature, 0));

        byte[] anchor = device.SupplierSigningPublicKey;
        Assert.AreEqual(P256Status.Ok, new EcdsaP256Verifier().VerifyMessage(anchor, 0, anchor.Length, message, 0, message.Length, signature, 0, signature.Length));
        byte[] acbKa = device.AcbKeyAgreementPublicKey;
        Assert.AreNotEqual(P256Status.Ok, new EcdsaP256Verifier().VerifyMessage(acbKa, 0, acbKa.Length, message, 0, message.Length, signature, 0, signature.Length), "KA and DS keys differ");
    }

    [TestMethod]
    public void DerivePrivateKey_SameInputs_SameKeyAndInRange()
    {
        var first = new byte[32];
        var second = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, Device, GbcsTestKeys.KeyAgreement, first, 0);
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, Device, GbcsTestKeys.KeyAgreement, second, 0);
        CollectionAssert.AreEqual(first, second);
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, Device, GbcsTestKeys.DigitalSigning, second, 0);
        CollectionAssert.AreNotEqual(first, second, "KA and DS keys of one party differ");
        Assert.AreEqual(P256Status.Ok, new EcdhP256().DerivePublicKey(first, 0, new byte[EcdhP256.PublicKeyLength], 0, false), "a valid P-256 private key");
    }

    [TestMethod]
    public void SharedSecretWith_UnknownDevice_ThrowsNamingIt()
    {
        var keys = new GbcsPartyKeys(new byte[31].Append((byte)1).ToArray(), new byte[31].Append((byte)1).ToArray(), _ => null, _ => null);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => keys.SharedSecretWith(Device));
        StringAssert.Contains(error.Message, "00DB000000000010");
    }

    [TestMethod]
    public void UseCertificate_AnotherSuppliersDs_OneLookupGivesThatDeviceItsTitleKeyAndSignatures_OthersKeepTheirs()
    {
        string folder = Directory.CreateTempSubdirectory("hanbench-supplier-lookup-").FullName;
        try
        {
            Keystore store = Keystore.Init(folder, DateTimeOffset.UtcNow);
            var incoming = new Eui64(0x90B3D51F30020000UL);
            store.Issue(incoming, PartyRole.Supplier, "Incoming supplier", DateTimeOffset.UtcNow);
            byte[] anchor = Keystore.Sec1(store.Primary(incoming, CredentialUsage.DigitalSigning)!.Certificate)!;
            var keys = GbcsPartyKeys.ForTestKeys();
            keys.PrivateKeyFinder = store.PrivateKeyFor;

            Assert.IsTrue(keys.UseCertificate(Device, DeviceCertificates.SupplierHolder, DeviceCertificates.DigitalSigning, store.Primary(incoming, CredentialUsage.DigitalSigning)!.Certificate.RawData));

            Assert.AreEqual(incoming.Value, keys.SupplierFor(Device, HubSessionOptions.DefaultSupplierSystemTitle), "the device's supplier party");
            Assert.AreEqual(HubSessionOptions.DefaultSupplierSystemTitle, keys.SupplierFor(Device + 1, HubSessionOptions.DefaultSupplierSystemTitle));
            byte[] message = [1, 2, 3, 4];
            byte[] signature = keys.SignWithSupplier(Device, message);
            Assert.AreEqual(P256Status.Ok, new EcdsaP256Verifier().VerifyMessage(anchor, 0, anchor.Length, message, 0, message.Length, signature, 0, signature.Length),
                "an image signed for the device verifies under the supplier it trusts now");
            byte[] other = keys.SignWithSupplier(Device + 1, message);
            Assert.AreNotEqual(P256Status.Ok, new EcdsaP256Verifier().VerifyMessage(anchor, 0, anchor.Length, message, 0, message.Length, other, 0, other.Length), "another device's is the provisioned supplier's");

            var link = new RecordingLink();
            var session = new HubSession(link, new ManualClock(), new HubSessionOptions { HostEui = 1, HubEui = 2, Keys = keys }, new MemoryOriginatorCounter(0x5000));
            session.ActivateFirmware(Device, new byte[32]);
            var envelope = new GbcsEnvelope();
            HanFrame sent = link.Sent.Single();
            byte[] cs06 = sent.Payload[sent.PayloadOffset..(sent.PayloadOffset + sent.PayloadLength)];
            Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(cs06, 0, cs06.Length), envelope));
            Assert.AreEqual(incoming.Value, envelope.OriginatorSystemTitle, "CS06 comes from the device's supplier");
            GbcsLayout layout = envelope.Layout;
            Assert.AreEqual(P256Status.Ok, new EcdsaP256Verifier().VerifyMessage(anchor, 0, anchor.Length, cs06, layout.SignedDataOffset, layout.SignedDataLength, cs06, layout.SignatureOffset, layout.SignatureLength),
                "and is signed with its key");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
