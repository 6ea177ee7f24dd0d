using HanBench.Bench.Topology;
using HanBench.Tooling.Demo;

namespace HanBench.Host.Tests.Demo;

[TestClass]
public sealed class DemoRunnerTests
{
    [TestMethod]
    public void Run_OtherSeed_SucceedsWithEveryStepShownOnce()
    {
        var observer = new RecordingDemoObserver();
        DemoReport report = new DemoRunner(new StandardDemoBench(new StandardBench(77)), new DemoOptions { Seed = 77 }, observer).Run();
        Assert.IsTrue(report.Succeeded, string.Join(Environment.NewLine, report.Failures));
        Assert.AreEqual(report.Alerts.Count, observer.Alerts.Count, "every alert in the report was shown as it arrived");
        Assert.IsTrue(observer.ProgressEvents > 50, "progress is reported as the bytes move");
        Assert.IsNull(report.InventoryPath, "the temporary inventory is not kept");
        Assert.AreEqual(1, observer.Alerts.Count(a => a.Code == "N64"), "the hub's activation, shown once as it arrived");
        DemoComponentReport hub = report.Devices.Single(d => d.Name == "CH").Components.Single();
        Assert.AreEqual(hub.Target, hub.After, "the hub runs the version 11.1 delivered and 11.3 activated");
        Assert.AreEqual("00010000", hub.Before);
        int n64 = observer.Lines.FindIndex(l => l.Contains("ALERT N64 CH", StringComparison.Ordinal));
        int activate = observer.Lines.FindIndex(l => l.StartsWith("## 11.3", StringComparison.Ordinal));
        Assert.IsTrue(activate >= 0 && n64 > activate, observer.ToString());

        // After the distribution the inventory already knows what every device runs: CS08 on a bridge reports its
        // SiLabs image, which must be the component 11.2 compares and updates (not a separate "main" entry).
        int after = observer.Lines.FindIndex(l => l.StartsWith("## 11.2", StringComparison.Ordinal) && l.EndsWith("after", StringComparison.Ordinal));
        Assert.IsTrue(after >= 0, observer.ToString());
        List<string> reads = observer.Lines.Skip(after + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(5, reads.Count(l => l.Contains("inventory already held it", StringComparison.Ordinal)), observer.ToString());
    }

    [TestMethod]
    public void Run_UpdatesCannotFinishInTime_ReportsTheFailedStepsAndDoesNotSucceed()
    {
        var observer = new RecordingDemoObserver();
        DemoReport report = new DemoRunner(new StandardDemoBench(new StandardBench(5)), new DemoOptions { WaveTimeoutMs = 5_000 }, observer).Run();
        Assert.IsFalse(report.Succeeded);
        Assert.IsTrue(report.Failures.Any(f => f.Contains("did not finish within 5 s")), string.Join(Environment.NewLine, report.Failures));
        Assert.IsTrue(report.Failures.Any(f => f.Contains("PPMID main")), string.Join(Environment.NewLine, report.Failures));
    }
}
