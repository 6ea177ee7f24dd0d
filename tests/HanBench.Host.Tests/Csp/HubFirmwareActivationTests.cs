using HanBench.Bench.Topology;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Device.Roles.Hub;
using HanBench.Device.Roles.Ota;
using HanBench.Device.Roles.Traffic;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// SRV 11.1 and 11.3 for the Comms Hub itself on the standard bench with the real host, in virtual time: the
/// distribution engine delivers the hub's image (N59, no HAN leg), CS06 through <see cref="HubDeviceGateway"/> activates
/// it in the hub role, and the answer raises N64 for every responsible supplier (N999 for one on an older DUIS version;
/// SECMP0024 §4.1).
/// </summary>
[TestClass]
public sealed class HubFirmwareActivationTests
{
    private const uint NewVersion = 0x00020000;
    private static readonly Eui64 Hub = new(StandardBench.HubEui);
    private static readonly Eui64 SupplierA = Eui64.Parse("90-B3-D5-1F-30-01-00-00");
    private static readonly Eui64 SupplierB = Eui64.Parse("90-B3-D5-1F-30-01-00-02");
    private static readonly Eui64 OldSupplier = Eui64.Parse("90-B3-D5-1F-30-01-00-01");

    [TestMethod]
    public void UpdateThenActivate_HubImage_N59ThenCs06ActivatesIt_N64PerSupplierN999ForTheOlderOne()
    {
        using EngineBench bench = NewBench(0x11A1);
        BenchImage image = HubImage(bench, 1);
        FirmwareUpdateResult update = SubmitHubUpdate(bench, image);
        Assert.AreEqual(DuisResponseCodes.Acknowledged, update.ResponseCode, update.Message);

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.ProgressOf(update, StandardBench.HubEui).State == FirmwareProgressState.Transferred, 600_000),
            string.Join(Environment.NewLine, bench.Log));
        CollectionAssert.AreEqual(new[] { DccAlertCodes.CspDeliverySucceeded }, bench.AlertCodes(StandardBench.HubEui), "N59 only: the hub holds its image, no HAN leg, no N62");
        var hub = bench.Bench.Hub.As<CommsHubRole>();
        Assert.IsTrue(bench.Bench.Hub.Images.TryGetLength(ImageKeys.For(image.Identity), out _));
        Assert.AreEqual(0, hub.Distributor.ActiveTransfers, "nothing went to the HAN");
        bench.Bench.RunFor(120_000);
        Assert.AreEqual(FirmwareProgressState.Transferred, bench.ProgressOf(update, StandardBench.HubEui).State, "it waits for 11.3, without timers");
        Assert.AreEqual(0, hub.Restarts);

        ActivateFirmwareResult result = Activate(bench, image.ManufacturerImageHash);

        Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
        Assert.AreEqual(ActivateFirmwareResponseCode.Success, result.DeviceResponseCode);
        Assert.AreEqual("00020000", result.FirmwareVersion);
        Assert.AreEqual("00010000", result.PreviousInventoryVersion);
        Assert.AreEqual(3, result.Alerts.Count, string.Join(", ", result.Alerts.Select(a => $"{a.AlertCode}→{a.RecipientId}")));
        Assert.AreEqual(DccAlertCodes.CommsHubFirmwareActivation, result.Alerts.Single(a => a.RecipientId == SupplierA).AlertCode);
        Assert.AreEqual(DccAlertCodes.CommsHubFirmwareActivation, result.Alerts.Single(a => a.RecipientId == SupplierB).AlertCode);
        Assert.AreEqual(DccAlertCodes.DuisVersionMismatch, result.Alerts.Single(a => a.RecipientId == OldSupplier).AlertCode);
        Assert.AreEqual("00020000", bench.Store.Read(s => s.Devices.FirmwareVersion(Hub, FirmwareComponents.Main)));
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(update, StandardBench.HubEui).State, "the 11.1 update ends with its activation");
        hub = bench.Bench.Hub.As<CommsHubRole>();
        Assert.AreEqual(1, hub.Restarts);
        Assert.AreEqual(NewVersion, hub.GetVersion(0));

        bench.Bench.RunFor(5_000);
        DistributionProgress view = bench.Engine.Progress.Last(p => p.DeviceId == Hub);
        Assert.AreEqual(FirmwareProgressState.Activated, view.State, "the engine's view follows");
        Assert.IsTrue(view.IsFinished);
        Assert.AreEqual(0, bench.Engine.ActiveCount);
    }

    [TestMethod]
    public void Activate_WrongHash_Code2NoN64AndTheUpdateStillWaits()
    {
        using EngineBench bench = NewBench(0x11A2);
        BenchImage image = HubImage(bench, 2);
        FirmwareUpdateResult update = TransferredHubUpdate(bench, image);

        ActivateFirmwareResult result = Activate(bench, Enumerable.Repeat((byte)0x42, 32).ToArray());

        Assert.AreEqual(ActivateFirmwareResponseCode.HashMismatch, result.DeviceResponseCode, result.Message);
        Assert.AreEqual("00010000", result.FirmwareVersion);
        Assert.AreEqual(0, result.Alerts.Count);
        Assert.IsFalse(bench.AlertRows().Any(a => a.AlertCode is DccAlertCodes.CommsHubFirmwareActivation or DccAlertCodes.DuisVersionMismatch));
        Assert.AreEqual("00010000", bench.Store.Read(s => s.Devices.FirmwareVersion(Hub, FirmwareComponents.Main)));
        Assert.AreEqual(FirmwareProgressState.Transferred, bench.ProgressOf(update, StandardBench.HubEui).State);
        Assert.AreEqual(0, bench.Bench.Hub.As<CommsHubRole>().Restarts);
    }

    [TestMethod]
    public void Activate_NoImageDelivered_Code1NoN64()
    {
        using EngineBench bench = NewBench(0x11A3);
        BenchImage image = HubImage(bench, 3);

        ActivateFirmwareResult result = Activate(bench, image.ManufacturerImageHash);

        Assert.AreEqual(ActivateFirmwareResponseCode.NoImageHeld, result.DeviceResponseCode, result.Message);
        Assert.AreEqual(0, result.Alerts.Count);
        Assert.AreEqual("00010000", bench.Store.Read(s => s.Devices.FirmwareVersion(Hub, FirmwareComponents.Main)));
    }

    [TestMethod]
    public void Activate_ReplayedCs06_RefusedByTheHubAndNothingMoreIssued()
    {
        using EngineBench bench = NewBench(0x11A4);
        BenchImage image = HubImage(bench, 4);
        _ = TransferredHubUpdate(bench, image);
        GbcsCall call = bench.Session.ActivateFirmware(StandardBench.HubEui, image.ManufacturerImageHash);
        Assert.IsTrue(bench.Bench.RunUntil(() => call.IsCompleted, 180_000));
        Assert.AreEqual(ActivateFirmwareResponseCode.Success, ((FirmwareActivationResponse)call.Reply!).ResponseCode);
        int responses = bench.Stub.Gbcs.Count(g => g.Header.MessageCode == GbcsMessageCode.ActivateFirmware);

        bench.Stub.SendGbcs(StandardBench.HubEui, call.LastMessage);
        bench.Bench.RunFor(60_000);

        var hub = bench.Bench.Hub.As<CommsHubRole>();
        StringAssert.Contains(hub.Activator.LastRefusal, "replayed originator counter");
        Assert.AreEqual(responses, bench.Stub.Gbcs.Count(g => g.Header.MessageCode == GbcsMessageCode.ActivateFirmware), "a replay is not answered");
        Assert.AreEqual(1, hub.Restarts, "nor activated again");
    }

    [TestMethod]
    public void Activate_MeterTrafficDuringTheHubRestart_NothingLost()
    {
        using EngineBench bench = NewBench(0x11A5);
        BenchImage image = HubImage(bench, 5);
        _ = TransferredHubUpdate(bench, image);

        Assert.AreEqual(ActivateFirmwareResponseCode.Success, Activate(bench, image.ManufacturerImageHash).DeviceResponseCode);
        var gsme = bench.Bench.Gsme.As<MeterTrafficRole>();
        var ihd = bench.Bench.Ihd.As<MeterTrafficRole>();
        gsme.Reporting = false;
        ihd.Reporting = false;
        Assert.IsTrue(bench.Bench.RunUntil(() => gsme.Pending == 0 && ihd.Pending == 0, 120_000));
        Assert.AreEqual(0, gsme.Statistics.Lost + ihd.Statistics.Lost);
        Assert.IsTrue(gsme.Statistics.Retransmissions + ihd.Statistics.Retransmissions > 0, "the hub was down for its restart");
        Assert.AreEqual(gsme.Statistics.Reports + ihd.Statistics.Reports, bench.Bench.Hub.As<CommsHubRole>().MeterReports);
    }

    [TestMethod]
    public void FutureDatedActivate_HubSends8F66_N64PerSupplierN999ForTheOlderOneOnce()
    {
        using EngineBench bench = NewBench(0x11A6);
        BenchImage image = HubImage(bench, 6);
        FirmwareUpdateResult update = TransferredHubUpdate(bench, image);

        GbcsCall call = bench.Session.ActivateFirmware(StandardBench.HubEui, image.ManufacturerImageHash, executionDateTime: HubTimeIn(bench, 120));
        Assert.IsTrue(bench.Bench.RunUntil(() => call.IsCompleted, 60_000), "no acknowledgement of the future-dated CS06");
        Assert.IsInstanceOfType<FirmwareActivationResponse>(call.Reply);
        Assert.IsNull(((FirmwareActivationResponse)call.Reply).ResponseCode, "a future-dated CS06 is only acknowledged");
        Assert.AreEqual(0, bench.AlertRows().Count(a => a.AlertCode is DccAlertCodes.CommsHubFirmwareActivation or DccAlertCodes.DuisVersionMismatch), "nothing before the execution time");
        Assert.AreEqual("00010000", bench.Store.Read(s => s.Devices.FirmwareVersion(Hub, FirmwareComponents.Main)));

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Stub.Gbcs.OfType<HubActivationOutcome>().Any(g => g.AlertCode == GbcsAlertCode.FutureDatedCommandActioned), 600_000),
            string.Join(Environment.NewLine, bench.Log));
        bench.Bench.RunFor(5_000);

        IssuedDccAlert[] issued = bench.Alerts.Where(a => a.DeviceId == Hub && a.AlertCode is DccAlertCodes.CommsHubFirmwareActivation or DccAlertCodes.DuisVersionMismatch).ToArray();
        Assert.AreEqual(3, issued.Length, string.Join(", ", issued.Select(a => $"{a.AlertCode}→{a.RecipientId}")));
        Assert.AreEqual(DccAlertCodes.CommsHubFirmwareActivation, issued.Single(a => a.RecipientId == SupplierA).AlertCode);
        Assert.AreEqual(DccAlertCodes.CommsHubFirmwareActivation, issued.Single(a => a.RecipientId == SupplierB).AlertCode);
        Assert.AreEqual(DccAlertCodes.DuisVersionMismatch, issued.Single(a => a.RecipientId == OldSupplier).AlertCode);
        Assert.AreEqual("00020000", bench.Store.Read(s => s.Devices.FirmwareVersion(Hub, FirmwareComponents.Main)));
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(update, StandardBench.HubEui).State, "the 11.1 update ends with the 0x8F66");
        Assert.AreEqual(1, bench.Bench.Hub.As<CommsHubRole>().Restarts);
        Assert.AreEqual(NewVersion, bench.Bench.Hub.As<CommsHubRole>().GetVersion(0));

        // The same event told again (an immediate CS06 for the image it already runs answers code 0 with that version):
        // the one mechanism finds it issued and raises nothing more.
        ActivateFirmwareResult again = Activate(bench, image.ManufacturerImageHash);
        Assert.AreEqual(ActivateFirmwareResponseCode.Success, again.DeviceResponseCode, again.Message);
        Assert.AreEqual(0, again.Alerts.Count);
        Assert.AreEqual(3, bench.AlertRows().Count(a => a.AlertCode is DccAlertCodes.CommsHubFirmwareActivation or DccAlertCodes.DuisVersionMismatch));
    }

    [TestMethod]
    public void FutureDatedActivate_OfAnotherImageTheHubHolds_8F66LeavesTheWaitingUpdateForItsOwnActivation()
    {
        // Review F12: a 0x8F66 ends the hub's update only when it reports the CS06 of that update's image. Here the hub holds
        // another of its own images (another version), a future-dated CS06 activates that one: N64 names what the hub runs,
        // and the 11.1 update still waits, Transferred, for its own CS06, which then activates it.
        using EngineBench bench = NewBench(0x11A8);
        BenchImage image = HubImage(bench, 8);
        FirmwareUpdateResult update = TransferredHubUpdate(bench, image);
        FirmwareComponentConfig component = bench.Bench.Hub.Configuration.Components[0];
        BenchImage other = BenchImages.BuildSigned(component.ManufacturerCode, component.ImageType, 0x00030000, 30_000, 9);
        IImageStore store = bench.Bench.Hub.Images;
        Assert.AreEqual(StoreStatus.Ok, store.Begin(ImageKeys.For(other.Identity), other.Bytes.Length));
        Assert.AreEqual(StoreStatus.Ok, store.Append(other.Bytes, 0, other.Bytes.Length));
        Assert.AreEqual(StoreStatus.Ok, store.Commit());

        GbcsCall call = bench.Session.ActivateFirmware(StandardBench.HubEui, other.ManufacturerImageHash, executionDateTime: HubTimeIn(bench, 120));
        Assert.IsTrue(bench.Bench.RunUntil(() => call.IsCompleted, 60_000));
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Stub.Gbcs.OfType<HubActivationOutcome>().Any(g => g.AlertCode == GbcsAlertCode.FutureDatedCommandActioned), 600_000),
            string.Join(Environment.NewLine, bench.Log));
        bench.Bench.RunFor(5_000);

        Assert.AreEqual(0x00030000u, bench.Bench.Hub.As<CommsHubRole>().GetVersion(0));
        Assert.IsTrue(bench.Alerts.Any(a => a.DeviceId == Hub && a.RecipientId == SupplierA && a.AlertCode == DccAlertCodes.CommsHubFirmwareActivation), "N64: the hub runs a new version");
        FirmwareProgressRecord waiting = bench.ProgressOf(update, StandardBench.HubEui);
        Assert.AreEqual(FirmwareProgressState.Transferred, waiting.State, waiting.FailureReason);

        ActivateFirmwareResult own = Activate(bench, image.ManufacturerImageHash);
        Assert.AreEqual(ActivateFirmwareResponseCode.Success, own.DeviceResponseCode, own.Message);
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(update, StandardBench.HubEui).State, "ended by its own activation");
    }

    [TestMethod]
    public void FutureDatedActivate_WrongHash_Hub8F67RaisesNothing()
    {
        using EngineBench bench = NewBench(0x11A7);
        BenchImage image = HubImage(bench, 7);
        FirmwareUpdateResult update = TransferredHubUpdate(bench, image);

        GbcsCall call = bench.Session.ActivateFirmware(StandardBench.HubEui, Enumerable.Repeat((byte)0x42, 32).ToArray(), executionDateTime: HubTimeIn(bench, 120));
        Assert.IsTrue(bench.Bench.RunUntil(() => call.IsCompleted, 60_000));
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Stub.Gbcs.OfType<HubActivationOutcome>().Any(g => g.AlertCode == GbcsAlertCode.FutureDatedCommandNotActioned), 600_000),
            string.Join(Environment.NewLine, bench.Log));
        bench.Bench.RunFor(5_000);

        Assert.IsFalse(bench.AlertRows().Any(a => a.AlertCode is DccAlertCodes.CommsHubFirmwareActivation or DccAlertCodes.DuisVersionMismatch));
        Assert.AreEqual("00010000", bench.Store.Read(s => s.Devices.FirmwareVersion(Hub, FirmwareComponents.Main)));
        Assert.AreEqual(FirmwareProgressState.Transferred, bench.ProgressOf(update, StandardBench.HubEui).State);
        Assert.AreEqual(0, bench.Bench.Hub.As<CommsHubRole>().Restarts);
    }

    /// <summary>The hub's clock <paramref name="seconds"/> from now (its UTC at clock zero is the role default).</summary>
    private static GbcsTimestamp HubTimeIn(EngineBench bench, int seconds) =>
        GbcsTimestamp.FromSecondsSince2000((uint)(RoleSettings.DefaultUtcSecondsAtClockZero + (bench.Bench.Scheduler.NowMs / 1000) + seconds));

    private static EngineBench NewBench(ulong seed)
    {
        var bench = new EngineBench(seed);
        bench.Store.Write(s =>
        {
            s.Devices.SetFirmwareVersion(Hub, FirmwareComponents.Main, "00010000");
            var users = new ServiceUserDirectory(s);
            users.Put(new ServiceUser(SupplierA, "Supplier A", ServiceUserRole.Supplier, "5.4"));
            users.Put(new ServiceUser(SupplierB, "Supplier B", ServiceUserRole.Supplier, "5.4"));
            users.Put(new ServiceUser(OldSupplier, "Supplier C", ServiceUserRole.Supplier, "5.3"));
        });
        return bench;
    }

    private static BenchImage HubImage(EngineBench bench, ulong seed)
    {
        FirmwareComponentConfig component = bench.Bench.Hub.Configuration.Components[0];
        return BenchImages.BuildSigned(component.ManufacturerCode, component.ImageType, NewVersion, 30_000, seed);
    }

    /// <summary>Puts the hub image on the CPL for the hub's model and sends 11.1 for the hub.</summary>
    private static FirmwareUpdateResult SubmitHubUpdate(EngineBench bench, BenchImage image)
    {
        string hash = Convert.ToHexStringLower(image.ManufacturerImageHash);
        bench.Store.Write(s => s.Cpl.Put(new CplEntry("CHMF", "CH-1", FirmwareComponents.Main, "00020000", hash)));
        FirmwareUpdateResult result = bench.Handlers.FirmwareUpdate.Handle(new FirmwareUpdateRequest($"{EngineBench.Requester}:{Hub}:111",
            FirmwareUpdateKind.UpdateFirmware, Convert.ToBase64String(image.Bytes), "00020000", [Hub]));
        bench.Engine.Wake();
        return result;
    }

    /// <summary>Sends 11.1 for the hub's <paramref name="image"/> and runs until the hub holds it (Transferred: it waits for 11.3).</summary>
    private static FirmwareUpdateResult TransferredHubUpdate(EngineBench bench, BenchImage image)
    {
        FirmwareUpdateResult update = SubmitHubUpdate(bench, image);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.ProgressOf(update, StandardBench.HubEui).State == FirmwareProgressState.Transferred, 600_000), string.Join(Environment.NewLine, bench.Log));
        return update;
    }

    private static ActivateFirmwareResult Activate(EngineBench bench, byte[] hash)
    {
        Task<ActivateFirmwareResult> task = bench.Handlers.ActivateFirmware.HandleAsync(new ActivateFirmwareRequest($"{EngineBench.Requester}:{Hub}:113", Hub, Convert.ToHexStringLower(hash)));
        Assert.IsTrue(bench.Bench.RunUntil(() => task.IsCompleted, 300_000), "no 11.3 answer");
        return task.Result;
    }
}
