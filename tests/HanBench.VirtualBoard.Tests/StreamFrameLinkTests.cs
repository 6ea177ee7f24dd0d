using HanBench.Device.Links;
using HanBench.Protocol.Han;

namespace HanBench.VirtualBoard.Tests;

[TestClass]
public sealed class StreamFrameLinkTests
{
    private static HanFrame MakeFrame(byte sequence, int payloadLength, byte fill = 0x5A)
    {
        var frame = new HanFrame
        {
            Kind = HanFrameKind.Zcl,
            Sequence = sequence,
            Source = 0x00DB123456789001UL,
            Destination = 0x00DB123456789002UL,
            ClusterId = 0x0019,
        };
        byte[] payload = new byte[payloadLength];
        for (int i = 0; i < payload.Length; i++)
        {
            // Zeros among the payload exercise COBS.
            payload[i] = (byte)(i % 7 == 0 ? 0x00 : fill + i);
        }

        frame.SetPayload(payload, 0, payload.Length);
        return frame;
    }

    private static byte[] Expected(HanFrame frame)
    {
        byte[] wire = new byte[StreamFramer.MaxEncodedLength];
        int length = new StreamFramer().Encode(frame, wire, 0);
        return wire.AsSpan(0, length).ToArray();
    }

    [TestMethod]
    public void Send_Frame_WritesExactlyTheStreamFramerEncodingInOneWrite()
    {
        var sink = new CaptureSink();
        var link = new StreamFrameLink(sink);
        HanFrame frame = MakeFrame(7, 40);

        Assert.IsTrue(link.Send(frame));

        CollectionAssert.AreEqual(Expected(frame), sink.ToArray());
        Assert.AreEqual(1, sink.Writes);
        Assert.AreEqual(1, link.FramesSent);
        Assert.AreEqual(sink.Length, (int)link.BytesSent);
    }

    [TestMethod]
    public void SendThenReceive_ManyFrames_DeliversEveryFieldInOrderOnThisLink()
    {
        var sink = new CaptureSink();
        var sender = new StreamFrameLink(sink);
        var receiver = new StreamFrameLink(new CaptureSink());
        var sent = new List<HanFrame>();
        for (int i = 0; i < 50; i++)
        {
            HanFrame frame = MakeFrame((byte)i, i * 20 % (HanFrame.MaxPayloadLength + 1), (byte)i);
            frame.Kind = (HanFrameKind)(1 + (i % 3));
            sent.Add(frame);
            Assert.IsTrue(sender.Send(frame));
        }

        var role = new RecordingRole();
        int delivered = receiver.Receive(sink.Buffer, 0, sink.Length, role);

        Assert.AreEqual(50, delivered);
        Assert.AreEqual(50, receiver.FramesReceived);
        Assert.AreEqual(0, receiver.FramesDropped);
        for (int i = 0; i < sent.Count; i++)
        {
            (var link, HanFrame got, byte[] payload) = role.Frames[i];
            Assert.AreSame(receiver, link);
            Assert.AreEqual(sent[i].Kind, got.Kind);
            Assert.AreEqual(sent[i].Sequence, got.Sequence);
            Assert.AreEqual(sent[i].Source, got.Source);
            Assert.AreEqual(sent[i].Destination, got.Destination);
            Assert.AreEqual(sent[i].ClusterId, got.ClusterId);
            CollectionAssert.AreEqual(sent[i].Payload.AsSpan(0, sent[i].PayloadLength).ToArray(), payload);
        }
    }

    [TestMethod]
    public void Receive_StreamCutAtEveryByte_DeliversTheSameFrames()
    {
        var sink = new CaptureSink();
        var sender = new StreamFrameLink(sink);
        for (int i = 0; i < 3; i++)
        {
            sender.Send(MakeFrame((byte)i, 30 + i));
        }

        byte[] wire = sink.ToArray();
        for (int cut = 0; cut <= wire.Length; cut++)
        {
            var receiver = new StreamFrameLink(new CaptureSink());
            var role = new RecordingRole();
            receiver.Receive(wire, 0, cut, role);
            receiver.Receive(wire, cut, wire.Length - cut, role);
            Assert.AreEqual(3, role.Frames.Count, $"cut at {cut}");
            Assert.AreEqual((byte)2, role.Frames[2].Frame.Sequence, $"cut at {cut}");
        }
    }

    [TestMethod]
    public void Send_FrameLongerThanMaxFrameLength_RefusedCountedAndNothingWritten()
    {
        var sink = new CaptureSink();
        var link = new StreamFrameLink(sink, HanFrame.HeaderLength + 64);

        Assert.IsFalse(link.Send(MakeFrame(1, 65)));
        Assert.IsTrue(link.Send(MakeFrame(2, 64)));

        Assert.AreEqual(1, link.FramesRefused);
        Assert.AreEqual(1, link.FramesSent);
        Assert.AreEqual(1, sink.Writes);
    }

    [TestMethod]
    public void Send_GbcsFrameOverTheRadioLimit_CarriedUpToTheGbcsLimitAndReceived()
    {
        // A signed GBCS alert (SE Tunneling, APS-fragmented on a real HAN) is not bounded by the radio's frame limit.
        var sink = new CaptureSink();
        var link = new StreamFrameLink(sink, HanFrame.HeaderLength + 64, HanFrame.HeaderLength + 200);
        HanFrame gbcs = MakeFrame(1, 150);
        gbcs.Kind = HanFrameKind.Gbcs;

        Assert.IsFalse(link.Send(MakeFrame(2, 150)), "a ZCL frame keeps the radio's limit");
        Assert.IsTrue(link.Send(gbcs));
        gbcs.SetPayload(new byte[201], 0, 201);
        Assert.IsFalse(link.Send(gbcs), "and a GBCS frame the GBCS limit");

        var receiver = new StreamFrameLink(new CaptureSink(), HanFrame.HeaderLength + 64, HanFrame.HeaderLength + 200);
        var role = new RecordingRole();
        receiver.Receive(sink.Buffer, 0, sink.Length, role);
        Assert.AreEqual(1, role.Frames.Count);
        Assert.AreEqual(150, role.Frames[0].Frame.PayloadLength);
        Assert.AreEqual(2, link.FramesRefused);
    }

    [TestMethod]
    public void Send_SinkRefuses_ReturnsFalseAndCountsRefusal()
    {
        var sink = new CaptureSink { Refuse = true };
        var link = new StreamFrameLink(sink);

        Assert.IsFalse(link.Send(MakeFrame(1, 10)));

        Assert.AreEqual(1, link.SinkRefusals);
        Assert.AreEqual(0, link.FramesSent);
        Assert.AreEqual(0L, link.BytesSent);
    }

    [TestMethod]
    public void Receive_OversizeFrame_DroppedAsOversizeAndNextFrameDelivered()
    {
        var wide = new CaptureSink();
        new StreamFrameLink(wide).Send(MakeFrame(1, 200));
        new StreamFrameLink(wide).Send(MakeFrame(2, 10));
        var receiver = new StreamFrameLink(new CaptureSink(), HanFrame.HeaderLength + 100);
        var role = new RecordingRole();

        receiver.Receive(wide.Buffer, 0, wide.Length, role);

        Assert.AreEqual(1, role.Frames.Count);
        Assert.AreEqual((byte)2, role.Frames[0].Frame.Sequence);
        Assert.AreEqual(1, receiver.OversizeCount);
        Assert.AreEqual(1, receiver.FramesDropped);
        Assert.AreEqual(DeframeDrop.Oversize, receiver.LastDrop);
    }

    [TestMethod]
    public void Receive_SeededGarbageBetweenFrames_DropsAreCountedAndEveryFrameStillArrives()
    {
        const ulong Seed = 0x5EED_B0A2D;
        var random = new Random(unchecked((int)Seed));
        var sink = new CaptureSink();
        var sender = new StreamFrameLink(sink);
        var stream = new List<byte>();
        int garbageRuns = 0;
        for (int i = 0; i < 200; i++)
        {
            if (i % 4 == 1)
            {
                // A burst of line noise ending in a delimiter: whatever it decodes to, it is not a good frame.
                byte[] noise = new byte[1 + random.Next(40)];
                random.NextBytes(noise);
                for (int j = 0; j < noise.Length; j++)
                {
                    noise[j] = noise[j] == 0 ? (byte)0x01 : noise[j];
                }

                stream.AddRange(noise);
                stream.Add(0x00);
                garbageRuns++;
            }

            sink.Clear();
            sender.Send(MakeFrame((byte)i, random.Next(100)));
            stream.AddRange(sink.ToArray());
        }

        var receiver = new StreamFrameLink(new CaptureSink());
        var role = new RecordingRole();
        byte[] bytes = [.. stream];
        for (int offset = 0; offset < bytes.Length;)
        {
            int chunk = Math.Min(1 + random.Next(64), bytes.Length - offset);
            receiver.Receive(bytes, offset, chunk, role);
            offset += chunk;
        }

        Assert.AreEqual(200, role.Frames.Count, $"seed {Seed:X}");
        Assert.AreEqual(garbageRuns, receiver.FramesDropped, $"seed {Seed:X}");
        Assert.AreEqual(
            receiver.FramesDropped,
            receiver.BadCrcCount + receiver.OversizeCount + receiver.CobsErrorCount + receiver.TooShortCount + receiver.BadFrameCount,
            $"seed {Seed:X}");
        Assert.IsTrue(receiver.BytesDropped >= garbageRuns * 2, $"seed {Seed:X}");
    }

    [TestMethod]
    public void Restart_HalfFrameHeld_ForgottenUncountedAndNextSendLeadsWithDelimiter()
    {
        var sink = new CaptureSink();
        var link = new StreamFrameLink(sink);
        byte[] wire = Expected(MakeFrame(9, 30));
        var role = new RecordingRole();
        link.Receive(wire, 0, wire.Length / 2, role);

        link.Restart();
        link.Receive(wire, 0, wire.Length, role);
        link.Send(MakeFrame(1, 5));
        link.Send(MakeFrame(2, 5));

        Assert.AreEqual(1, role.Frames.Count);
        Assert.AreEqual(0, link.FramesDropped);
        byte[] sent = sink.ToArray();
        Assert.AreEqual((byte)0x00, sent[0]);
        CollectionAssert.AreEqual(Expected(MakeFrame(1, 5)).Concat(Expected(MakeFrame(2, 5))).ToArray(), sent.AsSpan(1).ToArray());
    }

    [TestMethod]
    public void SendAndReceive_AfterWarmUp_AllocateNothingPerFrame()
    {
        var sink = new CaptureSink(1 << 22);
        var sender = new StreamFrameLink(sink);
        var receiver = new StreamFrameLink(new CaptureSink());
        var role = new CountingRole();
        HanFrame frame = MakeFrame(3, 255);

        // The first rounds pay for JIT tiering; a per-frame allocation would show as at least 1000 × 24 bytes.
        long allocated = 0;
        for (int round = 0; round < 3; round++)
        {
            sink.Clear();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                frame.Sequence = (byte)i;
                sender.Send(frame);
            }

            receiver.Receive(sink.Buffer, 0, sink.Length, role);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.AreEqual(3000, role.FrameCount);
        Assert.AreEqual(0L, allocated);
    }

    [TestMethod]
    public void Constructor_MaxFrameLengthOutsideHeaderToMax_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new StreamFrameLink(new CaptureSink(), HanFrame.HeaderLength - 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new StreamFrameLink(new CaptureSink(), HanFrame.MaxEncodedLength + 1));
        Assert.ThrowsExactly<ArgumentNullException>(() => new StreamFrameLink(null!));
    }
}
