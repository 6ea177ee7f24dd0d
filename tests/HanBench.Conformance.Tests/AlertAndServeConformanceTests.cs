using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Serve;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Alerts;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Gbcs;

namespace HanBench.Conformance.Tests;

/// <summary>
/// Every DCC alert HanBench emits (N39 both results, N62 every transfer code, N59/N60/N61, N64, N999, distribution
/// failure) validates against "DUIS Schema V5.4.xsd"; the RTDS images hash through the default OTA hasher; the 11.3
/// template reaches a Comms Hub and raises N64; and every DUIS request template goes through <c>serve</c> on loopback,
/// routed by command variant, answered with a schema-valid response.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class AlertAndServeConformanceTests
{
    private static readonly Lazy<DuisSchema> Schema = new(() => DuisSchema.Load(Vectors.PathOf("xsd", "DUIS Schema V5.4.xsd")));

    private static void AssertValid(IssuedDccAlert alert)
    {
        IReadOnlyList<string> errors = Schema.Value.Validate(alert.Body!);
        Assert.AreEqual(0, errors.Count, $"{alert.AlertCode}: {string.Join("; ", errors)}\n{alert.Body}");
    }

    [TestMethod]
    public void EveryAlertHanBenchRaises_ValidatesAgainstTheSchema()
    {
        var service = new DccAlertService();
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            Eui64 bridge = TestBench.Bridges[0];
            var issued = new List<IssuedDccAlert>();
            store.Write(s =>
            {
                new ServiceUserDirectory(s).Put(new ServiceUser(AlertTestKit.Supplier, "Supplier A", ServiceUserRole.Supplier, "5.4"));
                new ServiceUserDirectory(s).Put(new ServiceUser(AlertTestKit.OldSupplier, "Supplier B", ServiceUserRole.Supplier, "4.1"));
                issued.AddRange(service.OnCspDelivery(s, request.RowId, bridge, CspDeliveryOutcome.Failed, 1));
                issued.AddRange(service.OnCspDelivery(s, request.RowId, bridge, CspDeliveryOutcome.Delivered));
                foreach (FirmwareTransferResponseCode code in Enum.GetValues<FirmwareTransferResponseCode>())
                {
                    ushort alertCode = code == FirmwareTransferResponseCode.Success ? GbcsAlertCode.FirmwareTransferSuccess : GbcsAlertCode.FirmwareTransferFailure;
                    issued.AddRange(service.OnFirmwareTransfer(s, TestBench.Hub, bridge, alertCode, "00010002", code, TestBench.Start.AddMinutes((int)code)));
                }

                issued.AddRange(service.OnPpmidFirmwareActivation(s, TestBench.Ppmid, "00000002", false, null));
                issued.AddRange(service.OnPpmidFirmwareActivation(s, bridge, AlertTestKit.Activation(0x00010002, PpmidFirmwareActivationResult.Success)));
                issued.AddRange(service.OnCommsHubActivationResponse(s, TestBench.Hub, ActivateFirmwareResponseCode.Success, "00000200"));
                issued.AddRange(service.OnFirmwareDistributionFailure(s, request.RequestId, [bridge, TestBench.Bridges[1]]));
            });
            var (store2, request2) = AlertTestKit.BenchWithQueuedBridge();
            using (store2)
            {
                issued.AddRange(store2.Write(s => FirmwareCancellation.Cancel(s, new FirmwareUpdateRecorder(service), request2.RequestId).Issued));
            }

            CollectionAssert.IsSubsetOf(
                new[] { "N39", "N59", "N60", "N61", "N62", "N64", "N999", DccAlertSettings.Default.FirmwareDistributionFailureAlertCode },
                issued.Select(a => a.AlertCode).Distinct().ToArray());
            foreach (IssuedDccAlert alert in issued)
            {
                AssertValid(alert);
            }
        }
    }

    [TestMethod]
    public void DefaultHasher_RtdsImages_DocumentedManufacturerImageHash_11_4UnsignedAnd11_1Signed()
    {
        // shared/vectors README (ota-images): the same 235-byte Manufacturer Image in both files.
        const string Expected = "7542f475e3f12eae887d81e32c46d313741d67076b13caec2f82e00ba5e1bb36";
        var hasher = new OtaManufacturerImageHasher();
        Assert.IsTrue(hasher.TryComputeManufacturerImageHash(Vectors.ReadBytes("ota-images", "rtds-11.4-ppmid-ota-upgrade-image.zigbee"), FirmwareUpdateKind.UpdatePpmidFirmware, out byte[]? ppmid, out string? problem), problem);
        Assert.AreEqual(Expected, Convert.ToHexStringLower(ppmid));
        Assert.IsTrue(hasher.TryComputeManufacturerImageHash(Vectors.ReadBytes("ota-images", "rtds-11.1-esme-ota-upgrade-image.zigbee"), FirmwareUpdateKind.UpdateFirmware, out byte[]? esme, out problem), problem);
        Assert.AreEqual(Expected, Convert.ToHexStringLower(esme));
        Assert.IsFalse(hasher.TryComputeManufacturerImageHash(Vectors.ReadBytes("ota-images", "rtds-11.4-ppmid-ota-upgrade-image.zigbee"), FirmwareUpdateKind.UpdateFirmware, out _, out _), "an unsigned image is not an 11.1 image");
    }

    [TestMethod]
    public void ActivateFirmware_11_3Template_ToTheRtdsCommsHub_I0ValidResponse_N64Valid()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => new ServiceUserDirectory(s).Put(new ServiceUser(AlertTestKit.Supplier, "Supplier A", ServiceUserRole.Supplier, "5.4")));
        var gateway = new ActivationGateway(FirmwareActivationReply.Answered(ActivateFirmwareResponseCode.Success, "00000200"));
        string xml = Retargeted("CS06_11.3_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", TestBench.Hub);

        DuisExchange exchange = new DuisRequestProcessor(new ServiceRequestHandlers(store, gateway), Schema.Value).ProcessAsync(xml).GetAwaiter().GetResult();

        Assert.AreEqual(DuisExchangeStatus.Responded, exchange.Status, string.Join("; ", exchange.Errors));
        Assert.AreEqual(DuisResponseCodes.Success, exchange.Result!.ResponseCode, exchange.Result.Message);
        IssuedDccAlert n64 = ((ActivateFirmwareResult)exchange.Result).Alerts.Single();
        Assert.AreEqual("N64", n64.AlertCode);
        AssertValid(n64);
    }

    [TestMethod]
    public void EveryRequestTemplate_ThroughServe_RoutedByCommandVariant_SchemaValidResponse()
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        var handlers = new ServiceRequestHandlers(store, new ActivationGateway(FirmwareActivationReply.Answered(ActivateFirmwareResponseCode.Success, "00000200")));
        DuisServer server = DuisServer.StartAsync(new DuisServerOptions(new IPEndPoint(IPAddress.Loopback, 0), new DuisRequestProcessor(handlers, Schema.Value))).GetAwaiter().GetResult();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            string[] templates = Directory.GetFiles(Vectors.PathOf("duis"), "*REQUEST_DUIS.XML").Order(StringComparer.Ordinal).ToArray();
            Assert.IsTrue(templates.Length >= 20, $"found {templates.Length} templates");
            foreach (string path in templates)
            {
                string xml = File.ReadAllText(path);
                int commandVariant = int.Parse(XDocument.Parse(xml).Descendants(DuisNames.Sr + "CommandVariant").Single().Value, System.Globalization.CultureInfo.InvariantCulture);
                string service = DuisWebServices.PathOf(DuisWebServices.ForCommandVariant(commandVariant)).TrimStart('/');
                using var content = new StringContent(xml, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");

                using HttpResponseMessage response = http.PostAsync(new Uri(server.BaseAddress, service), content).GetAwaiter().GetResult();
                string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();

                Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"{Path.GetFileName(path)} on {service}: {body}");
                IReadOnlyList<string> errors = Schema.Value.Validate(body);
                Assert.AreEqual(0, errors.Count, $"{Path.GetFileName(path)}: {string.Join("; ", errors)}");
                Assert.AreEqual(
                    XDocument.Parse(xml).Descendants(DuisNames.Sr + "ServiceReferenceVariant").Single().Value,
                    XDocument.Parse(body).Descendants(DuisNames.Sr + "ServiceReferenceVariant").Single().Value,
                    Path.GetFileName(path));
            }
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [TestMethod]
    public void Serve_TemplateWithASchemaError_400NamingTheLine_NothingChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        string before = TestBench.Snapshot(store);
        DuisServer server = DuisServer.StartAsync(new DuisServerOptions(new IPEndPoint(IPAddress.Loopback, 0), new DuisRequestProcessor(new ServiceRequestHandlers(store, new FakeGateway(FirmwareVersionReading.Of("1"))), Schema.Value))).GetAwaiter().GetResult();
        try
        {
            string xml = Vectors.ReadText("duis", "12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML").Replace("<sr:DeviceType>", "<sr:DeviceType>X", StringComparison.Ordinal);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var content = new StringContent(xml, Encoding.UTF8, "application/xml");

            using HttpResponseMessage response = http.PostAsync(new Uri(server.BaseAddress, "api/v1/serviceD"), content).GetAwaiter().GetResult();
            string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();

            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, body);
            StringAssert.Contains(body, "DUIS schema validation failed");
            StringAssert.Contains(body, "line ");
            Assert.AreEqual(before, TestBench.Snapshot(store));
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [TestMethod]
    public void Serve_RequestWithHundredsOfSchemaErrors_400ListsAtMostTheCap_AndCountsTheRest()
    {
        using InventoryStore store = TestBench.Seeded();
        DuisServer server = DuisServer.StartAsync(new DuisServerOptions(new IPEndPoint(IPAddress.Loopback, 0), new DuisRequestProcessor(new ServiceRequestHandlers(store, new FakeGateway(FirmwareVersionReading.Of("1"))), Schema.Value))).GetAwaiter().GetResult();
        try
        {
            // 300 undeclared attributes: one schema error each.
            string attributes = string.Concat(Enumerable.Range(0, 300).Select(i => $" bogus{i}=\"x\""));
            string xml = Vectors.ReadText("duis", "12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML").Replace("<sr:Header>", "<sr:Header" + attributes + ">", StringComparison.Ordinal);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var content = new StringContent(xml, Encoding.UTF8, "application/xml");

            using HttpResponseMessage response = http.PostAsync(new Uri(server.BaseAddress, "api/v1/serviceD"), content).GetAwaiter().GetResult();
            string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();

            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, body);
            int listed = body.Split('\n').Count(line => line.StartsWith("line ", StringComparison.Ordinal));
            Assert.AreEqual(DuisServer.MaxListedErrors, listed, body);
            StringAssert.Contains(body, "and 280 more error(s) not listed");
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static string Retargeted(string name, Eui64 target)
    {
        XDocument document = XDocument.Parse(Vectors.ReadText("duis", name));
        XElement requestId = document.Descendants(DuisNames.Sr + "RequestID").Single();
        string[] parts = requestId.Value.Split(':');
        requestId.Value = $"{parts[0]}:{target}:{parts[2]}";
        return document.ToString();
    }
}
