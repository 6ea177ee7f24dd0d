using HanBench.Bench.Radio;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Radio;

[TestClass]
public sealed class MediumTests
{
    private const ulong A = 0x00DB123456789001UL;
    private const ulong B = 0x00DB123456789002UL;
    private const ulong C = 0x00DB123456789003UL;
    private const ulong D = 0x00DB123456789004UL;

    [TestMethod]
    [DataRow(250_000L, 10, 192L, 1_000L, 3_112L)] // (50+10)·8 bits at 250 kbit/s = 1,920 µs exactly, +192 +1,000
    [DataRow(9_600L, 0, 0L, 0L, 41_667L)]         // 400 bits at 9,600 bit/s = 41,666.7 µs, rounded up
    [DataRow(100_000L, 16, 1_000L, 250L, 6_530L)] // (50+16)·8 = 528 bits at 100 kbit/s = 5,280 µs, +1,000 +250
    public void Send_OneFrame_ArrivesAtModelledTime(long bitRate, int overhead, long turnaroundUs, long latencyUs, long expectedUs)
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        bench.Node(B, "B");
        MediumHop hop = bench.Medium.AddHop(a, bench.Medium.FindNode(B)!, HopKind.ZigBee, MediumFixture.Model(bitRate: bitRate, overheadBytes: overhead, turnaroundUs: turnaroundUs, latencyUs: latencyUs));
        bench.Scheduler.RunUntilMs(7);

        Assert.IsTrue(a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, B, 1, new byte[30])));
        bench.Scheduler.RunUntilIdle();

        Assert.AreEqual(1, bench.Deliveries.Count);
        Assert.AreEqual(7_000 + expectedUs, bench.Deliveries[0].AtUs);
        Assert.AreEqual(expectedUs - latencyUs, hop.Statistics.BusyUs);
        Assert.AreEqual(expectedUs - latencyUs, hop.Model.AirtimeUs(50));
    }

    [TestMethod]
    public void Send_BothEndsAtOnce_HalfDuplexSerialisesInSendOrder()
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        MediumHop hop = bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model(overheadBytes: 5, turnaroundUs: 100, latencyUs: 40));
        long air = hop.Model.AirtimeUs(60);

        for (byte i = 1; i <= 3; i++)
        {
            a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, B, i, new byte[40]));
        }

        b.Port(HopKind.ZigBee).Send(MediumFixture.Frame(B, A, 9, new byte[40]));
        bench.Scheduler.RunUntilIdle();

        CollectionAssert.AreEqual(new long[] { air + 40, (2 * air) + 40, (3 * air) + 40, (4 * air) + 40 }, bench.Deliveries.Select(d => d.AtUs).ToList());
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 9 }, bench.Deliveries.Select(d => d.Sequence).ToList());
        CollectionAssert.AreEqual(new[] { "B", "B", "B", "A" }, bench.Deliveries.Select(d => d.Node).ToList());
        Assert.AreEqual(4 * air, hop.Statistics.BusyUs);
        Assert.AreEqual(3 * air, hop.Statistics.MaxQueueDelayUs);

        // Once the channel is free again a frame goes straight on air.
        bench.Scheduler.RunUntilMs(100);
        a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, B, 4, new byte[40]));
        bench.Scheduler.RunUntilIdle();
        Assert.AreEqual(100_000 + air + 40, bench.Deliveries[^1].AtUs);
    }

    [TestMethod]
    public void Send_FrameOverMaximum_DroppedCountedAndChannelUntouched()
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        MediumHop hop = bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model(maxFrameBytes: 60));

        Assert.IsTrue(a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, B, 1, new byte[40])));
        long busyAfterFirst = hop.BusyUntilUs;
        Assert.IsFalse(a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, B, 2, new byte[41])));
        bench.Scheduler.RunUntilIdle();

        Assert.AreEqual(busyAfterFirst, hop.BusyUntilUs);
        Assert.AreEqual(1, bench.Deliveries.Count);
        Assert.AreEqual((byte)1, bench.Deliveries[0].Sequence);
        Assert.AreEqual(1L, hop.Statistics.Frames);
        Assert.AreEqual(1L, hop.Statistics.Drops(DropReason.TooLarge));
        Assert.AreEqual(1L, a.Statistics.Drops(DropReason.TooLarge));
        Assert.AreEqual(2L, a.Statistics.FramesSent);
        Assert.AreEqual(60, a.Port(HopKind.ZigBee).MaxFrameLength);
    }

    [TestMethod]
    [DataRow(0.2, 0xC0FFEEUL)]
    [DataRow(0.05, 0x1234UL)]
    [DataRow(0.5, 77UL)]
    public void Send_LossyHop_LossRateWithinBinomialBound(double p, ulong seed)
    {
        const int frames = 10_000;
        var bench = new MediumFixture(seed);
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        MediumHop hop = bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model(loss: p));
        HanFrame frame = MediumFixture.Frame(A, B, 0, new byte[10]);

        for (int i = 0; i < frames; i++)
        {
            frame.Sequence = (byte)i;
            a.Port(HopKind.ZigBee).Send(frame);
        }

        bench.Scheduler.RunUntilIdle();

        long lost = hop.Statistics.Drops(DropReason.Loss);
        double mean = frames * p;
        double bound = 5 * Math.Sqrt(frames * p * (1 - p));
        Console.WriteLine($"seed {seed}: p {p}, lost {lost} of {frames} (expected {mean} ± {bound:F0})");
        Assert.IsTrue(Math.Abs(lost - mean) <= bound, $"seed {seed}: lost {lost}, expected {mean} ± {bound:F0}");
        Assert.AreEqual(frames - lost, (long)bench.Deliveries.Count, $"seed {seed}");
        Assert.AreEqual(frames, hop.Statistics.Frames, $"seed {seed}");
        Assert.AreEqual(lost, a.Statistics.Drops(DropReason.Loss), $"seed {seed}");
    }

    [TestMethod]
    [DataRow(0.0, 0)]
    [DataRow(1.0, 1000)]
    public void Send_LossProbabilityAtBounds_LosesNoneOrAll(double p, int expectedLost)
    {
        var bench = new MediumFixture(5);
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        MediumHop hop = bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model(loss: p));

        for (int i = 0; i < 1000; i++)
        {
            a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, B, (byte)i, new byte[4]));
        }

        bench.Scheduler.RunUntilIdle();

        Assert.AreEqual((long)expectedLost, hop.Statistics.Drops(DropReason.Loss));
        Assert.AreEqual(1000 - expectedLost, bench.Deliveries.Count);
    }

    [TestMethod]
    public void Run_SameSeed_IdenticalTrace_OtherSeedDiffers()
    {
        const ulong seed = 0xABCDEF0123UL;
        List<string> first = TracedRun(seed);
        List<string> second = TracedRun(seed);
        List<string> other = TracedRun(seed ^ 1);

        Assert.IsTrue(first.Count > 2_000, $"seed {seed}: {first.Count} entries");
        CollectionAssert.AreEqual(first, second, $"seed {seed}");
        CollectionAssert.AreNotEqual(first, other, $"seed {seed}");
    }

    [TestMethod]
    public void Outage_Window_DropsExactlyTheFramesOnAirDuringIt()
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");

        // 20-byte header + 30 payload + 25 overhead = 75 bytes = 600 bits at 400 kbit/s: 1,500 µs on air per frame.
        MediumHop hop = bench.Medium.AddHop(a, b, HopKind.AltHan, MediumFixture.Model(bitRate: 400_000, overheadBytes: 25));
        Assert.AreEqual(1_500L, hop.Model.AirtimeUs(50));
        hop.AddOutage(29, 59);
        for (int i = 0; i < 50; i++)
        {
            byte sequence = (byte)i;
            bench.Scheduler.ScheduleAtMs(2 * i, () => a.Port(HopKind.AltHan).Send(MediumFixture.Frame(A, B, sequence, new byte[30])));
        }

        bench.Scheduler.RunUntilIdle();

        // Frame i is on air [2,000·i, 2,000·i + 1,500) µs: it overlaps [29,000, 59,000) for i = 14 (ends 29,500) to 29 (starts 58,000).
        var expected = Enumerable.Range(0, 50).Where(i => i < 14 || i > 29).Select(i => (byte)i).ToList();
        CollectionAssert.AreEqual(expected, bench.Deliveries.Select(d => d.Sequence).ToList());
        Assert.AreEqual(16L, hop.Statistics.Drops(DropReason.Outage));
        Assert.AreEqual(0L, hop.Statistics.Drops(DropReason.Loss));
    }

    [TestMethod]
    public void Broadcast_OnZigBeePort_ReachesEveryZigBeeNeighbourOnly_EachWithItsOwnCopy()
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        MediumNode c = bench.Node(C, "C");
        MediumNode d = bench.Node(D, "D");
        bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model());
        bench.Medium.AddHop(a, c, HopKind.ZigBee, MediumFixture.Model());
        bench.Medium.AddHop(a, d, HopKind.AltHan, MediumFixture.Model());
        b.FrameReceived += (_, frame) => frame.Payload[frame.PayloadOffset] = 0xFF;

        Assert.IsTrue(a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, HanFrame.Broadcast, 3, [0x11, 0x22])));
        bench.Scheduler.RunUntilIdle();

        CollectionAssert.AreEquivalent(new[] { "B", "C" }, bench.Deliveries.Select(x => x.Node).ToList());
        MediumFixture.Received atC = bench.Deliveries.Single(x => x.Node == "C");
        CollectionAssert.AreEqual(new byte[] { 0x11, 0x22 }, atC.Payload);
        Assert.AreEqual(HanFrame.Broadcast, atC.Destination);
        Assert.AreEqual(0L, d.Statistics.FramesReceived);
        Assert.AreEqual(1L, a.Statistics.FramesSent);
        Assert.AreEqual(2L, b.Statistics.FramesReceived + c.Statistics.FramesReceived);
    }

    [TestMethod]
    public void Send_SenderReusesFrameAndBufferAtOnce_DeliveredFrameUnchanged()
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model(latencyUs: 5_000));
        byte[] buffer = [1, 2, 3, 4, 5];
        HanFrame frame = MediumFixture.Frame(A, B, 7, buffer);

        a.Port(HopKind.ZigBee).Send(frame);
        Array.Fill(buffer, (byte)0xEE);
        frame.Sequence = 8;
        frame.ClusterId = 0x0700;
        frame.SetPayload(buffer, 1, 2);
        bench.Scheduler.RunUntilIdle();

        Assert.AreEqual(1, bench.Deliveries.Count);
        Assert.AreEqual((byte)7, bench.Deliveries[0].Sequence);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5 }, bench.Deliveries[0].Payload);
    }

    [TestMethod]
    public void Send_UnicastToNodeNotHeard_DroppedAsNoRouteUnlessANeighbourRelaysIt()
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        MediumNode c = bench.Node(C, "C");
        bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model());
        bench.Medium.AddHop(b, c, HopKind.AltHan, MediumFixture.Model());

        Assert.IsFalse(a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, C, 1, [1])));
        Assert.IsFalse(a.Port(HopKind.AltHan).Send(MediumFixture.Frame(A, B, 2, [1])));
        Assert.AreEqual(2L, a.Statistics.Drops(DropReason.NoRoute));

        b.AddRelayedAddress(C);
        Assert.IsTrue(a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, C, 3, [1])));
        bench.Scheduler.RunUntilIdle();

        Assert.AreEqual(1, bench.Deliveries.Count);
        Assert.AreEqual("B", bench.Deliveries[0].Node);
        Assert.AreEqual(C, bench.Deliveries[0].Destination);
        Assert.AreEqual(0L, c.Statistics.FramesReceived);
    }

    [TestMethod]
    public void Statistics_MixedTraffic_AddUpAcrossHopsAndNodes()
    {
        var bench = new MediumFixture(99);
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        MediumNode c = bench.Node(C, "C");
        MediumHop ab = bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model(maxFrameBytes: 100, loss: 0.3));
        MediumHop ac = bench.Medium.AddHop(a, c, HopKind.ZigBee, MediumFixture.Model(maxFrameBytes: 50));
        var random = new BenchRandom(99);

        for (int i = 0; i < 2_000; i++)
        {
            ulong destination = random.Next(3) switch { 0 => B, 1 => C, _ => HanFrame.Broadcast };
            a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, destination, (byte)i, new byte[random.Next(60)]));
        }

        bench.Scheduler.RunUntilIdle();

        foreach (MediumHop hop in new[] { ab, ac })
        {
            HopStatistics s = hop.Statistics;
            Assert.AreEqual(s.Frames, s.Delivered + s.Drops(DropReason.Loss) + s.Drops(DropReason.Outage), hop.ToString());
        }

        Assert.AreEqual(0L, ac.Statistics.Drops(DropReason.Loss));
        Assert.IsTrue(ac.Statistics.Drops(DropReason.TooLarge) > 0);
        Assert.AreEqual(ab.Statistics.Delivered, b.Statistics.FramesReceived);
        Assert.AreEqual(ab.Statistics.DeliveredBytes, b.Statistics.BytesReceived);
        Assert.AreEqual(ac.Statistics.Delivered, c.Statistics.FramesReceived);
        Assert.AreEqual(2_000L, a.Statistics.FramesSent);
        Assert.AreEqual(ab.Statistics.TotalDrops + ac.Statistics.TotalDrops, a.Statistics.TotalDrops);
        Assert.AreEqual(bench.Deliveries.Count, (int)(b.Statistics.FramesReceived + c.Statistics.FramesReceived));
        Assert.AreEqual(bench.Deliveries.Where(x => x.Node == "B").Sum(x => 20L + x.Payload.Length), b.Statistics.BytesReceived);
        Console.WriteLine(bench.Medium.Report(bench.Scheduler.NowUs));
    }

    [TestMethod]
    public void AddHop_SameNodesTwiceOrToItself_Throws()
    {
        var bench = new MediumFixture();
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model());

        Assert.ThrowsExactly<ArgumentException>(() => bench.Medium.AddHop(b, a, HopKind.ZigBee, MediumFixture.Model()));
        Assert.ThrowsExactly<ArgumentException>(() => bench.Medium.AddHop(a, a, HopKind.AltHan, MediumFixture.Model()));
        Assert.ThrowsExactly<ArgumentException>(() => bench.Medium.AddNode(A, "again"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => bench.Medium.AddHop(a, b, HopKind.AltHan, MediumFixture.Model(loss: 1.5)));
    }

    private static List<string> TracedRun(ulong seed)
    {
        var bench = new MediumFixture(seed);
        MediumNode a = bench.Node(A, "A");
        MediumNode b = bench.Node(B, "B");
        MediumNode c = bench.Node(C, "C");
        bench.Medium.AddHop(a, b, HopKind.ZigBee, MediumFixture.Model(loss: 0.25, latencyUs: 300));
        bench.Medium.AddHop(b, c, HopKind.AltHan, MediumFixture.Model(loss: 0.1, bitRate: 100_000));
        var trace = new List<string>();
        bench.Medium.Traced += entry => trace.Add(entry.ToString());

        // B relays what it hears from A over to C, so the trace depends on earlier random draws.
        b.FrameReceived += (port, frame) =>
        {
            if (port.Kind == HopKind.ZigBee)
            {
                frame.Destination = C;
                b.Port(HopKind.AltHan).Send(frame);
            }
        };
        for (int i = 0; i < 1_000; i++)
        {
            byte sequence = (byte)i;
            bench.Scheduler.ScheduleAtUs(i * 700L, () => a.Port(HopKind.ZigBee).Send(MediumFixture.Frame(A, B, sequence, new byte[24])));
        }

        bench.Scheduler.RunUntilIdle();
        return trace;
    }
}
