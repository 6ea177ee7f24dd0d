using HanBench.Bench.Topology;
using HanBench.Host.Demo;

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
