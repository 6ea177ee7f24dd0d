using HanBench.Bench.Ota;
using HanBench.Bench.Radio;
using HanBench.Bench.Time;
using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;

namespace HanBench.Bench.Tests.Radio;

/// <summary>The ZigBee Smart Energy radio model (issue 14), against figures worked out by hand from the standards.</summary>
[TestClass]
public sealed class ZigBeeStackTests
{
    private const ulong Hub = 0x00DB000000000001UL;
    private const ulong Ppmid = 0x00DB000000000010UL;

    // Fixed part of one acknowledged 127-byte frame: CCA 128 + turnaround 192 + (127 + 6) × 32 = 4,256 on air.
    private const long FrameOnAirUs = 4_256;
    private const long AfterFrameUs = 192 + 352 + 640;

    [TestMethod]
    public void SecuredPsdu_OtaBlockOf49_FillsOneFrameExactly()
    {
        // 9 MAC + 8 NWK + 16 EUI-64s + 14 NWK aux + 8 APS + 3 ZCL + 14 fields + 49 data + 4 MIC + 2 FCS = 127.
        Assert.AreEqual(127, ZigBeeDataFrame.SecuredPsduLength(ZigBeeBest.BlockResponseFrame(49)));
        Assert.AreEqual(128, ZigBeeDataFrame.SecuredPsduLength(ZigBeeBest.BlockResponseFrame(50)));
        Assert.AreEqual(86, RadioModel.ZigBee.MaxFrameBytes);
        Assert.AreEqual((byte)49, OtaTransferLimits.MaxDataSizeFor(RadioModel.ZigBee.MaxFrameBytes));
        Assert.AreEqual(1, ZigBeeStack.SmartEnergy.Fragments(ZigBeeBest.BlockResponseFrame(49), out _, out _));
        Assert.AreEqual(2, ZigBeeStack.SmartEnergy.Fragments(ZigBeeBest.BlockResponseFrame(50), out _, out _));
    }

    [TestMethod]
    public void IsApsSecured_SmartEnergyAssignment_TunnelAndMeterYesOtaNo()
    {
        Assert.IsFalse(ZigBeeDataFrame.IsApsSecured(ZigBeeBest.BlockResponseFrame(1)));
        var gbcs = new HanFrame { Kind = HanFrameKind.Gbcs, Source = Hub, Destination = Ppmid };
        gbcs.SetPayload(new byte[60], 0, 60);
        Assert.IsTrue(ZigBeeDataFrame.IsApsSecured(gbcs));

        // A tunnelled 60-byte APDU: 9 + 24 + 14 NWK aux + 8 APS + 5 APS aux + 5 tunnel + 60 + 4 + 4 MICs + 2 FCS = 135: two fragments.
        Assert.AreEqual(135, ZigBeeDataFrame.SecuredPsduLength(gbcs));
        Assert.AreEqual(2, ZigBeeStack.SmartEnergy.Fragments(gbcs, out int first, out int last));
        Assert.AreEqual(127, first);
        // 70 bytes around the 65-byte APS payload; a fragment adds 2, so the first carries 55 and the last 70 + 2 + 10.
        Assert.AreEqual(82, last);
        Assert.AreEqual(0, (ZigBeeStack.SmartEnergy with { Fragmentation = false }).Fragments(gbcs, out _, out _));
    }

    [TestMethod]
    public void Airtime_MaxFrameAndAck_FromTheSymbolRate()
    {
        Assert.AreEqual(FrameOnAirUs, Ieee802154.AirtimeUs(127));
        Assert.AreEqual(352, Ieee802154.AirtimeUs(ZigBeeDataFrame.MacAckLength));
    }

    [TestMethod]
    public void Carry_OneFrameNoApsAck_BackoffDrawnFromTheSeedPlusFixedTimes()
    {
        const ulong seed = 0x5EED0001UL;
        var stack = ZigBeeStack.SmartEnergy with { ApsAcks = false };
        var random = new BenchRandom(seed);
        var replay = new BenchRandom(seed);

        ZigBeeCarry carry = stack.Carry(ZigBeeBest.BlockResponseFrame(49), false, false, 0, random);

        long backoff = replay.Next(8) * 320;
        Console.WriteLine($"seed 0x{seed:X}: backoff {backoff} µs");
        Assert.AreEqual(backoff + 128 + 192 + FrameOnAirUs, carry.DeliveredUs);
        Assert.AreEqual(backoff + 128 + 192 + FrameOnAirUs + AfterFrameUs, carry.BusyUs);
        Assert.AreEqual(2, carry.FramesOnAir, "the frame and its MAC ACK");
        Assert.AreEqual(133 + 11, carry.BytesOnAir);
    }

    [TestMethod]
    public void Carry_ManyFrames_MeanBackoffIsThreeAndAHalfUnitPeriods()
    {
        const ulong seed = 0x5EED0002UL;
        var stack = ZigBeeStack.SmartEnergy with { ApsAcks = false };
        var random = new BenchRandom(seed);
        HanFrame frame = ZigBeeBest.BlockResponseFrame(49);
        const int n = 20_000;
        long total = 0;
        for (int i = 0; i < n; i++)
        {
            total += stack.Carry(frame, false, false, 0, random).BusyUs - (128 + 192 + FrameOnAirUs + AfterFrameUs);
        }

        double mean = total / (double)n;
        Console.WriteLine($"seed 0x{seed:X}: mean backoff {mean:F1} µs over {n}");
        Assert.AreEqual(1_120, mean, 1_120 * 0.02, "(2³ − 1) / 2 × 320 µs");
        Assert.AreEqual(0, total % 320, "every backoff is whole unit periods");
    }

    [TestMethod]
    public void Carry_EveryFrameLost_FourMacAttemptsThenThreeApsRetries()
    {
        const ulong seed = 0x5EED0003UL;
        var random = new BenchRandom(seed);
        ZigBeeCarry noAps = (ZigBeeStack.SmartEnergy with { ApsAcks = false }).Carry(ZigBeeBest.BlockResponseFrame(49), false, false, 1, random);
        Assert.IsFalse(noAps.Delivered);
        Assert.AreEqual(4, noAps.FramesOnAir, "the first attempt and macMaxFrameRetries 3");
        long fixedPart = 4 * (128 + 192 + FrameOnAirUs + Ieee802154.AckWaitUs);
        Assert.IsTrue(noAps.BusyUs >= fixedPart && noAps.BusyUs <= fixedPart + (4 * 7 * 320), $"busy {noAps.BusyUs}");

        ZigBeeCarry aps = ZigBeeStack.SmartEnergy.Carry(ZigBeeBest.BlockResponseFrame(49), false, false, 1, random);
        Assert.IsFalse(aps.Delivered);
        Assert.AreEqual(16, aps.FramesOnAir, "four APS attempts of four MAC attempts");
        Assert.AreEqual(3, aps.ApsRetries);
        Assert.IsTrue(aps.BusyUs >= (4 * fixedPart) + (3 * ZigBeeStack.DefaultApsAckWaitUs), $"busy {aps.BusyUs}");
    }

    [TestMethod]
    public void MeanUnicast_TwoNwkHopsWithApsAck_TwiceOneHop()
    {
        HanFrame frame = ZigBeeBest.BlockResponseFrame(49);
        long oneHop = ZigBeeStack.SmartEnergy.MeanUnicastUs(frame);

        // Data: 1,120 + 128 + 192 + 4,256 + 192 + 352 + 640 = 6,880; APS ACK (61 bytes): 1,120 + 128 + 192 + 2,144 + 1,184 = 4,768.
        Assert.AreEqual(6_880 + 4_768, oneHop);
        Assert.AreEqual(2 * oneHop, (ZigBeeStack.SmartEnergy with { NwkHops = 2 }).MeanUnicastUs(frame));
    }

    [TestMethod]
    public void Medium_SleepyChild_FramesToItWaitForItsPollFramesFromItGoAtOnce()
    {
        var scheduler = new VirtualScheduler();
        var medium = new Medium(scheduler, 7);
        MediumNode parent = medium.AddNode(Hub, "parent");
        MediumNode child = medium.AddNode(Ppmid, "child");
        medium.AddHop(parent, child, HopKind.ZigBee, RadioModel.ForStack(ZigBeeStack.SmartEnergy with { PollIntervalMs = 1_000 }));
        var arrivals = new List<(ulong To, long AtUs)>();
        medium.Traced += e =>
        {
            if (e.Kind == MediumTraceKind.Delivered)
            {
                arrivals.Add((e.To, e.AtUs));
            }
        };

        scheduler.ScheduleAtUs(250_000, () => parent.Port(HopKind.ZigBee).Send(Frame(Hub, Ppmid)));
        scheduler.ScheduleAtUs(300_000, () => child.Port(HopKind.ZigBee).Send(Frame(Ppmid, Hub)));
        scheduler.RunUntilIdle();

        Assert.AreEqual(2, arrivals.Count);
        (ulong to, long at) = arrivals[0];
        Assert.AreEqual(Hub, to, "the child's frame first: it is awake when it sends");
        Assert.IsTrue(at > 300_000 && at < 320_000, $"at {at}");
        (to, at) = arrivals[1];
        Assert.AreEqual(Ppmid, to);
        Assert.IsTrue(at > 1_000_000 && at < 1_030_000, $"after the poll at 1 s, not before: {at}");
    }

    [TestMethod]
    public void Medium_LongGbcsApdu_CrossesInFragmentsOrIsTooLargeWithoutFragmentation()
    {
        foreach (bool fragmentation in new[] { true, false })
        {
            var scheduler = new VirtualScheduler();
            var medium = new Medium(scheduler, 11);
            MediumNode hub = medium.AddNode(Hub, "hub");
            MediumNode ppmid = medium.AddNode(Ppmid, "ppmid");
            MediumHop hop = medium.AddHop(hub, ppmid, HopKind.ZigBee, RadioModel.ForStack(ZigBeeStack.SmartEnergy with { Fragmentation = fragmentation }));
            int received = 0;
            ppmid.FrameReceived += (_, f) => received += f.PayloadLength == 300 ? 1 : 0;
            var gbcs = new HanFrame { Kind = HanFrameKind.Gbcs, Source = Hub, Destination = Ppmid };
            gbcs.SetPayload(new byte[300], 0, 300);

            bool accepted = hub.Port(HopKind.ZigBee).Send(gbcs);
            scheduler.RunUntilIdle();

            if (fragmentation)
            {
                // 70 bytes around a 305-byte APS payload, 55 a fragment: 6 fragments, each with its MAC ACK, and one APS ACK.
                Assert.IsTrue(accepted);
                Assert.AreEqual(1, received);
                Assert.AreEqual(6, ZigBeeStack.SmartEnergy.Fragments(gbcs, out _, out _));
                long expected = (5 * (127 + 6)) + (70 + 2 + 305 - (5 * 55) + 6) + (7 * (5 + 6)) + (ZigBeeDataFrame.SecuredApsAckPsduLength + 6);
                Assert.AreEqual(expected, hop.Statistics.LineBytes);
            }
            else
            {
                Assert.IsFalse(accepted);
                Assert.AreEqual(0, received);
                Assert.AreEqual(1, hop.Statistics.Drops(DropReason.TooLarge));
            }
        }
    }

    private static HanFrame Frame(ulong source, ulong destination)
    {
        var frame = new HanFrame { Kind = HanFrameKind.Zcl, Source = source, Destination = destination, ClusterId = 0x0019 };
        frame.SetPayload(new byte[20], 0, 20);
        return frame;
    }
}
