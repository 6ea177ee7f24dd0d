using System.Collections;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Integrity;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Han
{
    [TestClass]
    public class StreamDeframerTests
    {
        private const ulong StreamsSeed = 0xDEF4A3E5UL;
        private const ulong RoundTripSeed = 0x40D7121FUL;
        private const int RandomStreams = 10000;

        [TestMethod]
        public void Feed_GoldenWireA_DeliversFrameA()
        {
            StreamDeframer deframer = new StreamDeframer();
            byte[] wire = FrameSamples.Bytes(FrameSamples.WireAHex);
            Assert.AreEqual(wire.Length, deframer.Feed(wire, 0, wire.Length));
            Assert.IsTrue(deframer.FrameReady);
            FrameSamples.AssertSame(FrameSamples.FrameA(), deframer.Frame, "wire A");
            Assert.AreEqual(1, deframer.FramesReceived);
            Assert.AreEqual(0, deframer.FramesDropped);
            Assert.AreEqual(0, deframer.PendingLength);
            Assert.AreEqual((byte)DeframeDrop.None, (byte)deframer.LastDrop);

            // The next feed takes the frame back (its payload lives in the deframer's buffer).
            Assert.AreEqual(0, deframer.Feed(wire, 0, 0));
            Assert.IsFalse(deframer.FrameReady);
        }

        [TestMethod]
        public void Feed_GoldenWireB_DeliversFrameB()
        {
            StreamDeframer deframer = new StreamDeframer();
            byte[] wire = FrameSamples.Bytes(FrameSamples.WireBHex);
            Assert.AreEqual(wire.Length, deframer.Feed(wire, 0, wire.Length));
            Assert.IsTrue(deframer.FrameReady);
            FrameSamples.AssertSame(FrameSamples.FrameB(), deframer.Frame, "wire B");
        }

        [TestMethod]
        public void Feed_EveryCutOfEveryFrame_DeliversExactlyOnceAtTheDelimiter()
        {
            TestRandom random = new TestRandom(0x0C075UL);
            StreamFramer framer = new StreamFramer();
            HanFrame[] frames = new HanFrame[] { FrameSamples.FrameA(), FrameSamples.FrameB(), LongRunFrame(), FrameSamples.Random(random, 700) };
            StreamDeframer deframer = new StreamDeframer();
            for (int f = 0; f < frames.Length; f++)
            {
                byte[] wire = FrameSamples.Wire(framer, frames[f]);
                for (int cut = 0; cut <= wire.Length; cut++)
                {
                    string context = "frame " + f.ToString() + " cut " + cut.ToString();
                    int received = deframer.FramesReceived;
                    Assert.AreEqual(cut, deframer.Feed(wire, 0, cut), context);
                    Assert.AreEqual(cut == wire.Length, deframer.FrameReady, context);
                    Assert.AreEqual(cut == wire.Length ? 0 : cut, deframer.PendingLength, context);
                    if (cut < wire.Length)
                    {
                        Assert.AreEqual(wire.Length - cut, deframer.Feed(wire, cut, wire.Length - cut), context);
                        Assert.IsTrue(deframer.FrameReady, context);
                    }

                    FrameSamples.AssertSame(frames[f], deframer.Frame, context);
                    Assert.AreEqual(received + 1, deframer.FramesReceived, context);
                }

                // And one byte at a time.
                for (int i = 0; i < wire.Length; i++)
                {
                    Assert.AreEqual(1, deframer.Feed(wire, i, 1));
                    Assert.AreEqual(i == wire.Length - 1, deframer.FrameReady, "frame " + f.ToString() + " byte " + i.ToString());
                }

                FrameSamples.AssertSame(frames[f], deframer.Frame, "frame " + f.ToString() + " bytewise");
            }

            Assert.AreEqual(0, deframer.FramesDropped);
        }

        [TestMethod]
        public void Feed_SeveralFramesInOneChunk_StopsAfterEachFrame()
        {
            byte[] a = FrameSamples.Bytes(FrameSamples.WireAHex);
            byte[] b = FrameSamples.Bytes(FrameSamples.WireBHex);
            byte[] chunk = Concat(Concat(a, b), a);
            StreamDeframer deframer = new StreamDeframer();

            Assert.AreEqual(a.Length, deframer.Feed(chunk, 0, chunk.Length));
            Assert.IsTrue(deframer.FrameReady);
            FrameSamples.AssertSame(FrameSamples.FrameA(), deframer.Frame, "first");
            HanFrame first = deframer.Frame;

            Assert.AreEqual(b.Length, deframer.Feed(chunk, a.Length, chunk.Length - a.Length));
            FrameSamples.AssertSame(FrameSamples.FrameB(), deframer.Frame, "second");
            Assert.AreSame(first, deframer.Frame);

            Assert.AreEqual(a.Length, deframer.Feed(chunk, a.Length + b.Length, a.Length));
            FrameSamples.AssertSame(FrameSamples.FrameA(), deframer.Frame, "third");
            Assert.AreEqual(3, deframer.FramesReceived);
        }

        [TestMethod]
        public void Feed_GarbageBeforeAndBetweenFrames_DropsItAndResyncs()
        {
            // "01 02 03" decodes to 00 03 (too short for a frame); "FF FF" promises 254 bytes (COBS error).
            byte[] stream = Concat(Concat(Concat(FrameSamples.Bytes("01 02 03 00"), FrameSamples.Bytes(FrameSamples.WireAHex)), FrameSamples.Bytes("FF FF 00")), FrameSamples.Bytes(FrameSamples.WireBHex));
            StreamDeframer deframer = new StreamDeframer();
            ArrayList frames = FeedAll(deframer, stream, 7);
            Assert.AreEqual(2, frames.Count);
            FrameSamples.AssertSame(FrameSamples.FrameA(), (HanFrame)frames[0]!, "A");
            FrameSamples.AssertSame(FrameSamples.FrameB(), (HanFrame)frames[1]!, "B");
            Assert.AreEqual(1, deframer.TooShortCount);
            Assert.AreEqual(1, deframer.CobsErrorCount);
            Assert.AreEqual(2, deframer.FramesDropped);
            Assert.AreEqual(7L, deframer.BytesDropped);
            Assert.AreEqual((byte)DeframeDrop.CobsError, (byte)deframer.LastDrop);
        }

        [TestMethod]
        public void Feed_GarbageWithoutDelimiter_CostsOnlyTheFrameItSticksTo()
        {
            byte[] a = FrameSamples.Bytes(FrameSamples.WireAHex);
            byte[] stream = Concat(Concat(FrameSamples.Bytes("12 34 56"), a), FrameSamples.Bytes(FrameSamples.WireBHex));
            StreamDeframer deframer = new StreamDeframer();
            ArrayList frames = FeedAll(deframer, stream, 1000);
            Assert.AreEqual(1, frames.Count);
            FrameSamples.AssertSame(FrameSamples.FrameB(), (HanFrame)frames[0]!, "B");
            Assert.AreEqual(1, deframer.FramesDropped);
            Assert.AreEqual((long)(3 + a.Length), deframer.BytesDropped);
        }

        [TestMethod]
        public void Feed_LeadingAndRepeatedDelimiters_IgnoredSilently()
        {
            byte[] stream = Concat(Concat(Concat(FrameSamples.Bytes("00 00 00"), FrameSamples.Bytes(FrameSamples.WireAHex)), FrameSamples.Bytes("00 00")), FrameSamples.Bytes(FrameSamples.WireBHex));
            StreamDeframer deframer = new StreamDeframer();
            ArrayList frames = FeedAll(deframer, stream, 3);
            Assert.AreEqual(2, frames.Count);
            Assert.AreEqual(0, deframer.FramesDropped);
            Assert.AreEqual(0L, deframer.BytesDropped);
            Assert.AreEqual((byte)DeframeDrop.None, (byte)deframer.LastDrop);
        }

        [TestMethod]
        public void Feed_EveryBitFlipInAFrame_NeverDeliversItAndResyncs()
        {
            byte[] a = FrameSamples.Bytes(FrameSamples.WireAHex);
            byte[] b = FrameSamples.Bytes(FrameSamples.WireBHex);
            bool[] isCode = CodePositions(a);
            StreamDeframer deframer = new StreamDeframer();
            for (int position = 0; position < a.Length; position++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    string context = "byte " + position.ToString() + " bit " + bit.ToString();
                    byte[] stream = Concat(Concat(a, b), a);
                    stream[position] ^= (byte)(1 << bit);
                    deframer.Reset();
                    deframer.ClearCounters();
                    ArrayList frames = FeedAll(deframer, stream, stream.Length);
                    Assert.AreEqual(0, deframer.PendingLength, context);
                    if (position == a.Length - 1)
                    {
                        // The delimiter itself: the corrupt frame swallows the next one; the one after is fine.
                        Assert.AreEqual(1, frames.Count, context);
                        Assert.AreEqual(1, deframer.FramesDropped, context);
                        FrameSamples.AssertSame(FrameSamples.FrameA(), (HanFrame)frames[0]!, context);
                        continue;
                    }

                    Assert.AreEqual(2, frames.Count, context);
                    FrameSamples.AssertSame(FrameSamples.FrameB(), (HanFrame)frames[0]!, context);
                    FrameSamples.AssertSame(FrameSamples.FrameA(), (HanFrame)frames[1]!, context);
                    Assert.IsTrue(deframer.FramesDropped >= 1, context);
                    if (!isCode[position] && stream[position] != 0)
                    {
                        // One data bit wrong after decoding: CRC-32 catches every single-bit error.
                        Assert.AreEqual(1, deframer.FramesDropped, context);
                        Assert.AreEqual(1, deframer.BadCrcCount, context);
                        Assert.AreEqual((byte)DeframeDrop.BadCrc, (byte)deframer.LastDrop, context);
                    }
                }
            }
        }

        [TestMethod]
        public void Feed_FrameLongerThanLimit_DroppedAsOversizeThenResyncs()
        {
            StreamFramer framer = new StreamFramer();
            HanFrame big = FrameSamples.FrameA();
            big.SetPayload(new byte[100], 0, 100);
            byte[] bigWire = FrameSamples.Wire(framer, big);
            byte[] a = FrameSamples.Bytes(FrameSamples.WireAHex);
            StreamDeframer deframer = new StreamDeframer(64);
            Assert.AreEqual(64, deframer.MaxFrameLength);
            ArrayList frames = FeedAll(deframer, Concat(bigWire, a), 5);
            Assert.AreEqual(1, frames.Count);
            FrameSamples.AssertSame(FrameSamples.FrameA(), (HanFrame)frames[0]!, "A");
            Assert.AreEqual(1, deframer.OversizeCount);
            Assert.AreEqual(1, deframer.FramesDropped);
            Assert.AreEqual((long)bigWire.Length, deframer.BytesDropped);
            Assert.AreEqual((byte)DeframeDrop.Oversize, (byte)deframer.LastDrop);

            // A frame exactly at the limit still passes.
            big.SetPayload(new byte[64 - HanFrame.HeaderLength], 0, 64 - HanFrame.HeaderLength);
            frames = FeedAll(deframer, FrameSamples.Wire(framer, big), 1000);
            Assert.AreEqual(1, frames.Count);
        }

        [TestMethod]
        public void Feed_EndlessGarbage_BufferBoundedThenOversize()
        {
            StreamDeframer deframer = new StreamDeframer();
            byte[] garbage = new byte[5000];
            for (int i = 0; i < garbage.Length; i++)
            {
                garbage[i] = (byte)(1 + (i % 255));
            }

            for (int i = 0; i < 10; i++)
            {
                Assert.AreEqual(garbage.Length, deframer.Feed(garbage, 0, garbage.Length));
            }

            Assert.AreEqual(50000, deframer.PendingLength);
            Assert.AreEqual(0, deframer.FramesDropped);
            byte[] a = FrameSamples.Bytes(FrameSamples.WireAHex);
            ArrayList frames = FeedAll(deframer, Concat(new byte[] { 0x00 }, a), 1000);
            Assert.AreEqual(1, frames.Count);
            Assert.AreEqual(1, deframer.OversizeCount);
            Assert.AreEqual(50001L, deframer.BytesDropped);
        }

        [TestMethod]
        public void Feed_ZerosExpandingPastLimit_DroppedAsOversize()
        {
            // 0x01 codes each stand for one zero: a buffer's worth of them decodes to more than the largest frame.
            StreamDeframer deframer = new StreamDeframer();
            int buffered = Cobs.MaxEncodedLength(HanFrame.MaxEncodedLength + StreamFramer.CrcLength);
            byte[] ones = new byte[buffered + 2];
            for (int i = 0; i < buffered + 1; i++)
            {
                ones[i] = 0x01;
            }

            // Exactly the buffer: decodes to buffered - 1 zeros, more than 1048.
            ones[buffered] = 0x00;
            Assert.AreEqual(buffered + 1, deframer.Feed(ones, 0, buffered + 1));
            Assert.AreEqual(1, deframer.OversizeCount);

            // One more than the buffer holds: dropped without being stored.
            ones[buffered] = 0x01;
            Assert.AreEqual(buffered + 2, deframer.Feed(ones, 0, buffered + 2));
            Assert.AreEqual(2, deframer.OversizeCount);
            Assert.AreEqual((long)(2 * buffered + 3), deframer.BytesDropped);
        }

        [TestMethod]
        public void Feed_ShortFrameWithGoodCrc_DroppedAsTooShort()
        {
            byte[] header = FrameSamples.Bytes(FrameSamples.FrameAHex);
            StreamDeframer deframer = new StreamDeframer();
            FeedAll(deframer, WireOf(header, HanFrame.HeaderLength - 1), 1000);
            Assert.AreEqual(1, deframer.TooShortCount);
            Assert.AreEqual((byte)DeframeDrop.TooShort, (byte)deframer.LastDrop);

            // "01 00": an empty message. Still a drop, unlike an empty frame ("00").
            FeedAll(deframer, FrameSamples.Bytes("01 00 00"), 1000);
            Assert.AreEqual(2, deframer.TooShortCount);

            // The bare header is the shortest frame there is.
            Assert.AreEqual(1, FeedAll(deframer, WireOf(header, HanFrame.HeaderLength), 1000).Count);
        }

        [TestMethod]
        public void Feed_GoodCrcUnknownKind_DroppedAsBadFrameWithStatus()
        {
            byte[] frame = FrameSamples.Bytes(FrameSamples.FrameAHex);
            frame[0] = 0x07;
            StreamDeframer deframer = new StreamDeframer();
            Assert.AreEqual(0, FeedAll(deframer, WireOf(frame, frame.Length), 1000).Count);
            Assert.AreEqual(1, deframer.BadFrameCount);
            Assert.AreEqual((byte)DeframeDrop.BadFrame, (byte)deframer.LastDrop);
            Assert.AreEqual((byte)HanFrameStatus.UnknownKind, (byte)deframer.LastBadFrameStatus);
        }

        [TestMethod]
        public void Feed_TruncatedCobsBlock_DroppedAsCobsError()
        {
            StreamDeframer deframer = new StreamDeframer();
            byte[] a = FrameSamples.Bytes(FrameSamples.WireAHex);

            // Wire A cut two bytes before its end and delimited: its last block promises more than arrives.
            byte[] cut = new byte[a.Length - 2];
            System.Array.Copy(a, cut, cut.Length - 1);
            Assert.AreEqual(0, FeedAll(deframer, cut, 1000).Count);
            Assert.AreEqual(1, deframer.CobsErrorCount);
            Assert.AreEqual((byte)DeframeDrop.CobsError, (byte)deframer.LastDrop);
        }

        [TestMethod]
        public void Reset_DiscardsPartialFrameWithoutCountingIt()
        {
            byte[] a = FrameSamples.Bytes(FrameSamples.WireAHex);
            byte[] b = FrameSamples.Bytes(FrameSamples.WireBHex);
            StreamDeframer deframer = new StreamDeframer();
            deframer.Feed(a, 0, 10);
            deframer.Reset();
            Assert.AreEqual(0, deframer.PendingLength);
            Assert.AreEqual(1, FeedAll(deframer, b, 1000).Count);
            Assert.AreEqual(0, deframer.FramesDropped);

            // Without the reset the half frame sticks to the next one and both are lost.
            deframer.Feed(a, 0, 10);
            Assert.AreEqual(0, FeedAll(deframer, b, 1000).Count);
            Assert.AreEqual(1, deframer.FramesDropped);

            deframer.ClearCounters();
            Assert.AreEqual(0, deframer.FramesDropped);
            Assert.AreEqual(0, deframer.FramesReceived);
            Assert.AreEqual(0L, deframer.BytesDropped);
            Assert.AreEqual((byte)DeframeDrop.None, (byte)deframer.LastDrop);
        }

        [TestMethod]
        public void Feed_RandomStreams_NeverThrowAndCountersAddUp()
        {
            OutputHelper.WriteLine("StreamDeframer random streams: seed 0x" + StreamsSeed.ToString("X") + ", " + RandomStreams.ToString() + " streams");
            TestRandom random = new TestRandom(StreamsSeed);
            StreamFramer framer = new StreamFramer();
            StreamDeframer roomy = new StreamDeframer();
            StreamDeframer tight = new StreamDeframer(64);
            byte[] stream = new byte[8 * 1200];
            byte[] encoded = new byte[StreamFramer.MaxEncodedLength];
            HanFrame[] expected = new HanFrame[8];
            int delivered = 0;
            int dropped = 0;
            for (int round = 0; round < RandomStreams; round++)
            {
                string context = "seed 0x" + StreamsSeed.ToString("X") + " stream " + round.ToString();
                StreamDeframer deframer = random.Next(4) == 0 ? tight : roomy;
                deframer.Reset();
                deframer.ClearCounters();

                // Build a stream of segments: good frames, corrupted frames, garbage, lone delimiters.
                int length = 0;
                int expectedCount = 0;
                int segments = 1 + random.Next(8);
                for (int s = 0; s < segments; s++)
                {
                    int kind = random.Next(5);
                    if (kind <= 1)
                    {
                        HanFrame frame = FrameSamples.Random(random, random.Next(8) == 0 ? 1000 : 60);
                        int wireLength = framer.Encode(frame, encoded, 0);
                        System.Array.Copy(encoded, 0, stream, length, wireLength);
                        bool joined = length == 0 || stream[length - 1] == 0x00;
                        bool intact = true;
                        if (kind == 1)
                        {
                            // Corrupt one to three bytes anywhere, delimiter included (two hits can cancel out).
                            int flips = 1 + random.Next(3);
                            for (int i = 0; i < flips; i++)
                            {
                                stream[length + random.Next(wireLength)] ^= (byte)(1 + random.Next(255));
                            }

                            for (int i = 0; i < wireLength; i++)
                            {
                                intact &= stream[length + i] == encoded[i];
                            }
                        }

                        if (intact && joined && frame.EncodedLength <= deframer.MaxFrameLength)
                        {
                            // Delivered for sure: its own delimiter ends it whatever follows.
                            expected[expectedCount++] = frame;
                        }

                        length += wireLength;
                    }
                    else if (kind <= 3)
                    {
                        int garbage = random.Next(kind == 2 ? 40 : 1200);
                        random.NextBytes(stream, length, garbage);
                        if (random.Next(2) == 0)
                        {
                            for (int i = 0; i < garbage; i++)
                            {
                                stream[length + i] = stream[length + i] == 0 ? (byte)0x01 : stream[length + i];
                            }
                        }

                        length += garbage;
                    }
                    else
                    {
                        stream[length++] = 0x00;
                    }
                }

                // Every 0x00 ends a frame (good, dropped or empty); the bytes after the last one are pending.
                int zeros = 0;
                int empty = 0;
                int lastZero = -1;
                for (int i = 0; i < length; i++)
                {
                    if (stream[i] == 0x00)
                    {
                        zeros++;
                        empty += i == lastZero + 1 ? 1 : 0;
                        lastZero = i;
                    }
                }

                // Feed in random chunks; collect what comes out and the wire bytes of each frame.
                int offset = 0;
                int got = 0;
                long goodBytes = 0;
                while (offset < length)
                {
                    int chunk = 1 + random.Next(random.Next(2) == 0 ? 16 : 600);
                    if (chunk > length - offset)
                    {
                        chunk = length - offset;
                    }

                    int chunkEnd = offset + chunk;
                    while (offset < chunkEnd)
                    {
                        int consumed = deframer.Feed(stream, offset, chunkEnd - offset);
                        Assert.IsTrue(consumed > 0 && consumed <= chunkEnd - offset, context + ": consumed " + consumed.ToString());
                        offset += consumed;
                        if (deframer.FrameReady)
                        {
                            Assert.AreEqual(0x00, (int)stream[offset - 1], context + ": frame not at a delimiter");
                            goodBytes += offset - (PreviousZero(stream, offset - 1) + 1);
                            Assert.IsTrue(got < expectedCount, context + ": more frames than sent intact");
                            FrameSamples.AssertSame(expected[got], deframer.Frame, context + " frame " + got.ToString());
                            got++;
                        }
                    }
                }

                Assert.AreEqual(expectedCount, got, context + ": intact frames");
                Assert.AreEqual(got, deframer.FramesReceived, context);
                Assert.AreEqual(zeros, deframer.FramesReceived + deframer.FramesDropped + empty, context + ": delimiters");
                Assert.AreEqual(length - (lastZero + 1), deframer.PendingLength, context + ": pending");
                Assert.AreEqual((long)length, goodBytes + deframer.BytesDropped + empty + deframer.PendingLength, context + ": bytes");
                Assert.AreEqual(deframer.FramesDropped, deframer.BadCrcCount + deframer.OversizeCount + deframer.CobsErrorCount + deframer.TooShortCount + deframer.BadFrameCount, context);
                Assert.IsTrue(deframer.FramesDropped == 0 || deframer.LastDrop != DeframeDrop.None, context);
                delivered += got;
                dropped += deframer.FramesDropped;
            }

            OutputHelper.WriteLine("delivered " + delivered.ToString() + ", dropped " + dropped.ToString());
            Assert.IsTrue(delivered > RandomStreams / 2);
            Assert.IsTrue(dropped > RandomStreams / 2);
        }

        [TestMethod]
        public void FramerThenDeframer_RandomFramesRandomChunks_RoundTrip()
        {
            TestRandom random = new TestRandom(RoundTripSeed);
            StreamFramer framer = new StreamFramer();
            const int Count = 400;
            HanFrame[] frames = new HanFrame[Count];
            byte[] stream = new byte[Count * StreamFramer.MaxEncodedLength];
            int length = 0;
            for (int i = 0; i < Count; i++)
            {
                frames[i] = FrameSamples.Random(random, HanFrame.MaxPayloadLength);
                length += framer.Encode(frames[i], stream, length);
            }

            StreamDeframer deframer = new StreamDeframer();
            int offset = 0;
            int got = 0;
            while (offset < length)
            {
                int chunkEnd = offset + 1 + random.Next(3000);
                chunkEnd = chunkEnd > length ? length : chunkEnd;
                while (offset < chunkEnd)
                {
                    offset += deframer.Feed(stream, offset, chunkEnd - offset);
                    if (deframer.FrameReady)
                    {
                        FrameSamples.AssertSame(frames[got], deframer.Frame, "seed 0x" + RoundTripSeed.ToString("X") + " frame " + got.ToString());
                        got++;
                    }
                }
            }

            Assert.AreEqual(Count, got);
            Assert.AreEqual(0, deframer.FramesDropped);
            Assert.AreEqual(0, deframer.PendingLength);
        }

        [TestMethod]
        public void Construct_And_Feed_ProgrammerErrors_Throw()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new StreamDeframer(HanFrame.HeaderLength - 1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new StreamDeframer(HanFrame.MaxEncodedLength + 1));
            StreamDeframer deframer = new StreamDeframer(HanFrame.HeaderLength);
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => deframer.Feed(null!, 0, 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => deframer.Feed(new byte[4], 3, 2));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => deframer.Feed(new byte[4], -1, 1));
        }

        // Feeds data in chunks of at most maxChunk bytes and returns copies of every frame delivered.
        private static ArrayList FeedAll(StreamDeframer deframer, byte[] data, int maxChunk)
        {
            ArrayList frames = new ArrayList();
            int offset = 0;
            while (offset < data.Length)
            {
                int chunkEnd = offset + maxChunk > data.Length ? data.Length : offset + maxChunk;
                while (offset < chunkEnd)
                {
                    offset += deframer.Feed(data, offset, chunkEnd - offset);
                    if (deframer.FrameReady)
                    {
                        frames.Add(Copy(deframer.Frame));
                    }
                }
            }

            return frames;
        }

        private static HanFrame Copy(HanFrame frame)
        {
            HanFrame copy = new HanFrame();
            copy.CopyFrom(frame);
            byte[] payload = new byte[frame.PayloadLength];
            System.Array.Copy(frame.Payload, frame.PayloadOffset, payload, 0, payload.Length);
            copy.SetPayload(payload, 0, payload.Length);
            return copy;
        }

        // The stream bytes of count bytes of frame, CRC-32 added, as the framer would send them (for frames it would refuse).
        private static byte[] WireOf(byte[] frame, int count)
        {
            byte[] raw = new byte[count + StreamFramer.CrcLength];
            System.Array.Copy(frame, raw, count);
            new ByteWriter(raw, count, StreamFramer.CrcLength).WriteUInt32LittleEndian(Crc32.Compute(frame, 0, count));
            byte[] wire = new byte[Cobs.MaxEncodedLength(raw.Length) + 1];
            int length = Cobs.Encode(raw, 0, raw.Length, wire, 0);
            byte[] result = new byte[length + 1];
            System.Array.Copy(wire, result, length);
            return result;
        }

        // Which bytes of a COBS encoding (delimiter included at the end) are block codes.
        private static bool[] CodePositions(byte[] wire)
        {
            bool[] isCode = new bool[wire.Length];
            int position = 0;
            while (position < wire.Length - 1)
            {
                isCode[position] = true;
                position += wire[position];
            }

            return isCode;
        }

        private static int PreviousZero(byte[] stream, int before)
        {
            for (int i = before - 1; i >= 0; i--)
            {
                if (stream[i] == 0x00)
                {
                    return i;
                }
            }

            return -1;
        }

        // A frame whose payload has runs of 253, 254 and 255 non-zero bytes.
        private static HanFrame LongRunFrame()
        {
            byte[] payload = new byte[253 + 1 + 254 + 1 + 255];
            for (int i = 0; i < payload.Length; i++)
            {
                payload[i] = (byte)(0x80 | (i & 0x7F));
            }

            payload[253] = 0x00;
            payload[253 + 1 + 254] = 0x00;
            HanFrame frame = FrameSamples.FrameA();
            frame.SetPayload(payload, 0, payload.Length);
            return frame;
        }

        private static byte[] Concat(byte[] a, byte[] b)
        {
            byte[] result = new byte[a.Length + b.Length];
            System.Array.Copy(a, 0, result, 0, a.Length);
            System.Array.Copy(b, 0, result, a.Length, b.Length);
            return result;
        }
    }
}
