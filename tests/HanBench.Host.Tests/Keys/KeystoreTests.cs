using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.Tests.Keys;

[TestClass]
public sealed class KeystoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 4, 0, 0, TimeSpan.Zero);
    private static readonly Eui64 Ppmid = new(0x00DB_0000_0000_00A4);

    public TestContext TestContext { get; set; } = null!;

    private string NewFolder() => TestFolders.Create("hanbench-keys-");

    [TestMethod]
    public void Init_Fresh_CreatesCaAndDefaultPartiesWithKeys()
    {
        Keystore store = Keystore.Init(NewFolder(), Now);

        Assert.IsTrue(store.HasCertificateAuthority);
        Assert.AreEqual(PartyRole.AccessControlBroker, store.FindParty(Keystore.DefaultAccessControlBroker)?.Role);
        Assert.AreEqual(PartyRole.Supplier, store.FindParty(Keystore.DefaultSupplier)?.Role);
        Assert.AreEqual(PartyRole.TransitionalCoS, store.FindParty(Keystore.DefaultTransitionalCoS)?.Role);
        foreach (Eui64 id in new[] { Keystore.DefaultAccessControlBroker, Keystore.DefaultSupplier, Keystore.DefaultTransitionalCoS })
        {
            foreach (CredentialUsage usage in Enum.GetValues<CredentialUsage>())
            {
                PartyCredential? credential = store.Primary(id, usage);
                Assert.IsNotNull(credential, $"{id} {usage}");
                Assert.IsNotNull(credential.PrivateKeyPem);
                Assert.AreEqual(id, SmkiProfile.ReadEui(credential.Certificate));
            }
        }
    }

    [TestMethod]
    public void Issue_Device_CertificateFollowsTheSmkiDeviceProfile()
    {
        Keystore store = Keystore.Init(NewFolder(), Now, defaultParties: false);
        store.Issue(Ppmid, PartyRole.Device, null, Now);

        X509Certificate2 ds = store.Primary(Ppmid, CredentialUsage.DigitalSigning)!.Certificate;
        X509Certificate2 ka = store.Primary(Ppmid, CredentialUsage.KeyAgreement)!.Certificate;
        CollectionAssert.AreEqual(new byte[] { 0x30, 0x00 }, ds.SubjectName.RawData, "empty subject");
        Assert.AreEqual(Ppmid, SmkiProfile.ReadEui(ds));
        Assert.IsTrue(SmkiProfile.IsDeviceCertificate(ds));
        X509Extension san = ds.Extensions["2.5.29.17"]!;
        Assert.IsTrue(san.Critical, "subjectAltName critical");
        var keyUsage = (X509KeyUsageExtension)ds.Extensions["2.5.29.15"]!;
        Assert.IsTrue(keyUsage.Critical);
        Assert.AreEqual(X509KeyUsageFlags.DigitalSignature, keyUsage.KeyUsages);
        Assert.AreEqual(X509KeyUsageFlags.KeyAgreement, ((X509KeyUsageExtension)ka.Extensions["2.5.29.15"]!).KeyUsages);
        X509Extension policies = ds.Extensions["2.5.29.32"]!;
        Assert.IsTrue(policies.Critical);
        AsnReader policy = new AsnReader(policies.RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        Assert.AreEqual(SmkiProfile.DevicePolicy, policy.ReadObjectIdentifier());
        Assert.AreEqual(SmkiProfile.NoExpiry.UtcDateTime, ds.NotAfter.ToUniversalTime());
        Assert.AreEqual("1.2.840.10045.4.3.2", ds.SignatureAlgorithm.Value, "ecdsa-with-SHA256");
    }

    [TestMethod]
    public void Issue_Device_ChainsToTheIssuingCaAndRoot()
    {
        string folder = NewFolder();
        Keystore store = Keystore.Init(folder, Now, defaultParties: false);
        store.Issue(Ppmid, PartyRole.Device, null, Now);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "ca", "root.pem"))));
        chain.ChainPolicy.ExtraStore.Add(store.IssuingCertificate!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime.AddDays(1);
        // Critical SMKI policy and hardwareModuleName extensions are not ones X509Chain knows; the signatures are what is checked.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreInvalidPolicy | X509VerificationFlags.IgnoreWrongUsage;
        bool built = chain.Build(store.Primary(Ppmid, CredentialUsage.DigitalSigning)!.Certificate);

        Assert.AreEqual(3, chain.ChainElements.Count);
        Assert.IsFalse(chain.ChainStatus.Any(s => s.Status is X509ChainStatusFlags.NotSignatureValid or X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain),
            string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)) + $" built={built}");
    }

    [TestMethod]
    public void Issue_Supplier_OrganisationNameCarriesRoleAndEui()
    {
        Keystore store = Keystore.Init(NewFolder(), Now, defaultParties: false);
        store.Issue(Keystore.DefaultSupplier, PartyRole.Supplier, "Bench Supplier", Now);

        PartyCredential ds = store.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!;
        Assert.AreEqual(RemotePartyRoleCodes.Supplier, ds.RoleCode);
        Assert.AreEqual(Keystore.DefaultSupplier, SmkiProfile.ReadEui(ds.Certificate));
        Assert.IsFalse(SmkiProfile.IsDeviceCertificate(ds.Certificate));
        StringAssert.Contains(ds.Certificate.Subject, "CN=Bench Supplier");
    }

    [TestMethod]
    public void Init_TransitionalCoS_OrganisationProfileRole05_TheSignerFoundByItsRole()
    {
        Keystore store = Keystore.Init(NewFolder(), Now);

        PartyCredential? signer = store.TransitionalCoSSigner();

        Assert.IsNotNull(signer);
        Assert.AreEqual(Keystore.DefaultTransitionalCoS, signer.Party);
        Assert.AreEqual(RemotePartyRoleCodes.TransitionalCoS, signer.RoleCode);
        Assert.IsFalse(SmkiProfile.IsDeviceCertificate(signer.Certificate));
        Assert.AreEqual(Keystore.DefaultTransitionalCoS, SmkiProfile.ReadEui(signer.Certificate));
        StringAssert.Contains(signer.Certificate.Subject, "OU=05");
        Assert.IsNull(Keystore.Init(NewFolder(), Now, defaultParties: false).TransitionalCoSSigner(), "none without one");
    }

    [TestMethod]
    public void Provisioning_FromKeystore_EveryDeviceTrustsTheCoSPartyAndTheHostSignsAsIt()
    {
        Keystore store = Keystore.Init(NewFolder(), Now);
        var provisioning = BoardProvisioning.FromKeystore(store, Keystore.DefaultAccessControlBroker, Keystore.DefaultSupplier, TimeProvider.System);
        var configuration = new HanBench.Device.Roles.RoleSettings { Eui64 = 0x00DB_0000_0000_00B1, HubEui = 0x00DB_0000_0000_0010 };

        HanBench.Device.Roles.ProvisionedCredentials record = provisioning.Provision(configuration);
        byte[] bytes = record.ToBytes();
        HanBench.Device.Roles.DeviceCredentials device = HanBench.Device.Roles.ProvisionedCredentials.TryDecode(bytes, 0, bytes.Length, configuration.Eui64, out string problem)!.ToDeviceCredentials();
        HanBench.Host.Csp.PartySigningKey host = provisioning.NewHostGbcsKeys().TransitionalCoS!;

        Assert.AreEqual(string.Empty, problem);
        Assert.AreEqual(Keystore.DefaultTransitionalCoS.Value, device.TransitionalCoSSystemTitle);
        CollectionAssert.AreEqual(Keystore.Sec1(store.TransitionalCoSSigner()!.Certificate), device.TransitionalCoSSigningPublicKey);
        Assert.AreEqual(Keystore.DefaultTransitionalCoS.Value, host.SystemTitle);
        CollectionAssert.AreEqual(store.PrivateKeyFor(device.TransitionalCoSSigningPublicKey!), host.PrivateKey);
    }

    [TestMethod]
    public void Issue_WithoutInit_RefusedNamingTheCommand()
    {
        Keystore store = Keystore.Open(NewFolder());

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => store.Issue(Ppmid, PartyRole.Device, null, Now));
        StringAssert.Contains(e.Message, "keys init");
    }

    [TestMethod]
    public void ExportThenImport_IntoAnotherKeystore_SameCertificatesAndKeys()
    {
        Keystore source = Keystore.Init(NewFolder(), Now);
        source.Issue(Ppmid, PartyRole.Device, null, Now);
        string exported = NewFolder();

        int files = source.Export(exported);
        Keystore target = Keystore.Open(NewFolder());
        KeystoreImportReport report = target.ImportFolder(exported);

        Assert.AreEqual(16, files, "4 parties (ACB, supplier, transitional CoS, PPMID) × (DS, KA) × (certificate, key)");
        Assert.IsTrue(File.Exists(Path.Combine(exported, "00db0000000000a4-ds.pem")));
        Assert.IsTrue(File.Exists(Path.Combine(exported, "90b3d51f30010000-ka.key")));
        Assert.AreEqual(8, report.Credentials);
        Assert.AreEqual(8, report.PrivateKeys);
        Assert.AreEqual(PartyRole.Device, target.FindParty(Ppmid)?.Role);
        Assert.AreEqual(PartyRole.TransitionalCoS, target.FindParty(Keystore.DefaultTransitionalCoS)?.Role, "the role comes back from the certificate's OU=05");
        Assert.AreEqual(PartyRole.Supplier, target.FindParty(Keystore.DefaultSupplier)?.Role);
        foreach (PartyCredential c in source.Credentials)
        {
            PartyCredential copy = target.Primary(c.Party, c.Usage)!;
            Assert.AreEqual(c.Certificate.Thumbprint, copy.Certificate.Thumbprint);
            Assert.AreEqual(c.PrivateKeyPem!.Trim(), copy.PrivateKeyPem!.Trim());
        }

        // Reopened from disk, the keystore reads the same.
        Assert.AreEqual(8, Keystore.Open(target.Folder).Credentials.Count);
    }

    [TestMethod]
    public void PrivateKeyFiles_AreOwnerOnly()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Inconclusive("Unix file modes only");
            return;
        }

        string folder = NewFolder();
        Keystore store = Keystore.Init(folder, Now);
        string exported = NewFolder();
        store.Export(exported);

        foreach (string key in Directory.EnumerateFiles(folder, "*.key", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(exported, "*.key")))
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key), key);
        }
    }

    [TestMethod]
    public void Put_KeyOfAnotherCertificate_RefusedAndNothingWritten()
    {
        string folder = NewFolder();
        Keystore store = Keystore.Init(folder, Now, defaultParties: false);
        store.Issue(Ppmid, PartyRole.Device, null, Now);
        PartyCredential ds = store.Primary(Ppmid, CredentialUsage.DigitalSigning)!;
        using ECDsa other = SmkiProfile.NewKey();

        Assert.ThrowsExactly<InvalidDataException>(() => store.Put(ds with { PrivateKeyPem = other.ExportPkcs8PrivateKeyPem() }));
        Assert.AreEqual(ds.PrivateKeyPem!.Trim(), Keystore.Open(folder).Primary(Ppmid, CredentialUsage.DigitalSigning)!.PrivateKeyPem!.Trim());
    }

    [TestMethod]
    public void ImportFolder_CertificateNamingAnotherEui_ImportedUnderTheFileNameWithAWarning()
    {
        Keystore source = Keystore.Init(NewFolder(), Now, defaultParties: false);
        source.Issue(Ppmid, PartyRole.Device, null, Now);
        string exported = NewFolder();
        source.Export(exported);
        File.Move(Path.Combine(exported, "00db0000000000a4-ds.pem"), Path.Combine(exported, "00db0000000000a5-ds.pem"));

        Keystore target = Keystore.Open(NewFolder());
        KeystoreImportReport report = target.ImportFolder(exported);

        Assert.AreEqual(1, report.Warnings.Count, string.Join("; ", report.Warnings));
        StringAssert.Contains(report.Warnings[0], "00-DB-00-00-00-00-00-A4");
        Assert.IsNotNull(target.Primary(new Eui64(0x00DB_0000_0000_00A5), CredentialUsage.DigitalSigning));
    }
}
