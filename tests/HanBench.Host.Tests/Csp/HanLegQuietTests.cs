using HanBench.Bench.Topology;
using HanBench.Device.Hal;
using HanBench.Device.Roles.Ota;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// A HAN leg that does not move (issue 13, audit B7 and the bytes_done nit): a device that never starts its download
/// through the hub is named after a stated number of polls and again at a slow interval, and said when it starts; the
/// inventory holds a leg's first bytes at once and the offset a quiet leg waits at, not only every 15 s.
/// </summary>
[TestClass]
public sealed class HanLegQuietTests
{
    private const long Hour = 3_600_000;

    [TestMethod]
    public void HanLeg_DeviceNeverStartsItsDownload_NamedAfterTheStatedPollsRepeatedSlowlyAndSaidWhenItStarts()
    {
        const ulong seed = 0x13B7_0001;
        var settings = new DistributionSettings { UnstartedRepeatMs = 30_000 };
        using var bench = new EngineBench(seed, settings);
        // Large enough that a progress poll sees the download under way once it starts.
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 300_000, 0x00010105, seed);
        string device = new Eui64(StandardBench.PpmidEui).ToString();
        string notStarted = $"{device}: has not started its download through hub {new Eui64(StandardBench.HubEui)} for ";

        // The PPMID's board is off (no frame in or out) from before the hub is asked to serve it until 90 s later (the
        // hub itself gives up on a device that never asks after about two and a half minutes: 0x8F89 code 3).
        const long offMs = 90_000;
        long now = bench.Bench.Scheduler.NowMs;
        bench.Bench.Ppmid.Node.AddOutage(now, now + offMs);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Log.Any(l => l.StartsWith(notStarted, StringComparison.Ordinal)), Hour), $"seed {seed}:\n" + string.Join("\n", bench.Log));

        long transferring = bench.Progress.First(p => p.State == FirmwareProgressState.Transferring).Timing.TransferStartedMs!.Value;
        long saidAt = bench.Bench.Scheduler.NowMs;
        Assert.IsTrue(saidAt - transferring >= settings.UnstartedPollsBeforeSaid * settings.ProgressPollMs - settings.ProgressPollMs,
            "said only after the stated number of polls");
        StringAssert.Contains(bench.Log.First(l => l.StartsWith(notStarted, StringComparison.Ordinal)), "is it powered and on the hub's HAN?");

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(request, StandardBench.PpmidEui), Hour), $"seed {seed}:\n" + string.Join("\n", bench.Log));
        int notes = bench.Log.Count(l => l.StartsWith(notStarted, StringComparison.Ordinal));
        int polls = (int)(offMs / settings.ProgressPollMs);
        Assert.IsTrue(notes >= 2 && notes <= 1 + (int)(offMs / settings.UnstartedRepeatMs), $"repeated at the slow interval, not at each of ~{polls} polls: {notes}");
        int started = bench.Log.FindIndex(l => l.StartsWith($"{device}: started its download through hub", StringComparison.Ordinal));
        Assert.IsTrue(started > bench.Log.FindLastIndex(l => l.StartsWith(notStarted, StringComparison.Ordinal)),
            $"said when it starts ({bench.ProgressOf(request, StandardBench.PpmidEui)}):\n" + string.Join("\n", bench.Log));
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(request, StandardBench.PpmidEui).State);
    }

    [TestMethod]
    public void HanLeg_HubLosesTheImageAndTheRetriedAttemptStartsAtOnce_NotSaidToHaveWaited()
    {
        // Review F7: the count of polls with no download belongs to an attempt. The PPMID is off until the engine has
        // named it; the hub then loses the image (store wiped, power cycle) and the PPMID comes back; the retried attempt's
        // download starts at once, so nothing names it as not started, or as started after a wait: that was the last attempt's.
        const ulong seed = 0x13F7_0001;
        var settings = new DistributionSettings { UnstartedRepeatMs = 10_000, TransferStallMs = 40_000 };
        using var bench = new EngineBench(seed, settings);
        // Large enough that a progress poll sees the download under way.
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 300_000, 0x00010107, seed);
        var device = new Eui64(StandardBench.PpmidEui);
        string hub = new Eui64(StandardBench.HubEui).ToString();
        var lines = new List<string>();
        bench.Engine.Log += line => lines.Add(line);
        bench.Engine.ProgressChanged += p =>
        {
            if (p.DeviceId == device && p.State == FirmwareProgressState.Transferring && p.Attempts == 1 && !lines.Contains("retried"))
            {
                lines.Add("retried");
            }
        };
        bench.Bench.Ppmid.Node.Detach();
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.IsTrue(bench.Bench.RunUntil(() => lines.Count(l => l.StartsWith($"{device}: has not started its download through hub {hub}", StringComparison.Ordinal)) >= 2, Hour),
            $"seed {seed}:\n" + string.Join("\n", lines));

        Assert.AreEqual(StoreStatus.Ok, bench.Bench.Hub.Images.Delete(ImageKeys.For(image.Identity)));
        bench.Bench.Hub.PowerCycle(1_000);
        bench.Bench.RunFor(2_000);
        bench.Bench.Ppmid.Attach();
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(request, StandardBench.PpmidEui), Hour), $"seed {seed}:\n" + string.Join("\n", lines));

        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(request, StandardBench.PpmidEui).State);
        int retried = lines.IndexOf("retried");
        Assert.IsTrue(retried >= 0, "retried");
        string[] said = lines.Skip(retried).Where(l => l.StartsWith($"{device}: has not started", StringComparison.Ordinal) || l.StartsWith($"{device}: started", StringComparison.Ordinal)).ToArray();
        Assert.IsEmpty(said, "the retried attempt started at once:\n" + string.Join("\n", lines));
    }

    [TestMethod]
    public void HanLeg_FirstBytesAndGoingQuiet_InventoryHoldsTheOffsetAtOnce()
    {
        const ulong seed = 0x13B7_0002;
        // The periodic write never comes due in this test: only the first bytes and the leg going quiet write.
        using var bench = new EngineBench(seed, new DistributionSettings { ProgressPersistMs = 10 * Hour });
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 300_000, 0x00010106, seed);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        var device = new Eui64(StandardBench.PpmidEui);

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.ProgressOf(request, StandardBench.PpmidEui) is { State: FirmwareProgressState.Transferring, BytesDone: > 0 }, Hour),
            $"seed {seed}: the HAN leg's first bytes are written at once");
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Progress.Last(p => p.DeviceId == device).BytesDone > 100_000, Hour));

        long now = bench.Bench.Scheduler.NowMs;
        bench.Bench.Ppmid.Node.AddOutage(now, now + 120_000);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Log.Any(l => l.StartsWith($"{device}: not answering through hub", StringComparison.Ordinal)), Hour));

        long waitsAt = bench.Progress.Last(p => p.DeviceId == device).BytesDone;
        Assert.AreEqual(waitsAt, bench.ProgressOf(request, StandardBench.PpmidEui).BytesDone, "the offset the quiet leg waits at is in the inventory");
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(request, StandardBench.PpmidEui), Hour), string.Join("\n", bench.Log));
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(request, StandardBench.PpmidEui).State);
    }
}
