using System.Xml.Linq;
using HanBench.Host.Alerts;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Conformance.Tests;

/// <summary>
/// HanBench against the real peer: DCC Boxed's own signing tool signs requests HanBench must accept, and validates the
/// signed responses HanBench returns. Skipped (with the reason) where java or the tool is missing.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class DccBoxedPeerConformanceTests
{
    [TestMethod]
    public void RequestsSignedByTheDccBoxedTool_Accepted_ResponsesValidatedByIt()
    {
        using InventoryStore store = TestBench.Empty();
        store.Write(s => new ServiceUserDirectory(s).Put(new ServiceUser(Keystore.DefaultSupplier, "Supplier", ServiceUserRole.Supplier, "5.4")));
        var processor = new DuisRequestProcessor(new ServiceRequestHandlers(store, new DccBoxedFixtures.UnreachableGateway()), DccBoxedFixtures.Schema, new DuisSecurity(DccBoxedFixtures.Keystore, Keystore.DefaultAccessControlBroker));

        // Two requests in turn, each signed by the tool with a fresh counter: 12.2 pre-notifies the ESME, 8.2 reads it back.
        foreach ((string template, string expected) in new[]
        {
            ("12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML", DuisResponseCodes.Success),
            ("8.2_READ_INVENTORY_REQUEST_DUIS.XML", DuisResponseCodes.Success),
        })
        {
            string signed = DccBoxedSigningTool.Sign(Vectors.ReadText("duis", template).Replace("00-DB-12-34-56-78-90-A2", "00-DB-12-34-56-78-90-A0", StringComparison.Ordinal));

            DuisExchange exchange = processor.ProcessAsync(signed).GetAwaiter().GetResult();

            Assert.AreEqual(DuisExchangeStatus.Responded, exchange.Status, $"{template}: {string.Join("; ", exchange.Errors)}");
            Assert.AreEqual(expected, exchange.Result!.ResponseCode, $"{template}: {exchange.Result.Message}");
            string response = exchange.Response!.Declaration + exchange.Response.Root!.ToString(SaveOptions.DisableFormatting);
            (int code, string messages) = DccBoxedSigningTool.Validate(response);
            Assert.AreEqual(0, code, $"{template}: the DCC Boxed tool refused HanBench's signed response:\n{messages}\n{response}");
            StringAssert.Contains(messages, "passed signature check");
        }

        Assert.IsNotNull(store.Read(s => s.Devices.Find(TestBench.Esme)), "the tool-signed 12.2 changed the inventory");
    }

    [TestMethod]
    public void HanBenchResponse_OneCharacterChanged_RefusedByTheDccBoxedTool()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => new ServiceUserDirectory(s).Put(new ServiceUser(Keystore.DefaultSupplier, "Supplier", ServiceUserRole.Supplier, "5.4")));
        var processor = new DuisRequestProcessor(new ServiceRequestHandlers(store, new DccBoxedFixtures.UnreachableGateway()), DccBoxedFixtures.Schema, new DuisSecurity(DccBoxedFixtures.Keystore, Keystore.DefaultAccessControlBroker));
        DuisExchange exchange = processor.ProcessAsync(Vectors.ReadText("duis-signed", "8.2_READ_INVENTORY_REQUEST_DUIS.signed.xml")).GetAwaiter().GetResult();
        string response = exchange.Response!.Declaration + exchange.Response.Root!.ToString(SaveOptions.DisableFormatting);

        StringAssert.Contains(response, "<sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID>");

        (int valid, string accepted) = DccBoxedSigningTool.Validate(response);
        (int code, string messages) = DccBoxedSigningTool.Validate(response.Replace("<sr:DeviceID>00-DB-12-34-56-78-90-A2", "<sr:DeviceID>00-DB-12-34-56-78-90-A3", StringComparison.Ordinal));

        Assert.AreEqual(0, valid, accepted);
        Assert.AreNotEqual(0, code, messages);
    }
}
