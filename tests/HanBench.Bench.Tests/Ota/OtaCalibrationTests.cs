using HanBench.Bench.Ota;

namespace HanBench.Bench.Tests.Ota;

/// <summary>
/// Issue 14: the ZigBee model set up like published OTA transfers lands within ±20 % of what was measured there, and the
/// goals hold against it. Virtual time: the figures are the model's, the same on every run.
/// </summary>
[TestClass]
public sealed class OtaCalibrationTests
{
    private static readonly Lazy<OtaBenchReport> Report = new(() => OtaBenchmark.Run(16_384));

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Calibration_SleepyEndDevice40ByteBlocksOneRequestPerPoll_WithinTwentyPercentOfBParasiteLog()
    {
        // b-parasite PR 192 (nRF Connect SDK zigbee_fota): 40-byte blocks 0.864 s apart, ≈ 46 B/s.
        AssertWithin(Case("time between blocks"));
    }

    [TestMethod]
    public void Calibration_HerdsmanDefaultServer_WithinTwentyPercentOf200BytesPerSecond()
    {
        // zigbee-herdsman-converters lib/ota: 50-byte blocks, 250 ms before each response: 200 B/s.
        AssertWithin(Case("goodput"));
    }

    [TestMethod]
    public void Calibration_EspZigbeeRouterAsking255_BlockInOneSecuredFrameWithinTwentyPercentOf50()
    {
        // esp-zigbee-sdk issue 833: an ESP32-H2 router asking 255 B gets ~50 B, one unfragmented secured frame; ~591 KB
        // took ~11,800 blocks.
        AssertWithin(Case("block in one secured frame"));
        AssertWithin(Case("blocks"));
    }

    [TestMethod]
    public void Goals_PageRequests_AtLeast85PercentOfEachHopsBestAndTwentyTimesHerdsman()
    {
        foreach (OtaLinkResult pages in Report.Value.Links.Where(l => l.Link.StartsWith("802.15.4", StringComparison.Ordinal) && l.Mode == "pages"))
        {
            TestContext.WriteLine($"{pages.Link}: {pages.GoodputBytesPerSecond:F0} B/s, {pages.Efficiency:P2} of {pages.LimitBytesPerSecond:F0} B/s");
            Assert.IsTrue(pages.Efficiency >= 0.85, $"{pages.Link}: {pages.Efficiency:P2}");
        }

        Assert.AreEqual(2, Report.Value.Links.Count(l => l.Link.StartsWith("802.15.4", StringComparison.Ordinal) && l.Mode == "pages"), "one hop and via a router");
        Assert.IsTrue(Report.Value.ZigBeePageSpeedUp >= 20, $"speed-up {Report.Value.ZigBeePageSpeedUp:F1}");
    }

    private static OtaCalibration Case(string quantity) => Report.Value.Calibrations.Single(c => c.Quantity == quantity);

    private void AssertWithin(OtaCalibration c)
    {
        TestContext.WriteLine($"{c.Case}: {c.Quantity} model {c.Model:F3} {c.Unit}, published {c.Published:F3} ({c.Deviation:+0.0%;-0.0%}) — {c.Source}");
        Assert.IsTrue(Math.Abs(c.Deviation) <= OtaCalibrations.Tolerance, $"{c.Case}: {c.Model:F3} vs {c.Published:F3} {c.Unit}");
    }
}
