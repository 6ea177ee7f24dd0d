using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using HanBench.Host.Alerts;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Serve;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Alerts;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Tests.Serve;

/// <summary>
/// <c>hanbench serve</c>'s endpoint end to end on 127.0.0.1 with an ephemeral port: HanBench's own DUIS request XML
/// (the third-party templates go through it in the conformance suite), routing by command variant, refusals that
/// change nothing, the loopback rule, and alert delivery with retry to a local receiver.
/// </summary>
[TestClass]
public sealed class DuisServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private const string RequestIdPrefix = "90-B3-D5-1F-30-01-00-00";

    internal static string Request(string srv, int commandVariant, string target, long counter, string body) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
          <sr:Header>
            <sr:RequestID>{RequestIdPrefix}:{target}:{counter}</sr:RequestID>
            <sr:CommandVariant>{commandVariant}</sr:CommandVariant>
            <sr:ServiceReference>{srv[..srv.LastIndexOf('.')]}</sr:ServiceReference>
            <sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant>
          </sr:Header>
          <sr:Body>{body}</sr:Body>
        </sr:Request>
        """;

    internal static string Prenotify(Eui64 device, long counter = 1) => Request("12.2", 8, "90-B3-D5-1F-30-00-00-02", counter,
        $"<sr:DevicePrenotification><sr:DeviceID>{device}</sr:DeviceID><sr:DeviceType>PPMID</sr:DeviceType><sr:DeviceManufacturer>AHCO</sr:DeviceManufacturer><sr:DeviceModel>BRIDGE-1</sr:DeviceModel></sr:DevicePrenotification>");

    private static string Activate(Eui64 device, long counter = 2) => Request("11.3", 4, device.ToString(), counter,
        $"<sr:ActivateFirmware><sr:FirmwareHash>{new string('A', 64)}</sr:FirmwareHash></sr:ActivateFirmware>");

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient http, DuisServer server, string path, string xml)
    {
        using var content = new StringContent(xml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        return await http.PostAsync(new Uri(server.BaseAddress, path), content);
    }

    private static Task<DuisServer> Start(InventoryStore store, IDeviceGateway? gateway = null, DccAlertDeliverer? deliverer = null, Uri? alertsTo = null) =>
        DuisServer.StartAsync(new DuisServerOptions(
            new IPEndPoint(IPAddress.Loopback, 0),
            new DuisRequestProcessor(new ServiceRequestHandlers(store, gateway ?? new FakeGateway(FirmwareVersionReading.Of("00000001")))),
            Deliverer: deliverer,
            AlertsTo: alertsTo,
            AlertInterval: TimeSpan.FromMilliseconds(50)));

    [TestMethod]
    public async Task Serve_PrenotificationOnServiceD_200WithDuisResponse_DeviceAdded()
    {
        using InventoryStore store = TestBench.Empty();
        await using DuisServer server = await Start(store);
        using var http = new HttpClient { Timeout = Patience };
        Assert.AreEqual("127.0.0.1", server.BaseAddress.Host);
        Assert.AreNotEqual(0, server.BaseAddress.Port);

        using HttpResponseMessage response = await PostAsync(http, server, "api/v1/serviceD", Prenotify(TestBench.Bridges[0]));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.AreEqual("application/xml", response.Content.Headers.ContentType?.MediaType);
        XDocument body = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual("I0", body.Descendants(DuisNames.Sr + "ResponseCode").Single().Value);
        Assert.AreEqual($"90-B3-D5-1F-30-00-00-02:{RequestIdPrefix}:1", body.Descendants(DuisNames.Sr + "ResponseID").Single().Value);
        Assert.AreEqual(DeviceStatus.Pending, TestBench.Find(store, TestBench.Bridges[0]).Status);
    }

    [TestMethod]
    [DataRow("<not-xml", "not a usable DUIS request")]
    [DataRow("<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"/>", "RequestID")]
    public async Task Serve_InvalidXml_400NamingTheProblem_NothingChanged(string xml, string mentions)
    {
        using InventoryStore store = TestBench.Seeded();
        string before = TestBench.Snapshot(store);
        await using DuisServer server = await Start(store);
        using var http = new HttpClient { Timeout = Patience };

        using HttpResponseMessage response = await PostAsync(http, server, "api/v1/serviceD", xml);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), mentions);
        Assert.AreEqual(before, TestBench.Snapshot(store));
    }

    [TestMethod]
    public async Task Serve_NonDeviceRequestOnServiceS_400NamingTheRightService_NothingChanged()
    {
        using InventoryStore store = TestBench.Empty();
        await using DuisServer server = await Start(store);
        using var http = new HttpClient { Timeout = Patience };

        using HttpResponseMessage response = await PostAsync(http, server, "api/v1/serviceS", Prenotify(TestBench.Bridges[0]));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "/api/v1/serviceD");
        Assert.IsNull(store.Read(s => s.Devices.Find(TestBench.Bridges[0])));
    }

    [TestMethod]
    public async Task Serve_JsonContentType_415()
    {
        using InventoryStore store = TestBench.Empty();
        await using DuisServer server = await Start(store);
        using var http = new HttpClient { Timeout = Patience };
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await http.PostAsync(new Uri(server.BaseAddress, "api/v1/serviceD"), content);

        Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [TestMethod]
    [DataRow("0.0.0.0:8079", "not a loopback address")]
    [DataRow("192.168.1.10:8079", "not a loopback address")]
    [DataRow("[::]:8079", "not a loopback address")]
    [DataRow("example.com:8079", "not an IP address")]
    [DataRow("127.0.0.1", "HOST:PORT")]
    [DataRow("127.0.0.1:99999", "port")]
    public void LoopbackEndpoint_NotLoopbackOrMalformed_RefusedWithReason(string text, string mentions)
    {
        Assert.IsFalse(LoopbackEndpoint.TryParse(text, out _, out string? problem));
        StringAssert.Contains(problem, mentions);
    }

    [TestMethod]
    [DataRow("127.0.0.1:8079", "127.0.0.1", 8079)]
    [DataRow("localhost:0", "127.0.0.1", 0)]
    [DataRow("[::1]:8080", "::1", 8080)]
    [DataRow("127.0.0.2:1", "127.0.0.2", 1)]
    public void LoopbackEndpoint_Loopback_Parsed(string text, string address, int port)
    {
        Assert.IsTrue(LoopbackEndpoint.TryParse(text, out IPEndPoint? endpoint, out _));
        Assert.AreEqual(IPAddress.Parse(address), endpoint!.Address);
        Assert.AreEqual(port, endpoint.Port);
    }

    [TestMethod]
    public async Task DuisServer_NonLoopbackBind_Refused()
    {
        using InventoryStore store = TestBench.Empty();
        var options = new DuisServerOptions(new IPEndPoint(IPAddress.Any, 0), new DuisRequestProcessor(new ServiceRequestHandlers(store, new FakeGateway(FirmwareVersionReading.Of("1")))));
        ArgumentException e = await Assert.ThrowsExactlyAsync<ArgumentException>(() => DuisServer.StartAsync(options));
        StringAssert.Contains(e.Message, "loopback only");
    }

    [TestMethod]
    public async Task Serve_CommsHubActivation_N64DeliveredToTheReceiver_AfterARetry()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => s.Devices.SetFirmwareVersion(TestBench.Hub, FirmwareComponents.Main, "00000100"));
        await using AlertReceiver receiver = await AlertReceiver.StartAsync(failFirst: 1);
        store.Write(s => new ServiceUserDirectory(s).Put(new ServiceUser(AlertTestKit.Supplier, "Supplier A", ServiceUserRole.Supplier, "5.4", receiver.Url.ToString())));
        using var http = new HttpClient { Timeout = Patience };
        var deliverer = new DccAlertDeliverer(store, http, new AlertDeliverySettings { FirstRetryDelay = TimeSpan.Zero });
        var gateway = new ActivationGateway(FirmwareActivationReply.Answered(ActivateFirmwareResponseCode.Success, "00000200"));
        await using DuisServer server = await Start(store, gateway, deliverer);

        using HttpResponseMessage response = await PostAsync(http, server, "api/v1/serviceT", Activate(TestBench.Hub));
        string text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        Assert.AreEqual("I0", XDocument.Parse(text).Descendants(DuisNames.Sr + "ResponseCode").Single().Value);

        string delivered = await receiver.FirstAccepted.Task.WaitAsync(Patience);
        XDocument alert = XDocument.Parse(delivered);
        Assert.AreEqual("N64", alert.Descendants(DuisNames.Sr + "DCCAlertCode").Single().Value);
        Assert.AreEqual("00000200", alert.Descendants(DuisNames.Sr + "FirmwareVersion").Single().Value);
        Assert.AreEqual(2, receiver.Posts, "the first POST was refused (500) and retried");
        // Passes are serialised: once this (empty) pass runs, the one that delivered has marked the row.
        Assert.AreEqual(0, (await deliverer.DeliverPendingAsync(null)).Delivered);
        IssuedDccAlert row = store.Read(s => new DccAlertOutbox(s).List()).Single();
        Assert.IsNotNull(row.DeliveredUtc);
        Assert.AreEqual(2, row.DeliveryAttempts);
        Assert.AreEqual(1, gateway.Activations);
    }

    [TestMethod]
    public async Task Deliverer_ReceiverKeepsFailing_AlertStaysPendingWithAttemptsAndReason_NextPassDelivers()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => new DccAlertService().OnCommsHubActivationResponse(s, TestBench.Hub, ActivateFirmwareResponseCode.Success, "00000200"));
        await using AlertReceiver receiver = await AlertReceiver.StartAsync(failFirst: 3);
        using var http = new HttpClient { Timeout = Patience };
        var delays = new List<TimeSpan>();
        var deliverer = new DccAlertDeliverer(store, http, new AlertDeliverySettings { FirstRetryDelay = TimeSpan.FromSeconds(1) }, delay: (d, _) => { delays.Add(d); return Task.CompletedTask; });

        AlertDeliveryReport first = await deliverer.DeliverPendingAsync(receiver.Url);

        Assert.AreEqual(new AlertDeliveryReport(0, 1, 0), first);
        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }, delays, "the wait doubles between attempts");
        IssuedDccAlert pending = store.Read(s => new DccAlertOutbox(s).List(pendingOnly: true)).Single();
        Assert.AreEqual(3, pending.DeliveryAttempts);
        StringAssert.Contains(pending.LastDeliveryError, "HTTP 500");

        AlertDeliveryReport second = await deliverer.DeliverPendingAsync(receiver.Url);

        Assert.AreEqual(new AlertDeliveryReport(1, 0, 0), second);
        IssuedDccAlert delivered = store.Read(s => new DccAlertOutbox(s).List()).Single();
        Assert.IsNotNull(delivered.DeliveredUtc);
        Assert.AreEqual(4, delivered.DeliveryAttempts);
        Assert.IsNull(delivered.LastDeliveryError);
        Assert.AreEqual(1, receiver.Accepted.Count);
    }

    [TestMethod]
    public async Task Deliverer_NoUrlAnywhere_CountedAsNoDestination_NotAttempted()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => new DccAlertService().OnCommsHubActivationResponse(s, TestBench.Hub, ActivateFirmwareResponseCode.Success, "00000200"));
        using var http = new HttpClient();

        AlertDeliveryReport report = await new DccAlertDeliverer(store, http).DeliverPendingAsync(null);

        Assert.AreEqual(new AlertDeliveryReport(0, 0, 1), report);
        Assert.AreEqual(0, store.Read(s => new DccAlertOutbox(s).List()).Single().DeliveryAttempts);
    }
}
