using HanBench.Bench.Radio;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Radio;

/// <summary>Full-duplex hops and stream-framed hops that count the real bytes on the wire.</summary>
[TestClass]
public class StreamFramedHopTests
{
    private const ulong A = 0x00DB000000000A01UL;
    private const ulong B = 0x00DB000000000B02UL;

    [TestMethod]
    public void Send_BothEndsAtOnce_FullDuplexDirectionsDoNotWaitForEachOther()
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        RadioModel model = MediumFixture.Model(overheadBytes: 5) with { FullDuplex = true };
        MediumHop hop = bench.Medium.AddHop(a, b, HopKind.Wire, model);
        long air = model.AirtimeUs(60);

        a.Port(HopKind.Wire).Send(MediumFixture.Frame(A, B, 1, new byte[40]));
        a.Port(HopKind.Wire).Send(MediumFixture.Frame(A, B, 2, new byte[40]));
        b.Port(HopKind.Wire).Send(MediumFixture.Frame(B, A, 9, new byte[40]));
        bench.Scheduler.RunUntilIdle();

        // A→B frames queue behind each other; the B→A frame goes at once, on its own line.
        var times = bench.Deliveries.ToDictionary(d => d.Sequence, d => d.AtUs);
        Assert.AreEqual(air, times[1]);
        Assert.AreEqual(2 * air, times[2]);
        Assert.AreEqual(air, times[9]);
        Assert.AreEqual(2 * air, hop.BusyUntilFromUs(a));
        Assert.AreEqual(air, hop.BusyUntilFromUs(b));
        Assert.AreEqual(2 * air, hop.BusyUntilUs);
    }

    [TestMethod]
    public void Send_StreamFramedHop_CountsFramerBytesAndDeliversTheFrame()
    {
        foreach (bool compress in new[] { false, true })
        {
            var bench = new MediumFixture();
            MediumNode a = bench.Node(A, "A");
            MediumNode b = bench.Node(B, "B");
            RadioModel model = RadioModel.StreamUart(921_600, compress);
            MediumHop hop = bench.Medium.AddHop(a, b, HopKind.Wire, model);
            byte[] payload = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
            HanFrame frame = MediumFixture.Frame(A, B, 7, payload);
            int wire = (compress ? new StreamFramer(A, B) : new StreamFramer()).Encode(frame, new byte[StreamFramer.MaxEncodedLength], 0);

            a.Port(HopKind.Wire).Send(frame);
            bench.Scheduler.RunUntilIdle();

            Assert.AreEqual(wire, hop.Statistics.LineBytes, $"compress {compress}");
            Assert.AreEqual(frame.EncodedLength, hop.Statistics.Bytes, $"compress {compress}: frame bytes as before");
            Assert.AreEqual(model.AirtimeUs(wire), bench.Deliveries[0].AtUs, $"compress {compress}: airtime from the wire bytes");
            Assert.AreEqual(A, bench.Deliveries[0].Source, $"compress {compress}: addresses restored");
            Assert.AreEqual(B, bench.Deliveries[0].Destination);
            CollectionAssert.AreEqual(payload, bench.Deliveries[0].Payload);
        }
    }

    [TestMethod]
    public void Send_CompressedUart_SixteenBytesLessOnTheLineBothWays()
    {
        long LineBytes(bool compress)
        {
            var bench = new MediumFixture();
            MediumNode a = bench.Node(A, "A");
            MediumNode b = bench.Node(B, "B");
            MediumHop hop = bench.Medium.AddHop(a, b, HopKind.Wire, RadioModel.StreamUart(115_200, compress));
            a.Port(HopKind.Wire).Send(MediumFixture.Frame(A, B, 1, Enumerable.Repeat((byte)0x55, 50).ToArray()));
            b.Port(HopKind.Wire).Send(MediumFixture.Frame(B, A, 2, Enumerable.Repeat((byte)0x55, 50).ToArray()));
            bench.Scheduler.RunUntilIdle();
            Assert.AreEqual(2, bench.Deliveries.Count);
            return hop.Statistics.LineBytes;
        }

        Assert.AreEqual(LineBytes(false) - 32, LineBytes(true));
    }
}
