using HanBench.Bench.Ota;

namespace HanBench.Bench.Tests.Ota;

[TestClass]
public class OtaBenchmarkTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Run_SmallImage_EveryLinkCompletesAndFiguresAreConsistent()
    {
        OtaBenchReport report = OtaBenchmark.Run(65536);
        foreach (OtaLinkResult r in report.Links)
        {
            TestContext.WriteLine($"{r.Link} {r.Mode}: {r.SimulatedSeconds:F3} s, {r.GoodputBytesPerSecond:F0} B/s, eff {r.Efficiency:P2} ceiling {r.CeilingEfficiency:P2}, frames {r.FramesToClient}/{r.FramesToServer}, rt {r.RoundTrips}, line {r.LineBytes}");
            Assert.IsTrue(r.Completed, r.Link + " " + r.Mode);
            Assert.AreEqual(r.ImageBytes / r.SimulatedSeconds, r.GoodputBytesPerSecond, 1e-6 * r.GoodputBytesPerSecond);
            Assert.AreEqual(r.GoodputBytesPerSecond / r.LimitBytesPerSecond, r.Efficiency, 1e-9);
            Assert.IsTrue(r.Efficiency <= r.CeilingEfficiency + 1e-9, $"{r.Link} {r.Mode}: efficiency above its ceiling");
        }

        // Virtual time: these are deterministic figures of the protocol and framing, not of the machine.
        OtaLinkResult acfc = report.Links.Single(l => l.Mode == "pages+acfc");
        Assert.IsTrue(acfc.Efficiency >= 0.90, $"UART with address compression: {acfc.Efficiency:P2} of line rate");
        OtaLinkResult pages = report.Links.Single(l => l.Link == "802.15.4" && l.Mode == "pages");
        Assert.IsTrue(pages.Efficiency >= 0.85, $"802.15.4 pages: {pages.Efficiency:P2} of the model's best");
        Assert.IsTrue(report.ZigBeePageSpeedUp >= 20, $"speed-up {report.ZigBeePageSpeedUp:F1}");

        TestContext.WriteLine($"speed-up {report.ZigBeePageSpeedUp:F1}, alloc {report.AllocatedBytesPerServedBlock}/{report.AllocatedBytesPerReceivedBlock}, peak {report.PeakImageStoreBytes}");
    }
}
