using HanBench.Bench.Topology;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Device.Roles.Hub;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// A Comms Hub whose image store cannot take an image (issue 13, audit B6): the hub says why in its Upgrade End
/// (INSUFFICIENT_SPACE: no room now; INVALID_VALUE: larger than the whole store), and the CSP carries it. No room now
/// waits while the hub holds images for transfers in progress (audit N6), else spends the attempt (N60) with back-off,
/// and N61 when the attempts are spent; larger than the store fails at once.
/// Before, hub and CSP ping-ponged notify/refuse for ever and every other image for the hub waited behind it.
/// </summary>
[TestClass]
public sealed class HubImageRefusalTests
{
    private const long Hour = 3_600_000;

    [TestMethod]
    public void HubDelivery_HubStoreFull_AttemptsSpentWithTheHubsReasonAndAnotherImageIsDelivered()
    {
        const ulong seed = 0x13B6;
        var settings = new DistributionSettings { MaxAttempts = 3 };
        using var bench = new EngineBench(seed, settings, new StandardBenchOptions { ImageStoreBytes = 40_000 });
        Fill(bench.Bench.Hub.Images, 30_000);
        BenchImage refused = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 20_000, 0x00010105, seed);
        BenchImage behind = bench.ImageFor(bench.Bench.B1, FirmwareComponentId.SiLabs, 4_000, 0x00020001, seed + 1);
        FirmwareUpdateResult full = bench.Submit(refused, FirmwareComponents.Main, StandardBench.PpmidEui);
        FirmwareUpdateResult other = bench.Submit(behind, FirmwareComponents.SiLabs, StandardBench.B1Eui);

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(full, StandardBench.PpmidEui), Hour), $"seed {seed}: " + string.Join("\n", bench.Log));
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.AlertCodes(StandardBench.B1Eui).Contains(DccAlertCodes.CspDeliverySucceeded), Hour), "the other image is not held behind the refused one");

        FirmwareProgressRecord progress = bench.ProgressOf(full, StandardBench.PpmidEui);
        Assert.AreEqual(FirmwareProgressState.Failed, progress.State);
        StringAssert.Contains(progress.FailureReason, "INSUFFICIENT_SPACE");
        string[] alerts = bench.AlertCodes(StandardBench.PpmidEui);
        CollectionAssert.AreEqual(new[] { "N60", "N60", "N60", "N61" }, alerts.Take(4).ToArray(), "an N60 per attempt, N61 when they are spent: " + string.Join(", ", alerts));
        Assert.IsFalse(alerts.Contains(DccAlertCodes.CspDeliverySucceeded), "never N59");
        int refusals = bench.Bench.Hub.As<CommsHubRole>().Puller.Sink.Refused;
        int notifiesAgain = bench.Log.Count(l => l.Contains(Convert.ToHexStringLower(refused.ManufacturerImageHash)[..12], StringComparison.Ordinal) && l.Contains("notifying again", StringComparison.Ordinal));
        Assert.AreEqual(settings.MaxAttempts, refusals, "one refusal per attempt");
        Assert.AreEqual(0, notifiesAgain, "a refusal is not a stall: no notification again");
        Assert.AreEqual(settings.MaxAttempts, bench.Log.Count(l => l.Contains("INSUFFICIENT_SPACE", StringComparison.Ordinal)), "the CSP says the hub's reason");
        Assert.AreEqual(DuisResponseCodes.Acknowledged, other.ResponseCode);
    }

    [TestMethod]
    public void HubDelivery_RefusedImageQueuedAgainWhileAnotherDelivers_StartsAfterTheImagesThatWereWaiting()
    {
        // Review F6: the refused image leaves the queue and comes back after its back-off, behind the images that waited
        // meanwhile, not in the slot it left (the queue's order is its own, not a dictionary's enumeration order).
        const ulong seed = 0x13F6;
        var settings = new DistributionSettings { BaseBackoffMs = 1_000 };
        using var bench = new EngineBench(seed, settings, new StandardBenchOptions { ImageStoreBytes = 100_000 });
        Fill(bench.Bench.Hub.Images, 70_000);
        BenchImage refused = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 40_000, 0x00010105, seed);
        BenchImage second = bench.ImageFor(bench.Bench.B1, FirmwareComponentId.SiLabs, 20_000, 0x00020001, seed + 1);
        BenchImage third = bench.ImageFor(bench.Bench.B2, FirmwareComponentId.SiLabs, 4_000, 0x00020002, seed + 2);
        // One list, in the order things happened: the refused image queued again, and each N59/N60 with its device.
        var ppmid = new Eui64(StandardBench.PpmidEui);
        var order = new List<string>();
        bench.Engine.ProgressChanged += p =>
        {
            if (p.DeviceId == ppmid && p.State == FirmwareProgressState.DeliveringToHub && p.Attempts == 1 && !order.Contains("again"))
            {
                order.Add("again");
            }
        };
        bench.Engine.AlertIssued += a =>
        {
            if (a.AlertCode is DccAlertCodes.CspDeliverySucceeded or DccAlertCodes.CspDeliveryFailed)
            {
                order.Add($"{a.AlertCode}@{a.DeviceId}");
            }
        };
        bench.Submit(refused, FirmwareComponents.Main, StandardBench.PpmidEui);
        bench.Submit(second, FirmwareComponents.SiLabs, StandardBench.B1Eui);
        bench.Submit(third, FirmwareComponents.SiLabs, StandardBench.B2Eui);

        Assert.IsTrue(bench.Bench.RunUntil(() => order.Count(e => e == $"N60@{ppmid}") >= 2 && order.Contains($"N59@{new Eui64(StandardBench.B2Eui)}"), Hour),
            $"seed {seed}:\n" + string.Join("\n", bench.Log));

        int queuedAgain = order.IndexOf("again");
        int secondDelivered = order.IndexOf($"N59@{new Eui64(StandardBench.B1Eui)}");
        int thirdDelivered = order.IndexOf($"N59@{new Eui64(StandardBench.B2Eui)}");
        int refusedAgain = order.FindIndex(order.IndexOf($"N60@{ppmid}") + 1, e => e == $"N60@{ppmid}");
        string seen = string.Join(", ", order);
        Assert.IsTrue(queuedAgain >= 0 && queuedAgain < secondDelivered, "the refused image came back while the second was delivering: " + seen);
        Assert.IsTrue(secondDelivered < thirdDelivered && thirdDelivered < refusedAgain, "the image that waited is delivered before the refused one is tried again: " + seen);
    }

    [TestMethod]
    public void HubDelivery_ImageLargerThanTheHubsWholeStore_FailsAtOnceNamingIt()
    {
        const ulong seed = 0x13B7;
        using var bench = new EngineBench(seed, options: new StandardBenchOptions { ImageStoreBytes = 20_000 });
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 30_000, 0x00010105, seed);
        FirmwareUpdateResult update = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(update, StandardBench.PpmidEui), Hour), $"seed {seed}: " + string.Join("\n", bench.Log));

        FirmwareProgressRecord progress = bench.ProgressOf(update, StandardBench.PpmidEui);
        Assert.AreEqual(FirmwareProgressState.Failed, progress.State);
        StringAssert.Contains(progress.FailureReason, "larger than the hub's whole image store");
        Assert.AreEqual(0, progress.Attempts, "no attempt is spent on what can never fit");
        Assert.AreEqual(1, bench.Bench.Hub.As<CommsHubRole>().Puller.Sink.Refused, "refused once");
        Assert.IsTrue(bench.Bench.Hub.Log.Contains("is larger than the whole image store"), "the hub does not call it full");
        Assert.IsFalse(bench.Bench.Hub.Log.Contains("the image store is full"));
    }

    [TestMethod]
    public void HanTransfer_DevicesStoreFull_HubEndsTheTransferAsFailedAndTheUpdateFailsNamingIt()
    {
        // The same refusal one hop down: a PPMID whose store has no room says INSUFFICIENT_SPACE to the hub's OTA server,
        // which ends the transfer as failed (0x8F89 code 3) instead of waiting for an end it already had.
        const ulong seed = 0x13B8;
        using var bench = new EngineBench(seed, options: new StandardBenchOptions { ImageStoreBytes = 60_000 });
        Fill(bench.Bench.Ppmid.Images, 50_000);
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 20_000, 0x00010105, seed);
        FirmwareUpdateResult update = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(update, StandardBench.PpmidEui), Hour), $"seed {seed}: " + string.Join("\n", bench.Log));

        FirmwareProgressRecord progress = bench.ProgressOf(update, StandardBench.PpmidEui);
        Assert.AreEqual(FirmwareProgressState.Failed, progress.State);
        StringAssert.Contains(progress.FailureReason, "0x8F89 response code 3");
        CollectionAssert.AreEqual(new[] { "N59", "N62" }, bench.AlertCodes(StandardBench.PpmidEui));
    }

    [TestMethod]
    public void HubDelivery_HubStoreFullOfAnImageWhoseTransferIsInProgress_WaitsWithoutSpendingAttemptsAndDeliversOnceItIsFreed()
    {
        // Audit N6: a 30 KB image for a PPMID that is off fills the hub's store; a 50 KB image for B1 used to spend its five
        // attempts in ~75 s and fail (N61), although the PPMID's transfer times out later, the hub deletes its image, and
        // B1's would then fit. The CSP now waits while the hub holds images for transfers in progress.
        const ulong seed = 0x13E6;
        using var bench = new EngineBench(seed, options: new StandardBenchOptions { ImageStoreBytes = 70_000 });
        bench.Bench.Ppmid.PowerCycle(24 * Hour);
        BenchImage held = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 30_000, 0x00010105, seed);
        BenchImage waiting = bench.ImageFor(bench.Bench.B1, FirmwareComponentId.SiLabs, 50_000, 0x00020001, seed + 1);
        FirmwareUpdateResult ppmid = bench.Submit(held, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.AlertCodes(StandardBench.PpmidEui).Contains(DccAlertCodes.CspDeliverySucceeded), Hour), $"seed {seed}: " + string.Join("\n", bench.Log));
        FirmwareUpdateResult b1 = bench.Submit(waiting, FirmwareComponents.SiLabs, StandardBench.B1Eui);

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(b1, StandardBench.B1Eui) && bench.Finished(ppmid, StandardBench.PpmidEui), 4 * Hour), $"seed {seed}: " + string.Join("\n", bench.Log));

        Assert.AreEqual(FirmwareProgressState.Failed, bench.ProgressOf(ppmid, StandardBench.PpmidEui).State, "the PPMID is off: its transfer ends by its time-out");
        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(b1, StandardBench.B1Eui).State, $"seed {seed}: " + string.Join("\n", bench.Log));
        string[] alerts = bench.AlertCodes(StandardBench.B1Eui);
        CollectionAssert.DoesNotContain(alerts, DccAlertCodes.CspDeliveryFailed, "no attempt spent while the hub's store was held: " + string.Join(", ", alerts));
        CollectionAssert.Contains(alerts, DccAlertCodes.CspDeliverySucceeded);
        Assert.IsTrue(bench.Bench.Hub.As<CommsHubRole>().Puller.Sink.Refused > 0, "the hub did refuse it for want of room first");
        Assert.AreEqual(1, bench.Log.Count(l => l.Contains("waiting for them to end (no attempt spent)", StringComparison.Ordinal)), "the wait is said once: " + string.Join("\n", bench.Log));
    }

    /// <summary>Another image already held by a board's store: <paramref name="bytes"/> of its room are taken.</summary>
    private static void Fill(IImageStore store, int bytes)
    {
        Assert.AreEqual(StoreStatus.Ok, store.Begin("held-by-another", bytes));
        Assert.AreEqual(StoreStatus.Ok, store.Append(new byte[bytes], 0, bytes));
        Assert.AreEqual(StoreStatus.Ok, store.Commit());
    }
}
