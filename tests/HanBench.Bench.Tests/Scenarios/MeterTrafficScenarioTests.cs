using HanBench.Bench.Topology;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Device.Roles.Traffic;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>Meter traffic behind the bridges: acknowledged end to end, delayed by a bridge restart, never lost.</summary>
[TestClass]
public sealed class MeterTrafficScenarioTests
{
    [TestMethod]
    public void Traffic_BridgeRestartsOnThePath_DelayedButNothingLost()
    {
        const ulong seed = 0x7A4F1C0DUL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        bench.RunFor(60_000);
        var gsme = bench.Gsme.As<MeterTrafficRole>();
        long baseline = gsme.Statistics.MaxLatencyMs;
        gsme.Statistics.ResetLatency();

        // B1 carries the GSME's traffic; B2 is behind it and carries it too.
        bench.Host.Reboot(StandardBench.B1Eui);
        bench.RunFor(45_000);
        bench.Host.Reboot(StandardBench.B2Eui);
        bench.RunFor(60_000);

        gsme.Reporting = false;
        Assert.IsTrue(bench.RunUntil(() => gsme.Pending == 0, 60_000), $"seed {seed}: {gsme.Pending} reports still pending");
        var hub = bench.Hub.As<CommsHubRole>();
        Console.WriteLine($"seed {seed}: GSME reports {gsme.Statistics.Reports}, retransmissions {gsme.Statistics.Retransmissions}, baseline max {baseline} ms, max during restarts {gsme.Statistics.MaxLatencyMs} ms");
        Assert.AreEqual(1, bench.B1.As<AltHanBridgeRole>().Restarts, $"seed {seed}");
        Assert.AreEqual(1, bench.B2.As<AltHanBridgeRole>().Restarts, $"seed {seed}");
        Assert.AreEqual(0, gsme.Statistics.Lost, $"seed {seed}");
        Assert.AreEqual(gsme.Statistics.Reports, gsme.Statistics.Acknowledged, $"seed {seed}");
        Assert.IsTrue(gsme.Statistics.Retransmissions > 0, $"seed {seed}: a 30 s outage must cost retransmissions");
        Assert.IsTrue(gsme.Statistics.MaxLatencyMs >= 20_000, $"seed {seed}: max latency {gsme.Statistics.MaxLatencyMs} ms");
        Assert.IsTrue(baseline < 200, $"seed {seed}: baseline {baseline} ms");

        // The hub saw each report once, however often it was resent; the IHD (other pair) was never disturbed.
        var ihd = bench.Ihd.As<MeterTrafficRole>();
        Assert.AreEqual(gsme.Statistics.Reports + ihd.Statistics.Reports - ihd.Pending, hub.MeterReports, $"seed {seed}");
        Assert.AreEqual(0, ihd.Statistics.Retransmissions, $"seed {seed}");
    }

    [TestMethod]
    public void Traffic_FivePercentLossOnEveryHop_NothingLost()
    {
        const ulong seed = 0x10551055UL;
        var bench = new StandardBench(seed, new StandardBenchOptions
        {
            ZigBee = HanBench.Bench.Radio.RadioModel.ZigBee with { LossProbability = 0.05 },
            AltHan = HanBench.Bench.Radio.RadioModel.AltHan with { LossProbability = 0.05 },
        });
        bench.JoinAll();
        bench.RunFor(600_000);
        var gsme = bench.Gsme.As<MeterTrafficRole>();
        var ihd = bench.Ihd.As<MeterTrafficRole>();
        gsme.Reporting = false;
        ihd.Reporting = false;
        Assert.IsTrue(bench.RunUntil(() => gsme.Pending == 0 && ihd.Pending == 0, 120_000), $"seed {seed}");
        Console.WriteLine($"seed {seed}: GSME {gsme.Statistics.Reports} reports, {gsme.Statistics.Retransmissions} resent; IHD {ihd.Statistics.Reports}, {ihd.Statistics.Retransmissions} resent; hub duplicates {bench.Hub.As<CommsHubRole>().MeterDuplicates}");
        Assert.AreEqual(0, gsme.Statistics.Lost + ihd.Statistics.Lost, $"seed {seed}");
        Assert.AreEqual(gsme.Statistics.Reports + ihd.Statistics.Reports, bench.Hub.As<CommsHubRole>().MeterReports, $"seed {seed}");
        Assert.IsTrue(gsme.Statistics.Retransmissions > 0, $"seed {seed}");
    }
}
