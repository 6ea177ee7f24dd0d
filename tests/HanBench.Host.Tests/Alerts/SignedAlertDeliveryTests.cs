using HanBench.Host.Alerts;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Tests.Alerts;

/// <summary>Alerts leave HanBench signed with the DSP's key (issue 9 §1) while the outbox keeps them unsigned.</summary>
[TestClass]
public sealed class SignedAlertDeliveryTests
{
    [TestMethod]
    public async Task Deliverer_WithSecurity_PostsTheAlertSignedByTheDsp()
    {
        Keystore keystore = Keystore.Init(TestFolders.Create("hanbench-alert-keys-"), DateTimeOffset.UtcNow);
        var security = new DuisSecurity(keystore, Keystore.DefaultAccessControlBroker);
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => new DccAlertService().OnCommsHubActivationResponse(s, TestBench.Hub, ActivateFirmwareResponseCode.Success, "00000200"));
        await using AlertReceiver receiver = await AlertReceiver.StartAsync(failFirst: 0);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };

        AlertDeliveryReport report = await new DccAlertDeliverer(store, http, security: security).DeliverPendingAsync(receiver.Url);
        string delivered = await receiver.FirstAccepted.Task.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.AreEqual(1, report.Delivered);
        DuisSignatureCheck check = DuisXmlSignature.Verify(delivered, keystore.FindSigning);
        Assert.IsTrue(check.Verified, check.Problem);
        Assert.AreEqual(Keystore.DefaultAccessControlBroker, check.Signer!.Party);
        Assert.IsFalse(store.Read(s => new DccAlertOutbox(s).List()).Single().Body!.Contains("Signature", StringComparison.Ordinal), "the outbox keeps the alert as raised");
    }
}
