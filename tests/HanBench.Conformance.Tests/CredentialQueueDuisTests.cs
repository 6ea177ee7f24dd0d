using System.Net;
using System.Xml.Linq;
using HanBench.Bench.Topology;
using HanBench.Host.Alerts;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Csp;
using HanBench.Tests;

namespace HanBench.Conformance.Tests;

/// <summary>
/// Issue 8 §4 through DUIS, as <c>serve</c> runs it (credential requests queued, no device link): a DCC Boxed credential
/// template signed by the device's responsible supplier is acknowledged at once (I99, a signed response valid against
/// the schema) and queued; the CSP on the device's hub carries it out on a virtual bench, and the Service User gets
/// the later response through the alert delivery path: signed by the DSP, schema-valid, the request's RequestID with
/// the outcome's code and the device's GBCS answer.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class CredentialQueueDuisTests
{
    private static readonly Eui64 Ppmid = new(StandardBench.PpmidEui);
    private static readonly Lazy<Keystore> Keys = new(() => Keystore.Init(TestFolders.Create("hanbench-duis-queue-keys-"), DateTimeOffset.UtcNow));

    /// <summary>The template for <see cref="Ppmid"/> (the RTDS target replaced), signed by DCC Boxed's supplier.</summary>
    private static string Signed(string name)
    {
        string xml = Vectors.ReadText("duis", name);
        string unsigned = xml[..xml.IndexOf("<ds:Signature", StringComparison.Ordinal)] + "</sr:Request>";
        unsigned = unsigned.Replace(":00-DB-12-34-56-78-90-A0:", $":{Ppmid}:", StringComparison.Ordinal);
        return DuisXmlSignature.Sign(unsigned, DccBoxedFixtures.Keystore.XmlSigner(Keystore.DefaultSupplier)!);
    }

    [TestMethod]
    public async Task SignedCredentialsDetailsRequest_AcknowledgedI99AndQueued_CarriedOutByTheCsp_LaterResponseDeliveredSignedAndValid()
    {
        using EngineBench bench = EngineBench.ForCredentials(81, Keys.Value);
        bench.Store.Write(s => new ServiceUserDirectory(s).Put(new ServiceUser(Keystore.DefaultSupplier, "Supplier", ServiceUserRole.Supplier, "5.4")));
        var security = new DuisSecurity(DccBoxedFixtures.Keystore, Keystore.DefaultAccessControlBroker);
        var processor = new DuisRequestProcessor(new ServiceRequestHandlers(bench.Store, new NoLink(), queueCredentials: true), DccBoxedFixtures.Schema, security);

        DuisExchange exchange = await processor.ProcessAsync(Signed("CS02aMAC_6.24.1_SUCCESS_REQUEST_DUIS.XML"));

        Assert.AreEqual(DuisExchangeStatus.Responded, exchange.Status, string.Join("; ", exchange.Errors));
        Assert.AreEqual(DuisResponseCodes.Acknowledged, exchange.Result!.ResponseCode, exchange.Result.Message);
        string requestId = exchange.Request!.Header.RequestId.ToString();
        CredentialRequestRecord queued = bench.Store.Read(s => s.Credentials.Find(requestId))!;
        Assert.AreEqual((CredentialRequestState.Queued, "6.24"), (queued.State, queued.DuisServiceReference));

        bench.Runtime.Credentials.Wake();
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => s.Credentials.Find(requestId))!.IsFinished, 300_000), "the CSP carries it out");
        CredentialRequestRecord done = bench.Store.Read(s => s.Credentials.Find(requestId))!;
        Assert.AreEqual(CredentialRequestState.Done, done.State, done.Outcome);

        var receiver = new CapturingHandler();
        using var http = new HttpClient(receiver);
        AlertDeliveryReport report = await new DccAlertDeliverer(bench.Store, http, schema: DccBoxedFixtures.Schema, security: security).DeliverPendingAsync(new Uri("http://127.0.0.1:9/su"));

        Assert.AreEqual(1, report.Delivered, $"failed {report.Failed}, nowhere {report.NoDestination}");
        string body = receiver.Bodies.Single();
        Assert.IsTrue(DuisXmlSignature.Verify(body, DccBoxedFixtures.Keystore.FindSigning).Verified, body);
        Assert.IsEmpty(DccBoxedFixtures.Schema.Validate(body));
        XElement root = XDocument.Parse(body).Root!;
        XNamespace sr = DuisNames.Sr;
        Assert.AreEqual(requestId, root.Descendants(sr + "RequestID").Single().Value);
        Assert.AreEqual(DuisResponseCodes.Success, root.Descendants(sr + "ResponseCode").Single().Value);
        Assert.AreEqual("6.24.1", root.Descendants(sr + "ServiceReferenceVariant").Single().Value);
        CollectionAssert.AreEqual(done.GbcsResponse, Convert.FromBase64String(root.Descendants(sr + "GBCSPayload").Single().Value));
    }

    private sealed class NoLink : IDeviceGateway
    {
        public Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken) =>
            throw new AssertFailedException("serve reaches no device");

        public Task<CredentialReply> ManageCredentialsAsync(CredentialRequest request, CancellationToken cancellationToken) =>
            throw new AssertFailedException("serve sends no CS02");
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
