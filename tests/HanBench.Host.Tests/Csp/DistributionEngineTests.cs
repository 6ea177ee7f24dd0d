using HanBench.Bench.Topology;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.Csp;

/// <summary>The distribution engine on the standard bench in virtual time: every transition, alerts end to end, retries, cancel, restarts.</summary>
[TestClass]
public sealed class DistributionEngineTests
{
    private const long Hour = 3_600_000;

    [TestMethod]
    public void PpmidUpdate_WalksEveryStateOnceWithN59N62N39InOrderAndRecordsTheVersion()
    {
        using var bench = new EngineBench(11);
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 60_000, 0x00010105, 1);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.AreEqual(DuisResponseCodes.Acknowledged, request.ResponseCode, request.Message);

        // Mid-way through the HAN leg the device's own progress reports show up as bytes, a percentage and an ETA.
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Progress.Any(p => p.Leg == DistributionLeg.Han && p.BytesDone > 0 && p.EtaMs is not null), Hour));
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(request, StandardBench.PpmidEui), Hour), string.Join("\n", bench.Log));

        FirmwareProgressState[] states = bench.Progress.Select(p => p.State).Distinct().ToArray();
        CollectionAssert.AreEqual(
            new[] { FirmwareProgressState.Queued, FirmwareProgressState.DeliveringToHub, FirmwareProgressState.OnHub, FirmwareProgressState.Transferring, FirmwareProgressState.Transferred, FirmwareProgressState.Activated },
            states);
        CollectionAssert.AreEqual(new[] { "N59", "N62", "N39" }, bench.AlertCodes(StandardBench.PpmidEui));
        Assert.IsTrue(bench.Progress.Any(p => p.Leg == DistributionLeg.Hub && p.BytesDone > 0 && p.BytesDone < p.BytesTotal), "the hub leg's bytes come from the OTA server");
        Assert.AreEqual("00010105", bench.Store.Read(s => s.Devices.FirmwareVersion(new Eui64(StandardBench.PpmidEui), FirmwareComponents.Main)));
        Assert.AreEqual(0x00010105u, OtaRunning(bench.Bench.Ppmid));
        DistributionProgress last = bench.Progress[^1];
        Assert.IsNotNull(last.Timing.HanTransferMs);
        Assert.IsTrue(last.Timing.TotalMs > last.Timing.HanTransferMs);
        Assert.AreEqual(1, bench.Store.Read(s => s.Devices.FirmwareVersions(new Eui64(StandardBench.PpmidEui))).Count);
    }

    [TestMethod]
    public void PpmidUpdate_MidLeg_InventoryRecordsTheBytesOfEachLegAsTheyGo()
    {
        using var bench = new EngineBench(12);
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 300_000, 0x00010106, 2);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        long row = request.Request!.RowId;
        var device = new Eui64(StandardBench.PpmidEui);
        FirmwareProgressRecord? Row() => bench.Store.Read(s => s.Firmware.FindProgress(row, device));

        // Issue 13: bytes_done stayed 0 until activation, so neither the user nor a restarted host saw the offset.
        Assert.IsTrue(bench.Bench.RunUntil(() => Row() is { State: FirmwareProgressState.DeliveringToHub, BytesDone: > 0 } r && r.BytesDone < r.BytesTotal, Hour),
            "the hub leg's bytes are in the inventory while it runs");
        Assert.IsTrue(bench.Bench.RunUntil(() => Row() is { State: FirmwareProgressState.Transferring, BytesDone: > 0 } r && r.BytesDone < r.BytesTotal, Hour),
            "the HAN leg's bytes are in the inventory while it runs, counted from 0");
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(request, StandardBench.PpmidEui), Hour), string.Join("\n", bench.Log));
        Assert.AreEqual(Row()!.BytesTotal, Row()!.BytesDone);
    }

    [TestMethod]
    public void HanLinkDownMidTransfer_EngineSaysTheDeviceWentQuietAndCameBack_ThenActivates()
    {
        using var bench = new EngineBench(17);
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 300_000, 0x00010107, 7);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.ProgressOf(request, StandardBench.PpmidEui) is { State: FirmwareProgressState.Transferring, BytesDone: > 0 }, Hour));

        // Issue 13: the PPMID's HAN hop goes dark mid-transfer (unplugged, out of range) for two minutes; csp run printed nothing.
        long now = bench.Bench.Scheduler.NowMs;
        bench.Bench.Ppmid.Node.AddOutage(now, now + 120_000);

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(request, StandardBench.PpmidEui), Hour), string.Join("\n", bench.Log));
        string device = new Eui64(StandardBench.PpmidEui).ToString();
        int quiet = bench.Log.FindIndex(l => l.StartsWith($"{device}: not answering through hub", StringComparison.Ordinal));
        int back = bench.Log.FindIndex(l => l.StartsWith($"{device}: answering again through hub", StringComparison.Ordinal));
        Assert.IsTrue(quiet >= 0 && back > quiet, "said when it went quiet, then when it answered again:\n" + string.Join("\n", bench.Log));
        Assert.AreEqual(1, bench.Log.Count(l => l.Contains("not answering through hub", StringComparison.Ordinal)), "said once per silence, not at every poll");
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(request, StandardBench.PpmidEui).State);
    }

    [TestMethod]
    public void HardwareVersionOutsideTheImage_0x8F89Code2_N62ThenFailedWithTheCode()
    {
        using var bench = new EngineBench(12);
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 20_000, 0x00010105, 2, minimumHardware: 5, maximumHardware: 9);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(request, StandardBench.PpmidEui), Hour));
        FirmwareProgressRecord progress = bench.ProgressOf(request, StandardBench.PpmidEui);
        Assert.AreEqual(FirmwareProgressState.Failed, progress.State);
        StringAssert.Contains(progress.FailureReason, "0x8F89 response code 2");
        CollectionAssert.AreEqual(new[] { "N59", "N62" }, bench.AlertCodes(StandardBench.PpmidEui));
        StringAssert.Contains(bench.Alerts[^1].Body, "HardwareVersionMismatch");
        Assert.AreEqual(0x00010000u, OtaRunning(bench.Bench.Ppmid));
    }

    [TestMethod]
    public void Cancel_MidTransfer_N61FailedAndTheHubsOwnAbortAlertRaisesNothingMore()
    {
        using var bench = new EngineBench(13);
        BenchImage image = bench.ImageFor(bench.Bench.B1, FirmwareComponentId.SiLabs, 200_000, 0x00020001, 3);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.SiLabs, StandardBench.B1Eui);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Progress.Any(p => p.State == FirmwareProgressState.Transferring && p.BytesDone > 10_000), Hour));
        IReadOnlyList<IssuedDccAlert> cancelled = bench.Engine.Cancel(request.Request!.RequestId);
        Assert.AreEqual("N61", cancelled.Single().AlertCode);
        int transferAlerts = bench.Stub.TransferAlertsFor(StandardBench.B1Eui).Count();
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Stub.TransferAlertsFor(StandardBench.B1Eui).Count() > transferAlerts, 120_000), "the hub ends the transfer with 0x8F89 code 3");
        Assert.AreEqual(FirmwareTransferResponseCode.FileTransferFailure, bench.Stub.TransferAlertsFor(StandardBench.B1Eui).Last().Response);
        bench.Bench.RunFor(120_000);
        Assert.AreEqual(FirmwareProgressState.Failed, bench.ProgressOf(request, StandardBench.B1Eui).State);
        CollectionAssert.AreEqual(new[] { "N59", "N61" }, bench.AlertCodes(StandardBench.B1Eui));
        Assert.AreEqual(0x00010000u, OtaRunning(bench.Bench.B1, FirmwareComponentId.SiLabs));
    }

    [TestMethod]
    public void OneUpdatePerDevice_SecondRequestRefusedWhileInProgress_AcceptedOnceActivated()
    {
        using var bench = new EngineBench(14);
        BenchImage first = bench.ImageFor(bench.Bench.B4, FirmwareComponentId.SiLabs, 30_000, 0x00020001, 4);
        BenchImage second = bench.ImageFor(bench.Bench.B4, FirmwareComponentId.SiLabs, 30_000, 0x00020002, 5);
        FirmwareUpdateResult one = bench.Submit(first, FirmwareComponents.SiLabs, StandardBench.B4Eui);
        FirmwareUpdateResult blocked = bench.Submit(second, FirmwareComponents.SiLabs, StandardBench.B4Eui);
        Assert.AreEqual(FirmwareDeviceOutcome.OtherRequestInProgress, blocked.Devices.Single().Outcome);
        Assert.IsNull(blocked.Request);

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(one, StandardBench.B4Eui), Hour));
        FirmwareUpdateResult two = bench.Submit(second, FirmwareComponents.SiLabs, StandardBench.B4Eui);
        Assert.AreEqual(DuisResponseCodes.Acknowledged, two.ResponseCode, two.Message);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(two, StandardBench.B4Eui), Hour));
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(two, StandardBench.B4Eui).State);
        Assert.AreEqual(0x00020002u, OtaRunning(bench.Bench.B4, FirmwareComponentId.SiLabs));
        CollectionAssert.AreEqual(new[] { "N59", "N62", "N39", "N59", "N62", "N39" }, bench.AlertCodes(StandardBench.B4Eui));
    }

    [TestMethod]
    public void WanOutage_DeliveryAttemptsFailWithN60AndBackoff_ThenN59AndActivated()
    {
        var settings = new DistributionSettings { DeliveryStallMs = 20_000, DeliveryNotifiesPerAttempt = 2, BaseBackoffMs = 10_000 };
        using var bench = new EngineBench(15, settings);
        long now = bench.Bench.Scheduler.NowMs;
        bench.Bench.Wan.AddOutage(now, now + 150_000);
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 20_000, 0x00010105, 6);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.AlertCodes(StandardBench.PpmidEui).Contains("N60"), Hour));
        FirmwareProgressRecord retrying = bench.ProgressOf(request, StandardBench.PpmidEui);
        Assert.AreEqual(FirmwareProgressState.Queued, retrying.State);
        Assert.AreEqual(1, retrying.Attempts);
        Assert.IsNotNull(retrying.NextRetryUtc);
        Assert.AreEqual(bench.Time.GetUtcNow().AddMilliseconds(settings.BackoffMs(0)), retrying.NextRetryUtc!.Value, "retry time = now + the first backoff");

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(request, StandardBench.PpmidEui), Hour), string.Join("\n", bench.Log));
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(request, StandardBench.PpmidEui).State);
        string[] codes = bench.AlertCodes(StandardBench.PpmidEui);
        Assert.IsTrue(codes.Count(c => c == "N60") >= 2, string.Join(",", codes));
        CollectionAssert.AreEqual(new[] { "N59", "N62", "N39" }, codes.Where(c => c != "N60").ToArray());
        Assert.AreEqual(settings.BackoffMs(1), 2 * settings.BackoffMs(0), "the backoff doubles per attempt");
    }

    [TestMethod]
    public void DeliveryAttemptsExhausted_N61AndDistributionFailure()
    {
        var settings = new DistributionSettings { DeliveryStallMs = 10_000, DeliveryNotifiesPerAttempt = 1, BaseBackoffMs = 1_000, MaxAttempts = 2 };
        using var bench = new EngineBench(16, settings);
        bench.Bench.Wan.AddOutage(bench.Bench.Scheduler.NowMs, bench.Bench.Scheduler.NowMs + Hour);
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 20_000, 0x00010105, 7);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(request, StandardBench.PpmidEui), Hour), $"{bench.ProgressOf(request, StandardBench.PpmidEui)}\n{string.Join("\n", bench.Log)}");
        Assert.AreEqual(FirmwareProgressState.Failed, bench.ProgressOf(request, StandardBench.PpmidEui).State);
        CollectionAssert.AreEqual(new[] { "N60", "N60", "N61", "FirmwareDistributionFailure" },
            bench.Alerts.Select(a => a.AlertCode == new DccAlertSettings().FirmwareDistributionFailureAlertCode ? "FirmwareDistributionFailure" : a.AlertCode).ToArray());
    }

    [TestMethod]
    public void RepeatedAlerts_AfterActivation_ChangeNothingAndRaiseNothing()
    {
        using var bench = new EngineBench(17);
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 20_000, 0x00010105, 8);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(request, StandardBench.PpmidEui), Hour));
        int alerts = bench.AlertRows().Count;

        // The hub and the device repeat themselves (a lost acknowledgement on a real WAN): other times, same events.
        var time = new GbcsTimestamp(2025, 1, 1, 3, 0, 0);
        bench.Session.OnFrame(bench.Bench.Wan.A.Port(Bench.Radio.HopKind.Wire), CspFrames.TransferAlert(StandardBench.PpmidEui, 0x7777, 0x00010105, FirmwareTransferResponseCode.Success, time));
        bench.Session.OnFrame(bench.Bench.Wan.A.Port(Bench.Radio.HopKind.Wire), CspFrames.Gbcs(StandardBench.PpmidEui, GbcsCraFlag.Alert, 0x7778, StandardBench.PpmidEui, HubSessionOptions.DefaultAcbSystemTitle,
            GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert, ActivationContent(0x00010105, time), signer: StandardBench.PpmidEui));
        Assert.AreEqual(alerts, bench.AlertRows().Count);
        Assert.IsTrue(bench.Log.Count(l => l.Contains("repeats a finished update")) == 2, string.Join("\n", bench.Log));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    public void HostCrash_AtSeededPointsWithAlertsLostWhileDown_ResumesAndEveryAlertOnce(int point)
    {
        ulong seed = 0xC0FFEEUL + (ulong)point;
        using var bench = new EngineBench(seed);
        var random = new Random((int)seed);
        BenchImage ppmid = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 80_000, 0x00010105, seed);
        BenchImage b2 = bench.ImageFor(bench.Bench.B2, FirmwareComponentId.SiLabs, 80_000, 0x00020001, seed + 1);
        FirmwareUpdateResult one = bench.Submit(ppmid, FirmwareComponents.Main, StandardBench.PpmidEui);
        FirmwareUpdateResult two = bench.Submit(b2, FirmwareComponents.SiLabs, StandardBench.B2Eui);

        // Crash when the seeded step is reached: during delivery to the hub, on the HAN, or between transfer and activation.
        FirmwareProgressState[] points = [FirmwareProgressState.DeliveringToHub, FirmwareProgressState.OnHub, FirmwareProgressState.Transferring, FirmwareProgressState.Transferring, FirmwareProgressState.Transferred, FirmwareProgressState.Transferred];
        FirmwareProgressState at = points[point];
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Progress.Any(p => p.State == at && (at != FirmwareProgressState.Transferring || p.BytesDone > 20_000)), Hour), $"seed {seed}");
        bench.Bench.RunFor(random.Next(0, 3_000));
        bench.CrashHost(downMs: 20_000 + random.Next(0, 60_000));
        if (point % 2 == 1)
        {
            bench.Bench.RunFor(random.Next(1_000, 30_000));
            bench.CrashHost(downMs: random.Next(1_000, 40_000));
        }

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(one, StandardBench.PpmidEui) && bench.Finished(two, StandardBench.B2Eui), 4 * Hour), $"seed {seed}: {string.Join("\n", bench.Log)}");
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(one, StandardBench.PpmidEui).State, $"seed {seed}");
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(two, StandardBench.B2Eui).State, $"seed {seed}");
        Assert.AreEqual(0x00010105u, OtaRunning(bench.Bench.Ppmid));
        Assert.AreEqual(0x00020001u, OtaRunning(bench.Bench.B2, FirmwareComponentId.SiLabs));
        foreach (ulong device in new[] { StandardBench.PpmidEui, StandardBench.B2Eui })
        {
            string[] codes = bench.AlertRows().Where(a => a.DeviceId == new Eui64(device)).Select(a => a.AlertCode).ToArray();
            CollectionAssert.AreEquivalent(new[] { "N59", "N62", "N39" }, codes, $"seed {seed}: {new Eui64(device)} {string.Join(",", codes)}\n{string.Join("\n", bench.Log)}");
        }

        Assert.AreEqual("00010105", bench.Store.Read(s => s.Devices.FirmwareVersion(new Eui64(StandardBench.PpmidEui), FirmwareComponents.Main)));
        Assert.AreEqual("00020001", bench.Store.Read(s => s.Devices.FirmwareVersion(new Eui64(StandardBench.B2Eui), FirmwareComponents.SiLabs)));
    }

    private static byte[] ActivationContent(uint version, GbcsTimestamp time)
    {
        var alert = new PpmidFirmwareActivationAlert { Time = time, FirmwareVersion = version, Result = PpmidFirmwareActivationResult.Success };
        byte[] content = new byte[alert.EncodedLength];
        alert.WriteTo(new HanBench.Protocol.Bytes.ByteWriter(content));
        return content;
    }

    private static uint OtaRunning(BenchDevice device, FirmwareComponentId component = FirmwareComponentId.Main)
    {
        Assert.IsTrue(device.As<PpmidRole>().TryGetVersion(component, out uint version));
        return version;
    }
}
