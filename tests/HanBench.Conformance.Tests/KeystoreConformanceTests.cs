using HanBench.Tests;
using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Conformance.Tests;

/// <summary>The RTDS keystore and DCC Boxed's keystore.json import with every certificate, key, role and EUI-64 they carry.</summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class KeystoreConformanceTests
{
    [TestMethod]
    public void ImportRtdsKeystore_DevicesPartiesAndKeys_AsTheFilesSay()
    {
        Keystore store = Keystore.Open(TestFolders.Create("hanbench-rtds-"));

        KeystoreImportReport report = store.ImportFolder(Vectors.PathOf("keystore"));

        int pems = Directory.GetFiles(Vectors.PathOf("keystore"), "*.pem").Length;
        int keys = Directory.GetFiles(Vectors.PathOf("keystore"), "*.key").Length;
        Assert.AreEqual(pems, report.Credentials);
        Assert.AreEqual(keys, report.PrivateKeys);
        Assert.AreEqual(1, report.Warnings.Count, "90b3d51f30000007-ka.pem names 90-B3-D5-1F-30-03-00-00: " + string.Join("; ", report.Warnings));
        var ppmid = new Eui64(0x00DB_1234_5678_90A4);
        Assert.AreEqual(PartyRole.Device, store.FindParty(ppmid)?.Role);
        Assert.IsNull(store.Primary(ppmid, CredentialUsage.DigitalSigning)!.PrivateKeyPem, "RTDS devices come without keys");
        Assert.AreEqual(PartyRole.AccessControlBroker, store.FindParty(Keystore.DefaultAccessControlBroker)?.Role);
        Assert.AreEqual(PartyRole.Supplier, store.FindParty(Keystore.DefaultSupplier)?.Role);
        Assert.IsNotNull(store.Primary(Keystore.DefaultSupplier, CredentialUsage.KeyAgreement)!.PrivateKeyPem);
        Assert.AreEqual("105986833131214866166891566273223584671", store.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Serial);
        Assert.AreEqual(PartyRole.TransitionalCoS, store.FindParty(Keystore.DefaultTransitionalCoS)?.Role, "the RTDS 6.23 originator");
        Assert.AreEqual(Keystore.DefaultTransitionalCoS, store.TransitionalCoSSigner()?.Party);
    }

    [TestMethod]
    public void ExportAfterRtdsImport_ReproducesTheRtdsFilesCertificateForCertificate()
    {
        Keystore store = Keystore.Open(TestFolders.Create("hanbench-rtds-"));
        store.ImportFolder(Vectors.PathOf("keystore"));
        string exported = TestFolders.Create("hanbench-rtds-out-");

        store.Export(exported);

        foreach (string original in Directory.GetFiles(Vectors.PathOf("keystore"), "*-??.pem"))
        {
            string name = Path.GetFileName(original);
            if (name.Contains("-pp-", StringComparison.Ordinal))
            {
                continue;
            }

            using X509Certificate2 expected = X509Certificate2.CreateFromPem(File.ReadAllText(original));
            using X509Certificate2 actual = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(exported, name)));
            Assert.AreEqual(expected.Thumbprint, actual.Thumbprint, name);
        }
    }

    [TestMethod]
    public void ImportDccBoxed_EveryPartyWithKeysAndItsXmlSigners()
    {
        Keystore store = Keystore.Open(TestFolders.Create("hanbench-boxed-"));

        KeystoreImportReport report = store.ImportDccBoxed(Vectors.PathOf("dccboxed-keystore", "keystore.json"));

        Assert.AreEqual(33, report.Credentials);
        Assert.AreEqual(33, report.PrivateKeys);
        Assert.AreEqual(0, report.Warnings.Count, string.Join("; ", report.Warnings));
        PartyCredential? dsp = store.XmlSigner(Keystore.DefaultAccessControlBroker);
        Assert.AreEqual("167048897159233642262001557408276884033", dsp?.Serial, "DCC Boxed's DSP XML signing certificate");
        Assert.AreEqual("27572613927499351639968579586655397031", store.XmlSigner(Keystore.DefaultSupplier)?.Serial);
        Assert.AreEqual("105986833131214866166891566273223584671", store.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)?.Serial, "the RTDS supplier DS is primary");
        Assert.AreEqual(PartyRole.AccessControlBroker, store.FindParty(Keystore.DefaultAccessControlBroker)?.Role);
        Assert.AreEqual(PartyRole.NetworkOperator, store.FindParty(new Eui64(0x90B3_D51F_3002_0000))?.Role);
        Assert.AreEqual(PartyRole.TransitionalCoS, store.FindParty(Keystore.DefaultTransitionalCoS)?.Role);
        Assert.AreEqual("80934474337773775048443398092716228710", store.TransitionalCoSSigner()?.Serial, "DCC Boxed's Z1-transitionalCoS-ds is the one the CoS party signs with");
    }

    [TestMethod]
    public void TransitionalCoS_RtdsAndDccBoxed_TheSameKey()
    {
        Keystore rtds = Keystore.Open(TestFolders.Create("hanbench-rtds-"));
        rtds.ImportFolder(Vectors.PathOf("keystore"));
        Keystore boxed = Keystore.Open(TestFolders.Create("hanbench-boxed-"));
        boxed.ImportDccBoxed(Vectors.PathOf("dccboxed-keystore", "keystore.json"));

        CollectionAssert.AreEqual(Keystore.Sec1(rtds.TransitionalCoSSigner()!.Certificate), Keystore.Sec1(boxed.TransitionalCoSSigner()!.Certificate));
    }
}
