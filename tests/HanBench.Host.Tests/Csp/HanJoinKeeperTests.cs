using HanBench.Bench.Topology;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// <see cref="HanJoinKeeper"/>: the CSP carries 8.11 to the hub as joins, a PPMID the hub took becomes Commissioned once
/// it answered through the hub (whitelisting alone is not joining: audit N5), and a hub that is away for a while
/// (restarting) is asked again rather than counted as refusing.
/// </summary>
[TestClass]
public sealed class HanJoinKeeperTests
{
    [TestMethod]
    public void Keeper_HubOffForLongerThanOneJoinsRetries_JoinsAgainAndCommissionsTheWhitelistedPpmid()
    {
        using var bench = new EngineBench(31);
        var ppmid = new Eui64(StandardBench.PpmidEui);
        bench.Store.Write(s => s.Devices.Update(s.Devices.Find(ppmid)! with { Status = DeviceStatus.Whitelisted, DateCommissioned = null }));
        var log = new List<string>();

        // Off for 45 s: the first join's three 10 s attempts all go unanswered.
        bench.Bench.Hub.PowerCycle(45_000);
        var keeper = new HanJoinKeeper(bench.Store, bench.Session, log.Add);
        Assert.IsTrue(bench.Bench.RunUntil(() => keeper.Settled, 600_000), string.Join("\n", log));

        Assert.AreEqual(0, keeper.Problems.Count, string.Join("\n", log));
        Assert.AreEqual(DeviceStatus.Commissioned, bench.Store.Read(s => s.Devices.Find(ppmid))!.Status);
        Assert.IsTrue(log.Contains($"join: {ppmid} answered through Comms Hub {new Eui64(StandardBench.HubEui)}: it is on the HAN; Commissioned"), string.Join("\n", log));
        Assert.AreEqual(5, log.Count(l => l.EndsWith("'s HAN", StringComparison.Ordinal) || l.EndsWith("; Commissioned", StringComparison.Ordinal)), "every device on the log joined once");
    }

    [TestMethod]
    public void Keeper_WhitelistedDeviceWithNoBoard_StaysWhitelistedNamedAsWaitingThenCommissionedWhenItsBoardAppears()
    {
        using var bench = new EngineBench(32);
        var ppmid = new Eui64(StandardBench.PpmidEui);
        var hub = new Eui64(StandardBench.HubEui);
        bench.Store.Write(s => s.Devices.Update(s.Devices.Find(ppmid)! with { Status = DeviceStatus.Whitelisted, DateCommissioned = null }));
        var log = new List<string>();

        // No board answers for the PPMID for 10 minutes of bench time: the hub still whitelists it (AlreadyJoined).
        bench.Bench.Ppmid.PowerCycle(600_000);
        var keeper = new HanJoinKeeper(bench.Store, bench.Session, log.Add);
        Assert.IsTrue(bench.Bench.RunUntil(() => keeper.Settled, 300_000), string.Join("\n", log));

        Assert.AreEqual(DeviceStatus.Whitelisted, bench.Store.Read(s => s.Devices.Find(ppmid))!.Status, string.Join("\n", log));
        CollectionAssert.AreEqual(new[] { ppmid }, keeper.WaitingToJoin.ToArray());
        Assert.AreEqual(0, keeper.Problems.Count, "waiting to join is not a refusal");
        Assert.IsTrue(log.Contains($"join: Comms Hub {hub} whitelisted {ppmid}; waiting for it to join the HAN and answer through the hub"), string.Join("\n", log));
        Assert.AreEqual(1, log.Count(l => l.StartsWith($"join: {ppmid} has not answered through Comms Hub {hub}: it stays Whitelisted", StringComparison.Ordinal)), string.Join("\n", log));
        Assert.IsFalse(log.Any(l => l.Contains("Commissioned", StringComparison.Ordinal) && !l.Contains("Whitelisted", StringComparison.Ordinal)), string.Join("\n", log));

        // An 11.4 to it is refused as for any device that is not Commissioned.
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 2_000, 0x00020000, 32);
        FirmwareUpdateResult refused = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        CollectionAssert.AreEqual(new[] { ppmid }, refused.With(FirmwareDeviceOutcome.NotCommissioned).ToArray());

        // Its board comes up: the next ping is answered through the hub and the PPMID is Commissioned.
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => s.Devices.Find(ppmid))!.Status == DeviceStatus.Commissioned, 900_000), string.Join("\n", log));
        Assert.AreEqual(0, keeper.WaitingToJoin.Count);
        Assert.IsTrue(log.Contains($"join: {ppmid} answered through Comms Hub {hub}: it is on the HAN; Commissioned"), string.Join("\n", log));
    }
}
