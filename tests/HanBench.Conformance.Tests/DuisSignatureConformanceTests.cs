using HanBench.Tests;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Conformance.Tests;

/// <summary>
/// The eight requests DCC Boxed's own signing tool signed (vectors/duis-signed) verify with the certificates of DCC
/// Boxed's keystore.json, the signer is the RequestID's originator, and any one changed character of the body breaks them.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class DuisSignatureConformanceTests
{
    public TestContext TestContext { get; set; } = null!;

    private static IEnumerable<string> SignedFiles() => Directory.GetFiles(Vectors.PathOf("duis-signed"), "*.xml").Order(StringComparer.Ordinal);

    [TestMethod]
    public void EverySignedVector_Verifies_SignedByTheOriginator()
    {
        var files = SignedFiles().ToList();
        Assert.AreEqual(8, files.Count);
        foreach (string file in files)
        {
            string xml = File.ReadAllText(file);
            DuisSignatureCheck check = DuisXmlSignature.Verify(xml, DccBoxedFixtures.Keystore.FindSigning);

            Assert.IsTrue(check.Verified, $"{Path.GetFileName(file)}: {check.Problem}");
            DuisParseResult parsed = DuisRequestParser.Parse(xml);
            Assert.AreEqual(parsed.Header!.RequestId.Originator, check.Signer!.Party, Path.GetFileName(file));
        }
    }

    [TestMethod]
    public void EverySignedVector_OneBodyCharacterChanged_DoesNotVerify()
    {
        int seed = Environment.TickCount;
        TestContext.WriteLine($"seed {seed}");
        var random = new Random(seed);
        foreach (string file in SignedFiles())
        {
            string xml = File.ReadAllText(file);
            int start = xml.IndexOf("<sr:Body>", StringComparison.Ordinal) + "<sr:Body>".Length;
            int end = xml.IndexOf("</sr:Body>", StringComparison.Ordinal);
            for (int trial = 0; trial < 20; trial++)
            {
                int at = random.Next(start, end);
                char replacement = xml[at] == 'A' ? 'B' : 'A';
                string changed = string.Concat(xml.AsSpan(0, at), replacement.ToString(), xml.AsSpan(at + 1));

                DuisSignatureCheck check = DuisXmlSignature.Verify(changed, DccBoxedFixtures.Keystore.FindSigning);

                Assert.IsFalse(check.Verified, $"{Path.GetFileName(file)}: changing offset {at} ('{xml[at]}'→'{replacement}') still verifies (seed {seed})");
                Assert.IsNotNull(check.Problem);
            }
        }
    }

    [TestMethod]
    public void SignedVector_SignatureRemovedOrUnknownCertificate_NamedProblem()
    {
        string xml = File.ReadAllText(SignedFiles().First());
        string unsigned = xml[..xml.IndexOf("<ds:Signature>", StringComparison.Ordinal)] + "</sr:Request>";
        Keystore empty = Keystore.Open(TestFolders.Create("hanbench-empty-"));

        StringAssert.Contains(DuisXmlSignature.Verify(unsigned, DccBoxedFixtures.Keystore.FindSigning).Problem, "no ds:Signature");
        StringAssert.Contains(DuisXmlSignature.Verify(xml, empty.FindSigning).Problem, "unknown certificate");
    }

    [TestMethod]
    public void HanBenchSigned_ResponseWithDspKey_VerifiesAndValidatesAgainstRealXmldsigSchema()
    {
        PartyCredential dsp = DccBoxedFixtures.Keystore.XmlSigner(Keystore.DefaultAccessControlBroker)!;
        string response = """
            <?xml version="1.0" encoding="UTF-8"?><sr:Response xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4"><sr:Header><sr:RequestID>90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1000</sr:RequestID><sr:ResponseID>90-B3-D5-1F-30-00-00-02:90-B3-D5-1F-30-01-00-00:1000</sr:ResponseID><sr:ResponseCode>I0</sr:ResponseCode><sr:ResponseDateTime>2026-12-06T05:00:00.000Z</sr:ResponseDateTime></sr:Header><sr:Body><sr:ResponseMessage><sr:ServiceReference>8.2</sr:ServiceReference><sr:ServiceReferenceVariant>8.2</sr:ServiceReferenceVariant></sr:ResponseMessage></sr:Body></sr:Response>
            """;

        string signed = DuisXmlSignature.Sign(response, dsp);
        DuisSchema schema = DccBoxedFixtures.Schema;

        Assert.IsTrue(DuisXmlSignature.Verify(signed, DccBoxedFixtures.Keystore.FindSigning).Verified, signed);
        Assert.IsFalse(schema.UsesSignatureStandIn);
        Assert.AreEqual(0, schema.Validate(signed).Count, string.Join("; ", schema.Validate(signed)) + "\n" + signed);
        StringAssert.Contains(signed, "<ds:X509IssuerName>CN=Z1,OU=07</ds:X509IssuerName>");
    }
}

/// <summary>The DUIS processor with security on: DCC Boxed–signed requests accepted, anything else refused E1/E2 with nothing changed, responses signed.</summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class SignedDuisProcessingConformanceTests
{
    private static (InventoryStore Store, DuisRequestProcessor Processor) Endpoint(HanBench.Host.Alerts.ServiceUserRole? supplierRole = HanBench.Host.Alerts.ServiceUserRole.Supplier, bool seeded = true)
    {
        InventoryStore store = seeded ? HanBench.Host.Tests.Inventory.TestBench.Seeded() : HanBench.Host.Tests.Inventory.TestBench.Empty();
        if (supplierRole is { } role)
        {
            store.Write(s => new HanBench.Host.Alerts.ServiceUserDirectory(s).Put(new HanBench.Host.Alerts.ServiceUser(Keystore.DefaultSupplier, "Supplier", role, "5.4")));
        }

        var security = new DuisSecurity(DccBoxedFixtures.Keystore, Keystore.DefaultAccessControlBroker);
        return (store, new DuisRequestProcessor(new HanBench.Host.ServiceRequests.ServiceRequestHandlers(store, new DccBoxedFixtures.UnreachableGateway()), DccBoxedFixtures.Schema, security));
    }

    private static string Signed(string name) => Vectors.ReadText("duis-signed", name);

    [TestMethod]
    public void SignedReadInventory_FromARegisteredSupplier_AnsweredAndTheResponseSignedByTheDsp()
    {
        var (store, processor) = Endpoint();
        using (store)
        {
            DuisExchange exchange = processor.ProcessAsync(Signed("8.2_READ_INVENTORY_REQUEST_DUIS.signed.xml")).GetAwaiter().GetResult();

            Assert.AreEqual(DuisExchangeStatus.Responded, exchange.Status, string.Join("; ", exchange.Errors));
            Assert.AreNotEqual(HanBench.Host.ServiceRequests.DuisResponseCodes.FailedAuthentication, exchange.Result!.ResponseCode, exchange.Result.Message);
            string response = exchange.Response!.Declaration + exchange.Response.Root!.ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
            DuisSignatureCheck check = DuisXmlSignature.Verify(response, DccBoxedFixtures.Keystore.FindSigning);
            Assert.IsTrue(check.Verified, check.Problem);
            Assert.AreEqual("167048897159233642262001557408276884033", check.Signer!.Serial);
        }
    }

    [TestMethod]
    public void SignedPrenotification_OneCharacterChanged_RefusedE1NothingChanged()
    {
        var (store, processor) = Endpoint();
        using (store)
        {
            string before = HanBench.Host.Tests.Inventory.TestBench.Snapshot(store);
            string xml = Signed("12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.signed.xml");
            int at = xml.IndexOf("<sr:DeviceModel>", StringComparison.Ordinal) + "<sr:DeviceModel>".Length;
            string changed = string.Concat(xml.AsSpan(0, at), xml[at] == '1' ? "2" : "1", xml.AsSpan(at + 1));

            DuisExchange exchange = processor.ProcessAsync(changed).GetAwaiter().GetResult();

            Assert.AreEqual(HanBench.Host.ServiceRequests.DuisResponseCodes.FailedAuthentication, exchange.Result!.ResponseCode);
            StringAssert.Contains(exchange.Result.Message, "does not verify");
            Assert.AreEqual(before, HanBench.Host.Tests.Inventory.TestBench.Snapshot(store));
        }
    }

    [TestMethod]
    public void UnsignedRequest_RefusedE1NamingTheMissingSignature()
    {
        var (store, processor) = Endpoint();
        using (store)
        {
            string xml = Signed("8.2_READ_INVENTORY_REQUEST_DUIS.signed.xml");
            string unsigned = xml[..xml.IndexOf("<ds:Signature>", StringComparison.Ordinal)] + "</sr:Request>";

            DuisExchange exchange = processor.ProcessAsync(unsigned).GetAwaiter().GetResult();

            Assert.AreEqual(HanBench.Host.ServiceRequests.DuisResponseCodes.FailedAuthentication, exchange.Result!.ResponseCode);
            StringAssert.Contains(exchange.Result.Message, "no ds:Signature");
        }
    }

    [TestMethod]
    public void SignedBySupplierNotRegistered_RefusedE1()
    {
        var (store, processor) = Endpoint(supplierRole: null);
        using (store)
        {
            DuisExchange exchange = processor.ProcessAsync(Signed("8.2_READ_INVENTORY_REQUEST_DUIS.signed.xml")).GetAwaiter().GetResult();

            Assert.AreEqual(HanBench.Host.ServiceRequests.DuisResponseCodes.FailedAuthentication, exchange.Result!.ResponseCode);
            StringAssert.Contains(exchange.Result.Message, "not a registered Service User");
        }
    }

    [TestMethod]
    public void SignedFirmwareUpdate_FromAnOtherUser_RefusedE2NothingChanged()
    {
        var (store, processor) = Endpoint(HanBench.Host.Alerts.ServiceUserRole.Other);
        using (store)
        {
            string before = HanBench.Host.Tests.Inventory.TestBench.Snapshot(store);

            DuisExchange exchange = processor.ProcessAsync(Signed("11.4_UPDATE_PPMID_FIRMWARE_REQUEST_DUIS.signed.xml")).GetAwaiter().GetResult();

            Assert.AreEqual(HanBench.Host.ServiceRequests.DuisResponseCodes.RoleNotPermitted, exchange.Result!.ResponseCode, exchange.Result.Message);
            Assert.AreEqual(before, HanBench.Host.Tests.Inventory.TestBench.Snapshot(store));
        }
    }

    [TestMethod]
    public void SameOriginatorCounterAgain_AcrossDifferentRequests_RefusedAsReplayNothingChanged()
    {
        var (store, processor) = Endpoint();
        using (store)
        {
            // 12.2 and 8.2 are both signed by the supplier with counter 1000: the second is a reused RequestID.
            DuisExchange first = processor.ProcessAsync(Signed("12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.signed.xml")).GetAwaiter().GetResult();
            string afterFirst = HanBench.Host.Tests.Inventory.TestBench.Snapshot(store);
            DuisExchange again = processor.ProcessAsync(Signed("12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.signed.xml")).GetAwaiter().GetResult();
            DuisExchange other = processor.ProcessAsync(Signed("8.2_READ_INVENTORY_REQUEST_DUIS.signed.xml")).GetAwaiter().GetResult();

            Assert.AreNotEqual(HanBench.Host.ServiceRequests.DuisResponseCodes.FailedAuthentication, first.Result!.ResponseCode, first.Result.Message);
            foreach (DuisExchange replay in new[] { again, other })
            {
                Assert.AreEqual(HanBench.Host.ServiceRequests.DuisResponseCodes.RequestIdNotIncreasing, replay.Result!.ResponseCode);
                StringAssert.Contains(replay.Result.Message, "replayed or reused");
            }

            Assert.AreEqual(afterFirst, HanBench.Host.Tests.Inventory.TestBench.Snapshot(store));
        }
    }

    [TestMethod]
    public void ActivateFirmware_FromASupplierNotResponsibleForTheDevice_RefusedE4()
    {
        var supplier2 = new Eui64(0x90B3_D51F_3003_0000);
        var (store, processor) = Endpoint();
        using (store)
        {
            store.Write(s =>
            {
                new HanBench.Host.Alerts.ServiceUserDirectory(s).Put(new HanBench.Host.Alerts.ServiceUser(supplier2, "Supplier 2", HanBench.Host.Alerts.ServiceUserRole.Supplier, "5.4"));
                new RequestRights(s).SetResponsibleSupplier(HanBench.Host.Tests.Inventory.TestBench.Esme, Keystore.DefaultSupplier);
            });
            string xml = Signed("CS06_11.3_IMMEDIATE_SUCCESS_REQUEST_DUIS.signed.xml");
            string unsigned = xml[..xml.IndexOf("<ds:Signature>", StringComparison.Ordinal)] + "</sr:Request>";
            string fromSupplier2 = DuisXmlSignature.Sign(unsigned.Replace("<sr:RequestID>90-B3-D5-1F-30-01-00-00:", "<sr:RequestID>90-B3-D5-1F-30-03-00-00:", StringComparison.Ordinal), DccBoxedFixtures.Keystore.XmlSigner(supplier2)!);

            DuisExchange exchange = processor.ProcessAsync(fromSupplier2).GetAwaiter().GetResult();

            Assert.AreEqual(HanBench.Host.ServiceRequests.DuisResponseCodes.NotAuthorisedForDevice, exchange.Result!.ResponseCode, exchange.Result.Message);
            StringAssert.Contains(exchange.Result.Message, "not the responsible supplier");
        }
    }

    [TestMethod]
    public void Prenotification_BySupplier_MakesItTheResponsibleSupplier()
    {
        var (store, processor) = Endpoint(seeded: false);
        using (store)
        {
            DuisExchange exchange = processor.ProcessAsync(Signed("12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.signed.xml")).GetAwaiter().GetResult();

            Assert.AreEqual(HanBench.Host.ServiceRequests.DuisResponseCodes.Success, exchange.Result!.ResponseCode, exchange.Result.Message);
            Assert.AreEqual(Keystore.DefaultSupplier, store.Read(s => new RequestRights(s).ResponsibleSupplier(HanBench.Host.Tests.Inventory.TestBench.Esme)));
        }
    }
}
