using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.Reports;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Host.Tests.ServiceRequests;

/// <summary>
/// The credential handler against a device played by the test (SECMP0170 requirement 8): 6.17 gets a certificate from
/// the test PKI for the key the device generated, 6.15.2 puts it on the device and the inventory shows it; the prechecks
/// refuse what must not reach a device, sending nothing.
/// </summary>
[TestClass]
public sealed class CredentialRequestTests
{
    private static readonly Lazy<Keystore> Keys = new(() => Keystore.Init(TestFolders.Create("hanbench-cs02-handler-"), DateTimeOffset.UtcNow));

    private sealed class Device : IDeviceGateway
    {
        public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public List<CredentialRequest> Sent { get; } = [];

        public Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken) =>
            Task.FromResult(new FirmwareVersionReading(FirmwareVersionReadStatus.Unreachable, null, "not here"));

        public Task<CredentialReply> ManageCredentialsAsync(CredentialRequest request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            byte[] csr = new CertificateRequest(new X500DistinguishedName([0x30, 0x00]), Key, HashAlgorithmName.SHA256).CreateSigningRequest();
            return Task.FromResult(new CredentialReply(FirmwareVersionReadStatus.Read, true, "done") { CertificationRequest = csr });
        }
    }

    private static CredentialRequest Issue(Eui64 device) =>
        new("r-617", ServiceReferenceVariants.IssueSecurityCredentials, device, CredentialUseCase.IssueDeviceCredentials) { Usage = DeviceCertificates.DigitalSigning };

    private static CredentialRequest Update(Eui64 device, byte[] der) =>
        new("r-6152", ServiceReferenceVariants.UpdateSecurityCredentialsDevice, device, CredentialUseCase.UpdateDeviceCertificate) { DeviceCertificate = der };

    [TestMethod]
    public async Task Issue_6_17_Then_Update_6_15_2_TheDeviceHoldsATestPkiCertificateForItsNewKey_TheInventoryShowsIt()
    {
        using InventoryStore store = TestBench.Seeded();
        var device = new Device();
        var handler = new ManageCredentialsHandler(store, device, Keys.Value);

        CredentialResult issued = await handler.HandleAsync(Issue(TestBench.Ppmid));
        DeviceCertificateRecord pending = issued.Issued!;
        CredentialResult updated = await handler.HandleAsync(Update(TestBench.Ppmid, pending.Der));

        Assert.AreEqual(DuisResponseCodes.Success, issued.ResponseCode, issued.Message);
        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(pending.Der);
        Assert.AreEqual(TestBench.Ppmid, SmkiProfile.ReadEui(certificate));
        Assert.IsTrue(SmkiProfile.IsDeviceCertificate(certificate));
        CollectionAssert.AreEqual(device.Key.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo(), "the certificate is for the key the device generated");
        Assert.AreEqual(Keys.Value.IssuingCertificate!.SubjectName.Name, certificate.IssuerName.Name);
        Assert.AreEqual(DuisResponseCodes.Success, updated.ResponseCode, updated.Message);
        DeviceCertificateRecord current = store.Read(s => DeviceDeploymentRecord.For(s, TestBench.Ppmid))!.Certificates.Single();
        Assert.AreEqual(("Device", "DS", "current", pending.Serial), (current.Holder, current.Usage, current.State, current.Serial));
        Assert.IsNull(store.Read(s => new DeviceCertificates(s).Pending(TestBench.Ppmid, DeviceCertificates.DigitalSigning)));
        string page = HanBench.Host.Ssi.SsiPages.Device(new HanBench.Host.Ssi.SsiDeviceDetails(store.Read(s => DeviceDeploymentRecord.For(s, TestBench.Ppmid))!, []));
        StringAssert.Contains(page, $"<td>DS</td><td>current</td><td>{TestBench.Ppmid}</td><td>{pending.Serial}</td>");
    }

    [TestMethod]
    public async Task Update_6_15_2_CertificateForAnotherDevice_RefusedE11_NothingSentNothingRecorded()
    {
        using InventoryStore store = TestBench.Seeded();
        var device = new Device();
        var handler = new ManageCredentialsHandler(store, device, Keys.Value);
        DeviceCertificateRecord forBridge = (await handler.HandleAsync(Issue(TestBench.Bridges[0]))).Issued!;
        device.Sent.Clear();
        string before = TestBench.Snapshot(store);

        CredentialResult result = await handler.HandleAsync(Update(TestBench.Ppmid, forBridge.Der));

        Assert.AreEqual(DuisResponseCodes.NotApplicableToDevice, result.ResponseCode);
        StringAssert.Contains(result.Message, TestBench.Bridges[0].ToString());
        Assert.AreEqual(0, device.Sent.Count);
        Assert.AreEqual(before, TestBench.Snapshot(store));
    }

    [TestMethod]
    public async Task ReplaceSupplier_6_15_1_AnotherSuppliersCertificates_RefusedE11_NothingSent()
    {
        using InventoryStore store = TestBench.Seeded();
        var device = new Device();
        var request = new CredentialRequest("r", ServiceReferenceVariants.UpdateSecurityCredentialsKrp, TestBench.Ppmid, CredentialUseCase.ReplaceRemoteParty)
        {
            Originator = new Eui64(0x90B3_D51F_3003_0000),
            Mode = CredentialReplacementMode.SupplierBySupplier,
            Replacements = [new ReplacementCertificate(DeviceCertificates.DigitalSigning, Keys.Value.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Certificate.RawData)],
        };

        CredentialResult result = await new ManageCredentialsHandler(store, device).HandleAsync(request);

        Assert.AreEqual(DuisResponseCodes.NotApplicableToDevice, result.ResponseCode);
        StringAssert.Contains(result.Message, "change of supplier is 6.23");
        Assert.AreEqual(0, device.Sent.Count);
    }

    [TestMethod]
    public async Task AnyCredentialRequest_ToAnEsme_RefusedE11NamingWhy_NothingSent()
    {
        // Meters are not HanBench's: a request such a device would never answer is refused before anything is sent.
        using InventoryStore store = TestBench.Seeded();
        var device = new Device();

        CredentialResult result = await new ManageCredentialsHandler(store, device).HandleAsync(Issue(TestBench.Esme));

        Assert.AreEqual(DuisResponseCodes.NotApplicableToDevice, result.ResponseCode);
        StringAssert.Contains(result.Message, "is a ESME");
        Assert.AreEqual(0, device.Sent.Count);
    }

    [TestMethod]
    public async Task CredentialRequest_ToTheCommsHub_SentThroughTheGateway()
    {
        // GBCS gives the CHF the same CS02 use cases as a PPMID: the request goes to the hub like any other.
        using InventoryStore store = TestBench.Seeded();
        var device = new Device();

        await new ManageCredentialsHandler(store, device).HandleAsync(Issue(TestBench.Hub));

        Assert.AreEqual(TestBench.Hub, device.Sent.Single().DeviceId);
    }
}
