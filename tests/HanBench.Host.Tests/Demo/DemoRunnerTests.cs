using HanBench.Bench.Topology;
using HanBench.Host.Demo;

namespace HanBench.Host.Tests.Demo;

[TestClass]
public sealed class DemoRunnerTests
{
    [TestMethod]
    public void Run_StandardBenchInVirtualTime_EveryDeviceUpdatedAndAlertsOncePerStep()
    {
        var observer = new RecordingDemoObserver();
        var bench = new StandardDemoBench(new StandardBench(2025));
        DemoReport report = new DemoRunner(bench, new DemoOptions(), observer).Run();
        Console.WriteLine(observer);
        Console.WriteLine($"virtual {report.VirtualMs} ms, wall {report.WallMs} ms");
        Console.WriteLine(string.Join(Environment.NewLine, report.Failures));
        Assert.IsTrue(report.Succeeded);
    }
}
