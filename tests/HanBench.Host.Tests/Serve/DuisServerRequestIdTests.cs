using System.Net;
using System.Xml.Linq;
using HanBench.Host.Alerts;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.Serve;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Host.Tests.Serve;

/// <summary>
/// Issue 9 §2: a signed request that goes no further than the route check or its body does not use up its RequestID
/// counter; the same RequestID, sent right, is then handled.
/// </summary>
[TestClass]
public sealed class DuisServerRequestIdTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly Lazy<Keystore> Keys = new(() => Keystore.Init(TestFolders.Create("hanbench-rid-keys-"), DateTimeOffset.UtcNow));

    private static string Signed(string xml) => DuisXmlSignature.Sign(xml, Keys.Value.XmlSigner(Keystore.DefaultSupplier)!);

    private static Task<DuisServer> Start(InventoryStore store)
    {
        store.Write(s => new ServiceUserDirectory(s).Put(new ServiceUser(Keystore.DefaultSupplier, "Supplier", ServiceUserRole.Supplier, "5.4")));
        var security = new DuisSecurity(Keys.Value, Keystore.DefaultAccessControlBroker);
        return DuisServer.StartAsync(new DuisServerOptions(
            new IPEndPoint(IPAddress.Loopback, 0),
            new DuisRequestProcessor(new ServiceRequestHandlers(store, new FakeGateway(FirmwareVersionReading.Of("00000001"))), security: security)));
    }

    private static string ResponseCode(string body) => XDocument.Parse(body).Descendants(DuisNames.Sr + "ResponseCode").Single().Value;

    [TestMethod]
    public async Task Serve_SignedRequestOnTheWrongPath_400_ItsRequestIdStillUsableOnTheRightOne()
    {
        using InventoryStore store = TestBench.Empty();
        await using DuisServer server = await Start(store);
        using var http = new HttpClient { Timeout = Patience };
        string xml = Signed(DuisServerTests.Prenotify(TestBench.Bridges[0], counter: 7));

        using HttpResponseMessage wrong = await DuisServerTests.PostAsync(http, server, "api/v1/serviceS", xml);
        using HttpResponseMessage right = await DuisServerTests.PostAsync(http, server, "api/v1/serviceD", xml);
        string body = await right.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, right.StatusCode, body);
        Assert.AreEqual(DuisResponseCodes.Success, ResponseCode(body), body);
        Assert.AreEqual(7UL, store.Read(s => new RequestRights(s).LastCounter(Keystore.DefaultSupplier)));
    }

    [TestMethod]
    public async Task Serve_SignedRequestWithABodyError_400_CounterNotUsed_TheCorrectedRequestHandled()
    {
        using InventoryStore store = TestBench.Empty();
        await using DuisServer server = await Start(store);
        using var http = new HttpClient { Timeout = Patience };
        string bad = Signed(DuisServerTests.Prenotify(TestBench.Bridges[0], counter: 9).Replace(TestBench.Bridges[0].ToString(), "not-an-eui", StringComparison.Ordinal));
        string good = Signed(DuisServerTests.Prenotify(TestBench.Bridges[0], counter: 9));

        using HttpResponseMessage refused = await DuisServerTests.PostAsync(http, server, "api/v1/serviceD", bad);
        ulong? afterRefusal = store.Read(s => new RequestRights(s).LastCounter(Keystore.DefaultSupplier));
        using HttpResponseMessage handled = await DuisServerTests.PostAsync(http, server, "api/v1/serviceD", good);
        string body = await handled.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.BadRequest, refused.StatusCode);
        StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "not-an-eui");
        Assert.IsNull(afterRefusal, "a refused body used up the RequestID counter");
        Assert.AreEqual(DuisResponseCodes.Success, ResponseCode(body), body);
    }

    [TestMethod]
    public async Task Serve_SignedRequestReplayedAfterItWasHandled_RefusedE1AsAReplay()
    {
        using InventoryStore store = TestBench.Empty();
        await using DuisServer server = await Start(store);
        using var http = new HttpClient { Timeout = Patience };
        string xml = Signed(DuisServerTests.Prenotify(TestBench.Bridges[0], counter: 11));

        using HttpResponseMessage first = await DuisServerTests.PostAsync(http, server, "api/v1/serviceD", xml);
        using HttpResponseMessage again = await DuisServerTests.PostAsync(http, server, "api/v1/serviceD", xml);
        string body = await again.Content.ReadAsStringAsync();

        Assert.AreEqual(DuisResponseCodes.Success, ResponseCode(await first.Content.ReadAsStringAsync()));
        Assert.AreEqual(DuisResponseCodes.RequestIdNotIncreasing, ResponseCode(body), body);
    }
}
