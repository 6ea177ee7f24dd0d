using HanBench.Bench.Topology;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// <see cref="HanJoinKeeper"/>: the CSP carries 8.11 to the hub as joins, a PPMID the hub took becomes Commissioned, and
/// a hub that is away for a while (restarting) is asked again rather than counted as refusing.
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
        Assert.IsTrue(log.Contains($"join: {ppmid} is on Comms Hub {new Eui64(StandardBench.HubEui)}'s HAN; Commissioned"), string.Join("\n", log));
        Assert.AreEqual(5, log.Count(l => l.EndsWith("'s HAN", StringComparison.Ordinal) || l.EndsWith("; Commissioned", StringComparison.Ordinal)), "every device on the log joined once");
    }
}
