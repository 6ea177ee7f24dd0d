using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using HanBench.Host.Alerts;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Conformance.Tests;

/// <summary>
/// SECMP0170 requirement 8 through DUIS (issue 9 §2): every credential request template (6.15.1, 6.15.2, 6.17, 6.23,
/// 6.24.1, 6.24.2, 8.5), signed by DCC Boxed's supplier key as the existing signed-request tests sign, is accepted,
/// handled and answered with a signed response valid against the DUIS schema (6.23 sent by the incoming supplier, whose
/// certificates it carries); the wrong supplier and a replayed RequestID are refused with nothing changed.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class CredentialDuisConformanceTests
{
    /// <summary>The RTDS ESME id the templates target, here a commissioned PPMID (the device types HanBench manages credentials on).</summary>
    private static readonly Eui64 Target = Eui64.Parse("00-DB-12-34-56-78-90-A0");

    private static readonly Eui64 Supplier2 = new(0x90B3_D51F_3003_0000);

    public static IEnumerable<object[]> Templates() =>
    [
        ["CS02aMAC_6.24.1_SUCCESS_REQUEST_DUIS.XML", CredentialUseCase.ProvideDetails],
        ["CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", CredentialUseCase.ReplaceRemoteParty],
        ["CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", CredentialUseCase.ReplaceRemoteParty],
        ["CS02bACBByACB_8.5_SUCCESS_REQUEST_DUIS.XML", CredentialUseCase.ReplaceRemoteParty],
        ["CS02c_6.17_SUCCESS_REQUEST_DUIS.XML", CredentialUseCase.IssueDeviceCredentials],
        ["CS02d_6.15.2_SUCCESS_REQUEST_DUIS.XML", CredentialUseCase.UpdateDeviceCertificate],
        ["CS02e_6.24.2_SUCCESS_REQUEST_DUIS.XML", CredentialUseCase.ProvideDeviceCertificate],
    ];

    private const string ChangeOfSupplierTemplate = "CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML";

    private static readonly Eui64 NetworkOperator = new(0x90B3_D51F_3002_0000);

    /// <summary>The templates only the device's responsible supplier may send (all but 6.23, which the incoming supplier sends).</summary>
    public static IEnumerable<object[]> ResponsibleSupplierTemplates() => Templates().Where(t => (string)t[0] != ChangeOfSupplierTemplate);

    /// <summary>Who sends a template: the responsible supplier, or for 6.23 the incoming supplier whose certificates it carries (Supplier 2's).</summary>
    private static Eui64 SenderOf(string name) => name == ChangeOfSupplierTemplate ? Supplier2 : Keystore.DefaultSupplier;

    private static (InventoryStore Store, DuisRequestProcessor Processor, AcceptingGateway Gateway) Endpoint()
    {
        InventoryStore store = TestBench.Empty();
        store.Write(s =>
        {
            s.Devices.Insert(TestBench.Device(TestBench.Hub, DeviceType.CHF, DeviceStatus.Commissioned, "CHMF", "CH-1", null, null));
            s.Devices.Insert(TestBench.Device(Target, DeviceType.PPMID, DeviceStatus.Commissioned, "AHCO", "BRIDGE-1", null, TestBench.Hub));
            var users = new ServiceUserDirectory(s);
            users.Put(new ServiceUser(Keystore.DefaultSupplier, "Supplier", ServiceUserRole.Supplier, "5.4"));
            users.Put(new ServiceUser(Supplier2, "Supplier 2", ServiceUserRole.Supplier, "5.4"));
            users.Put(new ServiceUser(NetworkOperator, "Network operator", ServiceUserRole.NetworkOperator, "5.4"));
            new RequestRights(s).SetResponsibleSupplier(Target, Keystore.DefaultSupplier);
        });
        var gateway = new AcceptingGateway();
        var security = new DuisSecurity(DccBoxedFixtures.Keystore, Keystore.DefaultAccessControlBroker);
        return (store, new DuisRequestProcessor(new ServiceRequestHandlers(store, gateway), DccBoxedFixtures.Schema, security), gateway);
    }

    private static string Unsigned(string name)
    {
        string xml = Vectors.ReadText("duis", name);
        int start = xml.IndexOf("<ds:Signature", StringComparison.Ordinal);
        return xml[..start] + "</sr:Request>";
    }

    private static string SignedBy(string unsigned, Eui64 originator)
    {
        string text = unsigned.Replace("<sr:RequestID>90-B3-D5-1F-30-01-00-00:", $"<sr:RequestID>{originator}:", StringComparison.Ordinal);
        return DuisXmlSignature.Sign(text, DccBoxedFixtures.Keystore.XmlSigner(originator)!);
    }

    [TestMethod]
    [DynamicData(nameof(Templates))]
    public void Template_SignedByTheSupplierEntitledToSendIt_HandledAsItsUseCase_SignedSchemaValidResponse(string name, CredentialUseCase useCase)
    {
        var (store, processor, gateway) = Endpoint();
        using (store)
        {
            DuisExchange exchange = processor.ProcessAsync(SignedBy(Unsigned(name), SenderOf(name))).GetAwaiter().GetResult();

            Assert.AreEqual(DuisExchangeStatus.Responded, exchange.Status, string.Join("; ", exchange.Errors));
            Assert.AreEqual(DuisResponseCodes.Success, exchange.Result!.ResponseCode, exchange.Result.Message);
            Assert.AreEqual(useCase, gateway.Sent.Single().UseCase);
            Assert.AreEqual(Target, gateway.Sent.Single().DeviceId);
            string response = exchange.Response!.Declaration + exchange.Response.Root!.ToString(SaveOptions.DisableFormatting);
            Assert.IsTrue(DuisXmlSignature.Verify(response, DccBoxedFixtures.Keystore.FindSigning).Verified, response);
            Assert.AreEqual(Convert.ToBase64String(AcceptingGateway.Response), exchange.Response.Descendants(DuisNames.Sr + "GBCSPayload").Single().Value);
        }
    }

    [TestMethod]
    public void ReplaceSupplierTemplate_Accepted_InventoryHoldsTheThreeNewSupplierCertificates()
    {
        var (store, processor, _) = Endpoint();
        using (store)
        {
            processor.ProcessAsync(SignedBy(Unsigned("CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML"), Keystore.DefaultSupplier)).GetAwaiter().GetResult();

            IReadOnlyList<DeviceCertificateRecord> current = store.Read(s => new DeviceCertificates(s).Current(Target));
            CollectionAssert.AreEquivalent(new[] { "DS", "KA", "KA-TopUp" }, current.Select(c => c.Usage).ToArray());
            Assert.IsTrue(current.All(c => c.Holder == "Supplier" && c.Party == Keystore.DefaultSupplier));
        }
    }

    [TestMethod]
    public void ChangeOfSupplierTemplate_SentByTheIncomingSupplier_Accepted_ItIsNowResponsible_TheOutgoingOneGetsE4()
    {
        var (store, processor, gateway) = Endpoint();
        using (store)
        {
            DuisExchange exchange = processor.ProcessAsync(SignedBy(Unsigned(ChangeOfSupplierTemplate), Supplier2)).GetAwaiter().GetResult();
            DuisExchange outgoing = processor.ProcessAsync(SignedBy(Unsigned("CS02e_6.24.2_SUCCESS_REQUEST_DUIS.XML"), Keystore.DefaultSupplier)).GetAwaiter().GetResult();
            DuisExchange incoming = processor.ProcessAsync(SignedBy(Unsigned("CS02e_6.24.2_SUCCESS_REQUEST_DUIS.XML").Replace(":1000<", ":2000<", StringComparison.Ordinal), Supplier2)).GetAwaiter().GetResult();

            Assert.AreEqual(DuisResponseCodes.Success, exchange.Result!.ResponseCode, exchange.Result.Message);
            Assert.AreEqual(CredentialReplacementMode.ChangeOfSupplier, gateway.Sent[0].Mode);
            Assert.AreEqual(Supplier2, gateway.Sent[0].Originator);
            Assert.AreEqual(Supplier2, store.Read(s => new RequestRights(s).ResponsibleSupplier(Target)));
            DeviceCertificateRecord[] supplier = [.. store.Read(s => new DeviceCertificates(s).Current(Target)).Where(c => c.Holder == "Supplier")];
            CollectionAssert.AreEquivalent(new[] { "DS", "KA", "KA-TopUp" }, supplier.Select(c => c.Usage).ToArray());
            Assert.IsTrue(supplier.All(c => c.Party == Supplier2));
            Assert.AreEqual(DuisResponseCodes.NotAuthorisedForDevice, outgoing.Result!.ResponseCode, outgoing.Result.Message);
            Assert.AreEqual(DuisResponseCodes.Success, incoming.Result!.ResponseCode, incoming.Result.Message);
        }
    }

    public static IEnumerable<object[]> ChangeOfSupplierRefusals() =>
    [
        ["the outgoing supplier", Keystore.DefaultSupplier, DuisResponseCodes.NotApplicableToDevice, "already"],
        ["a network operator", NetworkOperator, DuisResponseCodes.RoleNotPermitted, "may not send SRV 6.23"],
    ];

    [TestMethod]
    [DynamicData(nameof(ChangeOfSupplierRefusals))]
    public void ChangeOfSupplierTemplate_SentByAPartyThatIsNotTheIncomingSupplier_RefusedNamingWhy_NothingSentNothingChanged(string who, Eui64 sender, string code, string reason)
    {
        var (store, processor, gateway) = Endpoint();
        using (store)
        {
            Eui64? before = store.Read(s => new RequestRights(s).ResponsibleSupplier(Target));

            DuisExchange exchange = processor.ProcessAsync(SignedBy(Unsigned(ChangeOfSupplierTemplate), sender)).GetAwaiter().GetResult();

            Assert.AreEqual(DuisExchangeStatus.Responded, exchange.Status, string.Join("; ", exchange.Errors));
            Assert.AreEqual(code, exchange.Result!.ResponseCode, $"{who}: {exchange.Result.Message}");
            StringAssert.Contains(exchange.Result.Message, reason, who);
            Assert.AreEqual(0, gateway.Sent.Count, who);
            Assert.AreEqual(before, store.Read(s => new RequestRights(s).ResponsibleSupplier(Target)), who);
            Assert.AreEqual(0, store.Read(s => new DeviceCertificates(s).History(Target)).Count, who);
        }
    }

    [TestMethod]
    [DynamicData(nameof(ResponsibleSupplierTemplates))]
    public void Template_SignedByASupplierNotResponsibleForTheDevice_RefusedE4_NothingSentNothingChanged(string name, CredentialUseCase useCase)
    {
        var (store, processor, gateway) = Endpoint();
        using (store)
        {
            string before = TestBench.Snapshot(store);

            DuisExchange exchange = processor.ProcessAsync(SignedBy(Unsigned(name), Supplier2)).GetAwaiter().GetResult();

            Assert.AreEqual(DuisResponseCodes.NotAuthorisedForDevice, exchange.Result!.ResponseCode, $"{useCase}: {exchange.Result.Message}");
            StringAssert.Contains(exchange.Result.Message, "not the responsible supplier");
            Assert.AreEqual(0, gateway.Sent.Count);
            Assert.AreEqual(before, TestBench.Snapshot(store));
        }
    }

    [TestMethod]
    public void Template_ReplayedRequestId_RefusedE1_SentOnce()
    {
        var (store, processor, gateway) = Endpoint();
        using (store)
        {
            string xml = SignedBy(Unsigned("CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML"), Keystore.DefaultSupplier);
            DuisExchange first = processor.ProcessAsync(xml).GetAwaiter().GetResult();
            string afterFirst = TestBench.Snapshot(store);

            DuisExchange replay = processor.ProcessAsync(xml).GetAwaiter().GetResult();

            Assert.AreEqual(DuisResponseCodes.Success, first.Result!.ResponseCode, first.Result.Message);
            Assert.AreEqual(DuisResponseCodes.RequestIdNotIncreasing, replay.Result!.ResponseCode);
            Assert.AreEqual(1, gateway.Sent.Count);
            Assert.AreEqual(afterFirst, TestBench.Snapshot(store));
        }
    }

    [TestMethod]
    public void FutureDatedReplacementTemplate_SentWithItsExecutionDateTime()
    {
        // The template's ExecutionDateTime (2030-01-15) goes with the CS02b: the device carries it out then and reports in 0x00CB.
        var (store, processor, gateway) = Endpoint();
        using (store)
        {
            DuisExchange exchange = processor.ProcessAsync(SignedBy(Unsigned("CS02bSupplierBySupplier_6.15.1_FUTURE_DATED_SUCCESS_REQUEST_DUIS.XML"), Keystore.DefaultSupplier)).GetAwaiter().GetResult();

            Assert.AreEqual(DuisExchangeStatus.Responded, exchange.Status, string.Join("; ", exchange.Errors));
            Assert.AreEqual(new DateTimeOffset(2030, 1, 15, 0, 0, 0, TimeSpan.Zero), gateway.Sent.Single().ExecutionDateTime);
        }
    }

    /// <summary>A device that accepts every CS02 command: a fresh P-256 key for CS02c, the CS02d template's certificate for CS02e.</summary>
    private sealed class AcceptingGateway : IDeviceGateway
    {
        public static readonly byte[] Response = [0xDF, 0x09, 0x02];

        public List<CredentialRequest> Sent { get; } = [];

        public Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken) =>
            Task.FromResult(new FirmwareVersionReading(FirmwareVersionReadStatus.Unreachable, null, "not in this test"));

        public Task<CredentialReply> ManageCredentialsAsync(CredentialRequest request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] csr = new CertificateRequest(new X500DistinguishedName([0x30, 0x00]), key, HashAlgorithmName.SHA256).CreateSigningRequest();
            string certificate = XDocument.Parse(Vectors.ReadText("duis", "CS02d_6.15.2_SUCCESS_REQUEST_DUIS.XML")).Descendants(DuisNames.Sr + "DeviceCertificate").Single().Value;
            return Task.FromResult(new CredentialReply(FirmwareVersionReadStatus.Read, true, "done")
            {
                CertificationRequest = csr,
                ReplacedUsages = [.. request.Replacements.Select(r => r.Usage)],
                Certificate = Convert.FromBase64String(certificate),
                GbcsResponse = Response,
            });
        }
    }
}
