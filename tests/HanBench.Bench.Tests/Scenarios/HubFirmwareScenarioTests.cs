using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Device.Roles.Ota;
using HanBench.Device.Roles.Traffic;
using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// The Comms Hub's own firmware on the standard bench, in virtual time: the host delivers a hub image (the hub's OTA
/// client pulls it over the WAN and keeps it, never offering it to the HAN) and CS06 from the supplier activates it —
/// immediately, future-dated or cancelled — with replay protection, and the HAN survives the hub's restart.
/// </summary>
[TestClass]
public sealed class HubFirmwareScenarioTests
{
    private const ulong Seed = 0x48554246UL;
    private const uint NewVersion = 0x00020000;
    private const uint InitialVersion = 0x00010000;

    [TestMethod]
    public void Cs06_HeldImage_HubRestartsIntoItAndTheNewFirmwareAnswersCode0WithItsVersion()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        var hub = bench.Hub.As<CommsHubRole>();
        BenchImage image = DeliverHubImage(bench, NewVersion, 1);
        string key = ImageKeys.For(image.Identity);
        Assert.IsTrue(bench.Hub.Images.TryGetLength(key, out _), "the hub keeps its own image in its store");
        Assert.IsNull(hub.Distributor.Server!.FindImage(image.Identity.ManufacturerCode, image.Identity.ImageType, image.Identity.FileVersion), "not offered to the HAN");
        uint? activating = null;
        hub.FirmwareActivating += version => activating = version;

        long sentMs = bench.Scheduler.NowMs;
        bench.Host.SendCs06(StandardBench.HubEui, image.ManufacturerImageHash);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 120_000), string.Join(Environment.NewLine, bench.Hub.Log.Lines()));

        FirmwareActivationResponse response = bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Single();
        Assert.AreEqual(ActivateFirmwareResponseCode.Success, response.ResponseCode);
        Assert.AreEqual(NewVersion, response.FirmwareVersion);
        Assert.AreEqual(RoleSettings.DefaultSupplierSystemTitle, response.Header.Recipient, "answered to the supplier");
        Assert.IsTrue(response.AtMs - sentMs >= bench.Hub.Configuration.RestartTimeMs, $"the answer comes from the new firmware, after the restart ({response.AtMs - sentMs} ms)");
        Assert.AreEqual(NewVersion, activating);
        Assert.AreEqual(1, hub.Restarts);
        Assert.IsTrue(hub.FramesDroppedWhileRestarting > 0, "the HAN and the WAN were down meanwhile");
        Assert.AreEqual(NewVersion, hub.GetVersion(0));
        Assert.IsFalse(bench.Hub.Images.TryGetLength(key, out _), "the image became the running firmware");

        // The management identity reports the running version, also after a power cycle (the settings keep it).
        Assert.AreEqual(NewVersion, PingHubVersion(bench));
        bench.Hub.PowerCycle(1_000);
        bench.RunFor(2_000);
        Assert.AreEqual(NewVersion, PingHubVersion(bench));
        Assert.AreEqual(1, bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Count(), "the answer owed across the restart was sent once");
    }

    [TestMethod]
    public void Cs06_HashOfNoHeldImage_Code2AtOnceAndNoRestart()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        var hub = bench.Hub.As<CommsHubRole>();
        DeliverHubImage(bench, NewVersion, 2);

        bench.Host.SendCs06(StandardBench.HubEui, Enumerable.Repeat((byte)0xAB, 32).ToArray());
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 10_000));

        FirmwareActivationResponse response = bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Single();
        Assert.AreEqual(ActivateFirmwareResponseCode.HashMismatch, response.ResponseCode);
        Assert.AreEqual(InitialVersion, response.FirmwareVersion, "still the old firmware");
        Assert.AreEqual(0, hub.Restarts);
        Assert.AreEqual(InitialVersion, hub.GetVersion(0));
    }

    [TestMethod]
    public void Cs06_NoImageHeld_Code1()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();

        bench.Host.SendCs06(StandardBench.HubEui, new byte[32]);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 10_000));

        FirmwareActivationResponse response = bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Single();
        Assert.AreEqual(ActivateFirmwareResponseCode.NoImageHeld, response.ResponseCode);
        Assert.AreEqual(InitialVersion, response.FirmwareVersion);
        Assert.AreEqual(0, bench.Hub.As<CommsHubRole>().Restarts);
    }

    [TestMethod]
    public void Cs06_ReplayedCounter_RefusedUnansweredEvenAfterAPowerCycle()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        byte[] first = bench.Host.SendCs06(StandardBench.HubEui, new byte[32]);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 10_000));
        var hub = bench.Hub.As<CommsHubRole>();

        bench.Host.SendGbcs(StandardBench.HubEui, first);
        bench.RunFor(5_000);
        Assert.AreEqual(1, bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Count());
        Assert.AreEqual(1, hub.Activator.CommandsRefused);
        StringAssert.Contains(hub.Activator.LastRefusal, "replayed originator counter");

        bench.Hub.PowerCycle(500);
        bench.RunFor(1_000);
        bench.Host.SendGbcs(StandardBench.HubEui, first);
        bench.RunFor(5_000);
        Assert.AreEqual(1, bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Count());
        StringAssert.Contains(bench.Hub.As<CommsHubRole>().Activator.LastRefusal, "replayed");
    }

    [TestMethod]
    public void Cs06_FromAnOriginatorOtherThanTheSupplier_Refused()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        bench.Host.Session.Options.SupplierSystemTitle = RoleSettings.DefaultAcbSystemTitle;

        bench.Host.SendCs06(StandardBench.HubEui, new byte[32]);
        bench.RunFor(10_000);

        Assert.AreEqual(0, bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Count());
        StringAssert.Contains(bench.Hub.As<CommsHubRole>().Activator.LastRefusal, "not the supplier");
    }

    [TestMethod]
    public void Cs06_FutureDated_AcknowledgedThenActivatedAtTheTimeWith0x8F66_PendingSurvivesAPowerCycle()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        BenchImage image = DeliverHubImage(bench, NewVersion, 3);
        long atMs = (bench.Scheduler.NowMs / 1000 * 1000) + 600_000;
        GbcsTimestamp at = HubTimeAt(atMs);

        bench.Host.SendCs06(StandardBench.HubEui, image.ManufacturerImageHash, at);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 10_000));
        FirmwareActivationResponse ack = bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Single();
        Assert.IsNull(ack.ResponseCode, "RTDS 11.3 future-dated: the response is Command Accepted (05 00), no outcome");
        Assert.AreEqual(1, bench.Host.Gbcs.Count(g => g.Header.Cra == GbcsCraFlag.Response && g.Header.MessageCode == GbcsMessageCode.ActivateFirmware), "the acknowledgement decoded: it is the one CS06 response taken");

        bench.RunFor(200_000);
        bench.Hub.PowerCycle(1_000);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06AlertsFrom(StandardBench.HubEui).Any(), 600_000), string.Join(Environment.NewLine, bench.Hub.Log.Lines()));

        HubActivationOutcome alert = bench.Host.Cs06AlertsFrom(StandardBench.HubEui).Single();
        var hub = bench.Hub.As<CommsHubRole>();
        Assert.AreEqual(GbcsAlertCode.FutureDatedCommandActioned, alert.AlertCode);
        Assert.AreEqual(ack.Header.OriginatorCounter, alert.CommandCounter, "the alert names the CS06 it reports on");
        Assert.AreEqual(ActivateFirmwareResponseCode.Success, alert.Response);
        Assert.AreEqual(NewVersion, alert.FirmwareVersion);
        Assert.AreEqual(RoleSettings.DefaultSupplierSystemTitle, alert.Header.Recipient);
        Assert.IsTrue(alert.AtMs >= atMs + bench.Hub.Configuration.RestartTimeMs, $"activated at {at}, answered after the restart (alert at {alert.AtMs} ms, due {atMs} ms)");
        Assert.AreEqual(new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, at.Second, TimeSpan.Zero), alert.ExecutionTime);
        Assert.AreEqual(NewVersion, hub.GetVersion(0));
        Assert.AreEqual(1, hub.Restarts, "the CS06 restart only (the power cycle made this instance)");
        Assert.IsFalse(hub.Activator.HasPendingActivation);
    }

    [TestMethod]
    public void Cs06_FutureDatedWithAWrongHash_0x8F67Code2AtTheTimeAndNoRestart()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        DeliverHubImage(bench, NewVersion, 4);
        long atMs = (bench.Scheduler.NowMs / 1000 * 1000) + 120_000;

        bench.Host.SendCs06(StandardBench.HubEui, Enumerable.Repeat((byte)0x5A, 32).ToArray(), HubTimeAt(atMs));
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06AlertsFrom(StandardBench.HubEui).Any(), 300_000));

        HubActivationOutcome alert = bench.Host.Cs06AlertsFrom(StandardBench.HubEui).Single();
        Assert.AreEqual(GbcsAlertCode.FutureDatedCommandNotActioned, alert.AlertCode);
        Assert.AreEqual(ActivateFirmwareResponseCode.HashMismatch, alert.Response);
        Assert.AreEqual(InitialVersion, alert.FirmwareVersion);
        Assert.IsTrue(alert.AtMs >= atMs);
        Assert.AreEqual(0, bench.Hub.As<CommsHubRole>().Restarts);
    }

    [TestMethod]
    public void Cs06_Cancellation_AcknowledgedAndThePendingActivationNeverHappens()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        BenchImage image = DeliverHubImage(bench, NewVersion, 5);
        var hub = bench.Hub.As<CommsHubRole>();
        bench.Host.SendCs06(StandardBench.HubEui, image.ManufacturerImageHash, HubTimeAt(bench.Scheduler.NowMs + 300_000));
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 10_000));
        Assert.IsTrue(hub.Activator.HasPendingActivation);

        bench.Host.SendCs06(StandardBench.HubEui, image.ManufacturerImageHash, ActivateFirmwareCommand.CancellationDateTime);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Count() == 2, 10_000));
        Assert.IsNull(bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Last().ResponseCode, "acknowledged (05 00)");
        Assert.IsFalse(hub.Activator.HasPendingActivation);

        bench.RunFor(600_000);
        Assert.AreEqual(0, bench.Host.Cs06AlertsFrom(StandardBench.HubEui).Count());
        Assert.AreEqual(0, hub.Restarts);
        Assert.AreEqual(InitialVersion, hub.GetVersion(0));
        Assert.IsTrue(bench.Hub.Images.TryGetLength(ImageKeys.For(image.Identity), out _), "the image is still held for a later CS06");
    }

    [TestMethod]
    public void Cs06_HubRestartsUnderMeterTraffic_ReportsDelayedNotLostAndTheHanWorksAfterwards()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        BenchImage image = DeliverHubImage(bench, NewVersion, 6);
        bench.RunFor(30_000);
        var gsme = bench.Gsme.As<MeterTrafficRole>();
        var ihd = bench.Ihd.As<MeterTrafficRole>();
        long retransmissionsBefore = gsme.Statistics.Retransmissions + ihd.Statistics.Retransmissions;

        bench.Host.SendCs06(StandardBench.HubEui, image.ManufacturerImageHash);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 120_000));
        bench.RunFor(60_000);
        gsme.Reporting = false;
        ihd.Reporting = false;
        Assert.IsTrue(bench.RunUntil(() => gsme.Pending == 0 && ihd.Pending == 0, 120_000), $"seed {Seed}: {gsme.Pending}/{ihd.Pending} reports pending");

        var hub = bench.Hub.As<CommsHubRole>();
        Assert.AreEqual(1, hub.Restarts);
        Assert.AreEqual(0, gsme.Statistics.Lost + ihd.Statistics.Lost, $"seed {Seed}");
        Assert.AreEqual(gsme.Statistics.Reports, gsme.Statistics.Acknowledged, $"seed {Seed}");
        Assert.AreEqual(ihd.Statistics.Reports, ihd.Statistics.Acknowledged, $"seed {Seed}");
        Assert.IsTrue(gsme.Statistics.Retransmissions + ihd.Statistics.Retransmissions > retransmissionsBefore, $"seed {Seed}: a 30 s hub outage costs retransmissions");
        Assert.AreEqual(gsme.Statistics.Reports + ihd.Statistics.Reports, hub.MeterReports, $"seed {Seed}: each report counted once");
        Assert.AreEqual(7, hub.Whitelist.Count, "the whitelist came back from the settings");

        // The relay works again: CS08 reaches the PPMID and a bridge behind two hops.
        foreach (ulong device in new[] { StandardBench.PpmidEui, StandardBench.B4Eui })
        {
            bench.Host.SendCs08(device);
            Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(device).Any(), 10_000), $"{device:X16}");
        }
    }

    [TestMethod]
    public void HubImage_AfterAPowerCycleAndOnADistributeRequest_NeverOfferedToTheHan()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        BenchImage image = DeliverHubImage(bench, NewVersion, 7);
        bench.Hub.PowerCycle(1_000);
        bench.RunFor(2_000);
        var hub = bench.Hub.As<CommsHubRole>();
        ImageIdentity id = image.Identity;
        Assert.IsNull(hub.Distributor.Server!.FindImage(id.ManufacturerCode, id.ImageType, id.FileVersion));

        byte token = bench.Host.Distribute(id, image.ManufacturerImageHash, StandardBench.PpmidEui);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Management.Any(m => m.Token == token && m.Type == ManagementMessageType.DistributeResult), 10_000));
        Assert.AreEqual(DistributeStatus.ImageNotHeld, bench.Host.Management.Last(m => m.Token == token).Distribute!.Value.Status);
        Assert.AreEqual(0, bench.Ppmid.As<PpmidRole>().GetUpdater(0).NotifiesIgnored, "no Image Notify for the hub's image reached the PPMID");
    }

    /// <summary>Builds a signed hub image, has the host deliver it, runs until the hub holds it.</summary>
    private static BenchImage DeliverHubImage(StandardBench bench, uint version, ulong seed)
    {
        FirmwareComponentConfig component = bench.Hub.Configuration.Components[0];
        BenchImage image = BenchImages.BuildSigned(component.ManufacturerCode, component.ImageType, version, 40_000, seed);
        bench.Host.Deliver(image.Bytes);
        Assert.IsTrue(bench.RunUntil(() => bench.Hub.Images.TryGetLength(ImageKeys.For(image.Identity), out _), 300_000), $"seed {seed}: the hub did not store its image");
        return image;
    }

    private static uint? PingHubVersion(StandardBench bench)
    {
        byte token = bench.Host.Ping(StandardBench.HubEui);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Management.Any(m => m.Token == token && m.Type == ManagementMessageType.Identity), 10_000));
        return bench.Host.Management.Last(m => m.Token == token && m.Type == ManagementMessageType.Identity).Identity!.VersionOf(FirmwareComponentId.Main);
    }

    /// <summary>The GBCS date-time the hub's clock shows at bench time <paramref name="ms"/> (whole seconds).</summary>
    private static GbcsTimestamp HubTimeAt(long ms) =>
        GbcsTimestamp.FromSecondsSince2000((uint)(RoleSettings.DefaultUtcSecondsAtClockZero + (ms / 1000)));
}
