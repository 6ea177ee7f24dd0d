using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Serve;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Host.Tests.Serve;

/// <summary>
/// Issue 9 §3: what one request may cost the endpoint (body size, element depth and count, processing time, a client
/// that goes away), checked before the work and answered at once; the per-request log line; a stop that lets a
/// request in flight finish.
/// </summary>
[TestClass]
public sealed class DuisServerLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string ReadFirmwareVersion(Eui64 device, long counter = 3) =>
        DuisServerTests.Request("11.2", 1, device.ToString(), counter, "<sr:ReadFirmwareVersion/>");

    private static Task<DuisServer> Start(InventoryStore store, IDeviceGateway? gateway = null, DuisServerLimits? limits = null, DuisRequestLog? log = null) =>
        DuisServer.StartAsync(new DuisServerOptions(
            new IPEndPoint(IPAddress.Loopback, 0),
            new DuisRequestProcessor(new ServiceRequestHandlers(store, gateway ?? new FakeGateway(FirmwareVersionReading.Of("00000001")))),
            Limits: limits,
            Log: log));

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Serve_BodyOverLimit_413NamingTheLimit_NothingChanged(bool chunked)
    {
        using InventoryStore store = TestBench.Empty();
        await using DuisServer server = await Start(store, limits: new DuisServerLimits(MaxBodyBytes: 4096));
        using var http = new HttpClient { Timeout = Patience };
        string xml = DuisServerTests.Prenotify(TestBench.Bridges[0]).Replace("<sr:Body>", "<sr:Body><!--" + new string('x', 8192) + "-->", StringComparison.Ordinal);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "api/v1/serviceD")) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "4096 byte limit");
        Assert.IsNull(store.Read(s => s.Devices.Find(TestBench.Bridges[0])));
    }

    [TestMethod]
    public async Task Serve_HundredThousandDeep_400NamingTheDepthLimit_NothingChanged()
    {
        using InventoryStore store = TestBench.Empty();
        await using DuisServer server = await Start(store);
        using var http = new HttpClient { Timeout = Patience };
        const int depth = 100_000;
        string nested = new StringBuilder().Insert(0, "<sr:X>", depth).Insert(depth * 6, "</sr:X>", depth).ToString();
        string xml = DuisServerTests.Prenotify(TestBench.Bridges[0]).Replace("</sr:Body>", nested + "</sr:Body>", StringComparison.Ordinal);

        using HttpResponseMessage response = await DuisServerTests.PostAsync(http, server, "api/v1/serviceD", xml);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), $"more than {DuisServerLimits.Default.MaxDepth} deep");
        Assert.IsNull(store.Read(s => s.Devices.Find(TestBench.Bridges[0])));
    }

    [TestMethod]
    public async Task Serve_MoreElementsThanTheLimit_400NamingTheCountLimit_NothingChanged()
    {
        using InventoryStore store = TestBench.Empty();
        await using DuisServer server = await Start(store, limits: new DuisServerLimits(MaxElements: 100));
        using var http = new HttpClient { Timeout = Patience };
        string xml = DuisServerTests.Prenotify(TestBench.Bridges[0]).Replace("</sr:Body>", string.Concat(Enumerable.Repeat("<sr:X/>", 101)) + "</sr:Body>", StringComparison.Ordinal);

        using HttpResponseMessage response = await DuisServerTests.PostAsync(http, server, "api/v1/serviceD", xml);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "more than 100 elements");
        Assert.IsNull(store.Read(s => s.Devices.Find(TestBench.Bridges[0])));
    }

    [TestMethod]
    public void XmlShapeCheck_AtTheLimits_WithinLimits()
    {
        var limits = new DuisServerLimits(MaxDepth: 3, MaxElements: 3);

        Assert.AreEqual(XmlShape.WithinLimits, XmlShapeCheck.Measure("<a><b><c/></b></a>", limits, CancellationToken.None, out string? problem), problem);
        Assert.AreEqual(XmlShape.TooDeep, XmlShapeCheck.Measure("<a><b><c><d/></c></b></a>", limits, CancellationToken.None, out _));
        Assert.AreEqual(XmlShape.TooManyElements, XmlShapeCheck.Measure("<a><b/><c/><d/></a>", limits, CancellationToken.None, out _));
    }

    [TestMethod]
    public async Task Serve_HandlerPastTheTimeLimit_503AndTheWorkCancelled()
    {
        using InventoryStore store = TestBench.Seeded();
        var gateway = new BlockingGateway();
        await using DuisServer server = await Start(store, gateway, new DuisServerLimits(MaxProcessing: TimeSpan.FromSeconds(2)));
        using var http = new HttpClient { Timeout = Patience };

        Task<HttpResponseMessage> pending = DuisServerTests.PostAsync(http, server, "api/v1/serviceS", ReadFirmwareVersion(TestBench.Ppmid));
        await EnteredAsync(gateway, pending);
        using HttpResponseMessage response = await pending.WaitAsync(Patience);

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode, await response.Content.ReadAsStringAsync());
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "2 s limit");
        await gateway.Cancelled.Task.WaitAsync(Patience);
    }

    [TestMethod]
    public async Task Serve_ClientGoesAwayMidRequest_WorkCancelledAndLoggedAsClientGone()
    {
        using InventoryStore store = TestBench.Seeded();
        var gateway = new BlockingGateway();
        using var logText = new StringWriter();
        var log = new DuisRequestLog(TextWriter.Synchronized(logText), json: false);
        await using DuisServer server = await Start(store, gateway, log: log);
        using var http = new HttpClient { Timeout = Patience };
        using var client = new CancellationTokenSource();
        using var content = new StringContent(ReadFirmwareVersion(TestBench.Ppmid), Encoding.UTF8, "application/xml");

        Task<HttpResponseMessage> pending = http.PostAsync(new Uri(server.BaseAddress, "api/v1/serviceS"), content, client.Token);
        await EnteredAsync(gateway, pending);
        await client.CancelAsync();
        await Assert.ThrowsExactlyAsync<TaskCanceledException>(() => pending);

        await gateway.Cancelled.Task.WaitAsync(Patience);
        // The log line is written as the handler unwinds, just after the cancellation the gateway saw.
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!logText.ToString().Contains("client-gone 499", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        StringAssert.Contains(logText.ToString(), "/api/v1/serviceS 90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A4:3 11.2 client-gone 499");
    }

    [TestMethod]
    public async Task Serve_EveryRequest_OneLogLineWithRequestIdServiceReferenceOutcomeAndStatus()
    {
        using InventoryStore store = TestBench.Empty();
        using var logText = new StringWriter();
        await using DuisServer server = await Start(store, log: new DuisRequestLog(TextWriter.Synchronized(logText), json: true));
        using var http = new HttpClient { Timeout = Patience };

        (await DuisServerTests.PostAsync(http, server, "api/v1/serviceD", DuisServerTests.Prenotify(TestBench.Bridges[0]))).Dispose();
        (await DuisServerTests.PostAsync(http, server, "api/v1/serviceD", "<not-xml")).Dispose();
        await server.StopAsync();

        string[] lines = logText.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(2, lines, logText.ToString());
        using JsonDocument ok = JsonDocument.Parse(lines[0]);
        Assert.AreEqual("/api/v1/serviceD", ok.RootElement.GetProperty("path").GetString());
        Assert.AreEqual("90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1", ok.RootElement.GetProperty("requestId").GetString());
        Assert.AreEqual("12.2", ok.RootElement.GetProperty("serviceReference").GetString());
        Assert.AreEqual("I0", ok.RootElement.GetProperty("outcome").GetString());
        Assert.AreEqual(200, ok.RootElement.GetProperty("status").GetInt32());
        Assert.IsGreaterThanOrEqualTo(0, ok.RootElement.GetProperty("ms").GetInt64());
        using JsonDocument bad = JsonDocument.Parse(lines[1]);
        Assert.AreEqual("not-duis", bad.RootElement.GetProperty("outcome").GetString());
        Assert.AreEqual(400, bad.RootElement.GetProperty("status").GetInt32());
        Assert.AreEqual(JsonValueKind.Null, bad.RootElement.GetProperty("requestId").ValueKind);
    }

    [TestMethod]
    public void DuisRequestLog_Text_OneLineWithEveryField()
    {
        var entry = new DuisRequestLogEntry(new DateTimeOffset(2026, 12, 6, 4, 5, 6, 789, TimeSpan.Zero), "/api/v1/serviceD", "A:B:1", "12.2", "I0", 200, 12);

        Assert.AreEqual("2026-12-06T04:05:06.789Z /api/v1/serviceD A:B:1 12.2 I0 200 12ms", DuisRequestLog.Text(entry));
    }

    [TestMethod]
    public async Task Stop_RequestInFlight_FinishesWith200BeforeTheServerStops()
    {
        using InventoryStore store = TestBench.Seeded();
        var gateway = new BlockingGateway();
        DuisServer server = await Start(store, gateway);
        using var http = new HttpClient { Timeout = Patience };

        Task<HttpResponseMessage> pending = DuisServerTests.PostAsync(http, server, "api/v1/serviceS", ReadFirmwareVersion(TestBench.Ppmid));
        await EnteredAsync(gateway, pending);
        Task stopping = server.DisposeAsync().AsTask();
        Assert.IsFalse(stopping.IsCompleted, "the stop waits for the request in flight");
        gateway.Release.SetResult(FirmwareVersionReading.Of("00000002"));

        using HttpResponseMessage response = await pending.WaitAsync(Patience);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        await stopping.WaitAsync(Patience);
        Assert.IsFalse(gateway.Cancelled.Task.IsCompleted, "the drained request was not cancelled");
    }

    [TestMethod]
    [DataRow("[::ffff:127.0.0.1]:0")]
    [DataRow("[::FFFF:127.0.0.5]:0")]
    public async Task LoopbackEndpoint_Ipv4MappedLoopback_AcceptedAndServedOnItsIpv4Form(string text)
    {
        Assert.IsTrue(LoopbackEndpoint.TryParse(text, out IPEndPoint? endpoint, out string? problem), problem);
        using InventoryStore store = TestBench.Empty();
        await using DuisServer server = await DuisServer.StartAsync(new DuisServerOptions(endpoint!, new DuisRequestProcessor(new ServiceRequestHandlers(store, new FakeGateway(FirmwareVersionReading.Of("1"))))));
        Assert.AreEqual(endpoint!.Address.MapToIPv4(), IPAddress.Parse(server.BaseAddress.Host));
    }

    [TestMethod]
    [DataRow("[::ffff:10.0.0.1]:8079")]
    [DataRow("[::ffff:0.0.0.0]:8079")]
    [DataRow("[fe80::1]:8079")]
    public void LoopbackEndpoint_Ipv4MappedOrIpv6NotLoopback_Refused(string text)
    {
        Assert.IsFalse(LoopbackEndpoint.TryParse(text, out _, out string? problem));
        StringAssert.Contains(problem, "not a loopback address");
    }

    /// <summary>Waits for the request to reach the gateway; fails with the response if it ended before that.</summary>
    private static async Task EnteredAsync(BlockingGateway gateway, Task<HttpResponseMessage> pending)
    {
        Task first = await Task.WhenAny(gateway.Entered.Task, pending).WaitAsync(Patience);
        if (first == pending)
        {
            using HttpResponseMessage response = await pending;
            Assert.Fail($"the request ended before reaching the gateway: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>An 11.2 read that waits until released or cancelled, saying when it started and whether it was cancelled.</summary>
    private sealed class BlockingGateway : IDeviceGateway
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<FirmwareVersionReading> Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            try
            {
                return await Release.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }
        }
    }
}
