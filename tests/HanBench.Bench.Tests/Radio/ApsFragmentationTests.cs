using HanBench.Bench.Radio;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Radio;

/// <summary>
/// A GBCS frame longer than a radio hop's frame limit crosses it as APS fragments (SE Tunneling; ApsFragmentation), each
/// costing its own airtime; any other frame that long cannot cross.
/// </summary>
[TestClass]
public sealed class ApsFragmentationTests
{
    private const ulong A = 0x00DB000000000001UL;
    private const ulong B = 0x00DB000000000002UL;

    [TestMethod]
    public void Send_GbcsFrameOverTheHopLimit_DeliveredWholeAfterTheAirtimeOfItsFragments()
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        RadioModel model = MediumFixture.Model(maxFrameBytes: 60);
        MediumHop hop = bench.Medium.AddHop(a, b, HopKind.ZigBee, model);
        HanFrame frame = MediumFixture.Frame(A, B, 1, Enumerable.Range(0, 100).Select(i => (byte)i).ToArray());
        frame.Kind = HanFrameKind.Gbcs;
        long start = bench.Scheduler.NowUs;

        Assert.IsTrue(a.Port(HopKind.ZigBee).Send(frame));
        bench.Scheduler.RunUntilIdle();

        // 100 payload octets in fragments of 60 - 20 (header) - 2 (APS extended header) = 38: 38 + 38 + 24.
        long expected = (2 * model.AirtimeUs(60)) + model.AirtimeUs(HanFrame.HeaderLength + ApsFragmentation.ExtendedHeaderLength + 24);
        Assert.AreEqual(1, bench.Deliveries.Count);
        CollectionAssert.AreEqual(frame.Payload, bench.Deliveries[0].Payload, "reassembled whole");
        Assert.AreEqual(start + expected, bench.Deliveries[0].AtUs);
        Assert.AreEqual(expected, hop.Statistics.BusyUs);
        Assert.AreEqual(0L, hop.Statistics.Drops(DropReason.TooLarge));
    }

    [TestMethod]
    public void Send_ZclFrameOverTheHopLimit_DroppedAsTooLarge()
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        MediumHop hop = bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model(maxFrameBytes: 60));

        Assert.IsFalse(a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, B, 1, new byte[100])));
        bench.Scheduler.RunUntilIdle();

        Assert.AreEqual(0, bench.Deliveries.Count);
        Assert.AreEqual(1L, hop.Statistics.Drops(DropReason.TooLarge));
    }

    [TestMethod]
    public void Fragments_FitsOrNot_OneManyOrNone()
    {
        RadioModel zigbee = RadioModel.ZigBee;
        var gbcs = new HanFrame { Kind = HanFrameKind.Gbcs };
        var zcl = new HanFrame { Kind = HanFrameKind.Zcl };
        Assert.AreEqual(1, ApsFragmentation.Fragments(gbcs, 102, zigbee));
        Assert.AreEqual(2, ApsFragmentation.Fragments(gbcs, 152, zigbee), "a signed 0x8F8B: 132 octets in fragments of 80");
        Assert.AreEqual(0, ApsFragmentation.Fragments(zcl, 103, zigbee));
    }
}
