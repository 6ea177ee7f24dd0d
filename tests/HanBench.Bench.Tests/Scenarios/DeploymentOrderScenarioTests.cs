using System.Text;
using HanBench.Bench.Topology;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Device.Roles.Traffic;
using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// SECMP0170 §3.4 requirements 9 and 10: firmware deployed to B1–B4 in every one of the 24 orders, one bridge after
/// another (each activates and restarts before the next begins), while the GSME (behind B1 ═ B2) and the IHD (behind
/// B3 ═ B4) keep reporting to the hub. Every order must complete and lose no meter report; the table shows what each
/// order adds to the worst meter latency.
/// </summary>
[TestClass]
public sealed class DeploymentOrderScenarioTests
{
    private const int Body = 16 * 1024;
    private const ulong Seed = 0x24040D3EUL;

    [TestMethod]
    public void Deployment_AllTwentyFourOrders_EveryBridgeUpgradedAndNoMeterReportLost()
    {
        var table = new StringBuilder();
        table.AppendLine($"seed {Seed}: SiLabs image of {Body} bytes to each bridge, restart {RoleConfigurationDefaults.RestartMs} ms, meters report every 5 s");
        table.AppendLine("order         GSME base  GSME worst  GSME added   IHD base   IHD worst   IHD added  resent  deploy-s");
        long worstAdded = 0;
        foreach (int[] order in Permutations([1, 2, 3, 4]))
        {
            Outcome outcome = Run(order);
            string name = string.Join("-", order.Select(n => "B" + n));
            table.AppendLine($"{name,-12} {outcome.GsmeBase,10} {outcome.GsmeWorst,11} {outcome.GsmeWorst - outcome.GsmeBase,11} {outcome.IhdBase,10} {outcome.IhdWorst,11} {outcome.IhdWorst - outcome.IhdBase,11} {outcome.Resent,7} {outcome.DeployMs / 1000.0,9:F1}");
            worstAdded = Math.Max(worstAdded, Math.Max(outcome.GsmeWorst - outcome.GsmeBase, outcome.IhdWorst - outcome.IhdBase));
        }

        table.AppendLine($"worst added latency over all orders: {worstAdded} ms");
        Console.WriteLine(table.ToString());
    }

    private static Outcome Run(int[] order)
    {
        ulong seed = Seed ^ (ulong)(order[0] * 1000 + order[1] * 100 + order[2] * 10 + order[3]);
        string context = $"seed {seed}, order {string.Join("-", order)}";
        var bench = new StandardBench(seed);
        bench.JoinAll();
        var gsme = bench.Gsme.As<MeterTrafficRole>();
        var ihd = bench.Ihd.As<MeterTrafficRole>();

        bench.RunFor(60_000);
        long gsmeBase = gsme.Statistics.MaxLatencyMs;
        long ihdBase = ihd.Statistics.MaxLatencyMs;
        gsme.Statistics.ResetLatency();
        ihd.Statistics.ResetLatency();

        var images = new Dictionary<int, BenchImage>();
        for (int n = 1; n <= 4; n++)
        {
            BenchDevice bridge = bench.Bridges[n - 1];
            images[n] = OtaScenario.ImageFor(bridge, FirmwareComponentId.SiLabs, Body, seed + (ulong)n);
            OtaScenario.DeliverToHub(bench, images[n]);
        }

        long start = bench.Scheduler.NowMs;
        foreach (int n in order)
        {
            BenchDevice bridge = bench.Bridges[n - 1];
            OtaScenario.Distribute(bench, images[n], null, bridge.Eui64);
            HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, bridge.Eui64, 900_000);
            Assert.AreEqual(FirmwareTransferResponseCode.Success, transfer.Response, $"{context}: B{n}");
            Assert.IsTrue(bench.RunUntil(() => bench.Host.ActivationAlertsFrom(bridge.Eui64).Any(), 60_000), $"{context}: no 0x8F8B from B{n}");
            Assert.IsTrue(bench.RunUntil(() => !bridge.As<AltHanBridgeRole>().IsRestarting && bridge.As<AltHanBridgeRole>().Activations == 1, 120_000), $"{context}: B{n} did not come back");
        }

        long deployMs = bench.Scheduler.NowMs - start;
        bench.RunFor(30_000);
        gsme.Reporting = false;
        ihd.Reporting = false;
        Assert.IsTrue(bench.RunUntil(() => gsme.Pending == 0 && ihd.Pending == 0, 120_000), $"{context}: reports still pending");

        foreach (BenchDevice bridge in bench.Bridges)
        {
            Assert.AreEqual(OtaScenario.NewVersion, OtaScenario.Running(bridge, FirmwareComponentId.SiLabs), $"{context}: {bridge.Name}");
            if (bridge.Configuration.FindComponent(FirmwareComponentId.Broadcom) is not null)
            {
                Assert.AreEqual(0x00010000u, OtaScenario.Running(bridge, FirmwareComponentId.Broadcom), $"{context}: {bridge.Name}");
            }
        }

        var hub = bench.Hub.As<CommsHubRole>();
        Assert.AreEqual(0, gsme.Statistics.Lost + ihd.Statistics.Lost, context);
        Assert.AreEqual(gsme.Statistics.Reports, gsme.Statistics.Acknowledged, context);
        Assert.AreEqual(ihd.Statistics.Reports, ihd.Statistics.Acknowledged, context);
        Assert.AreEqual(gsme.Statistics.Reports + ihd.Statistics.Reports, hub.MeterReports, $"{context}: the hub must have seen every report exactly once");
        return new Outcome(gsmeBase, gsme.Statistics.MaxLatencyMs, ihdBase, ihd.Statistics.MaxLatencyMs,
            gsme.Statistics.Retransmissions + ihd.Statistics.Retransmissions, deployMs);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length == 1)
        {
            yield return items;
            yield break;
        }

        for (int i = 0; i < items.Length; i++)
        {
            int[] rest = items.Where((_, j) => j != i).ToArray();
            foreach (int[] tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }

    private sealed record Outcome(long GsmeBase, long GsmeWorst, long IhdBase, long IhdWorst, long Resent, long DeployMs);

    private static class RoleConfigurationDefaults
    {
        public const long RestartMs = HanBench.Device.Roles.RoleSettings.DefaultRestartTimeMs;
    }
}
