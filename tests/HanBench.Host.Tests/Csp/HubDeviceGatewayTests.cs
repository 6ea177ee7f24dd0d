using HanBench.Bench.Topology;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Gbcs;
using static HanBench.Host.Tests.Csp.CspFrames;

namespace HanBench.Host.Tests.Csp;

/// <summary>The service requests' device seam over a HubSession: 11.2 (CS08) on the bench, 11.3 (CS06) to a hub played by the test.</summary>
[TestClass]
public sealed class HubDeviceGatewayTests
{
    [TestMethod]
    public void ReadFirmwareVersion_BridgeBehindTwoHops_Cs08AnswersAndTheInventoryFollows()
    {
        using var bench = new EngineBench(21);
        bench.Store.Write(s => s.Devices.SetFirmwareVersion(new Eui64(StandardBench.B4Eui), FirmwareComponents.Main, "00000001"));
        Task<ReadFirmwareVersionResult> task = bench.Handlers.ReadFirmwareVersion.HandleAsync(new ReadFirmwareVersionRequest("r1", new Eui64(StandardBench.B4Eui)));
        Assert.IsTrue(bench.Bench.RunUntil(() => task.IsCompleted, 60_000));
        ReadFirmwareVersionResult result = task.Result;
        Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
        Assert.AreEqual("00010000", result.FirmwareVersion);
        Assert.IsTrue(result.InventoryUpdated);
        Assert.AreEqual("00010000", bench.Store.Read(s => s.Devices.FirmwareVersion(new Eui64(StandardBench.B4Eui), FirmwareComponents.Main)));
    }

    [TestMethod]
    public void ReadFirmwareVersion_DeviceSilent_NoResponseAfterTheRetries()
    {
        var link = new RecordingLink();
        var clock = new ManualClock();
        HubSession session = NewSession(link, clock);
        var gateway = new HubDeviceGateway(session);
        Task<FirmwareVersionReading> reading = gateway.ReadFirmwareVersionAsync(new Eui64(DeviceId), CancellationToken.None);
        while (!reading.IsCompleted)
        {
            clock.NowMs = session.NextWakeMs;
            session.Tick(clock.NowMs);
        }

        Assert.AreEqual(FirmwareVersionReadStatus.NoResponse, reading.Result.Status);
        Assert.AreEqual(2, link.Sent.Count, "the session's GBCS policy: two attempts, each with a new counter");
        Assert.AreNotEqual(ReadGbcs(link.Sent[0]).OriginatorCounter, ReadGbcs(link.Sent[1]).OriginatorCounter);
    }

    [TestMethod]
    public void ActivateFirmware_HubAnswersNewVersion_N64ThroughThe113HandlerAndInventoryUpdated()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => s.Devices.SetFirmwareVersion(TestBench.Hub, FirmwareComponents.Main, "00010000"));
        var link = new RecordingLink();
        var clock = new ManualClock();
        HubSession session = new(link, clock, new HubSessionOptions { HostEui = HostId, HubEui = TestBench.Hub.Value });
        var handler = new ActivateFirmwareHandler(store, new HubDeviceGateway(session), new DccAlertService());
        string hash = new string('a', 64);
        Task<ActivateFirmwareResult> task = handler.HandleAsync(new ActivateFirmwareRequest("r-113", TestBench.Hub, hash));
        GbcsEnvelope sent = ReadGbcs(link.Sent.Single());
        Assert.AreEqual(GbcsMessageCode.ActivateFirmware, sent.MessageCode);
        Assert.AreEqual(TestBench.Hub.Value, sent.RecipientSystemTitle);
        Assert.AreEqual(TestBench.Hub.Value, link.Sent.Single().Destination);
        Assert.IsFalse(task.IsCompleted);

        session.OnFrame(link, Cs06Response(TestBench.Hub.Value, sent.OriginatorCounter, ActivateFirmwareResponseCode.Success, 0x00020000));
        Assert.IsTrue(task.IsCompleted, "the answer completes the 11.3 request on the session's thread");
        ActivateFirmwareResult result = task.Result;
        Assert.AreEqual(ActivateFirmwareResponseCode.Success, result.DeviceResponseCode);
        Assert.AreEqual("00020000", result.FirmwareVersion);
        Assert.AreEqual(DccAlertCodes.CommsHubFirmwareActivation, result.Alerts.Single().AlertCode);
        Assert.AreEqual("00020000", store.Read(s => s.Devices.FirmwareVersion(TestBench.Hub, FirmwareComponents.Main)));
    }

    [TestMethod]
    public void ActivateFirmware_HashMismatch_NoAlertAndVersionUnchanged()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => s.Devices.SetFirmwareVersion(TestBench.Hub, FirmwareComponents.Main, "00010000"));
        var link = new RecordingLink();
        HubSession session = new(link, new ManualClock(), new HubSessionOptions { HostEui = HostId, HubEui = TestBench.Hub.Value });
        var handler = new ActivateFirmwareHandler(store, new HubDeviceGateway(session), new DccAlertService());
        Task<ActivateFirmwareResult> task = handler.HandleAsync(new ActivateFirmwareRequest("r-113b", TestBench.Hub, new string('b', 64)));
        session.OnFrame(link, Cs06Response(TestBench.Hub.Value, ReadGbcs(link.Sent.Single()).OriginatorCounter, ActivateFirmwareResponseCode.HashMismatch, 0x00010000));
        Assert.AreEqual(ActivateFirmwareResponseCode.HashMismatch, task.Result.DeviceResponseCode);
        Assert.AreEqual(0, task.Result.Alerts.Count);
        Assert.AreEqual("00010000", store.Read(s => s.Devices.FirmwareVersion(TestBench.Hub, FirmwareComponents.Main)));
    }
}
