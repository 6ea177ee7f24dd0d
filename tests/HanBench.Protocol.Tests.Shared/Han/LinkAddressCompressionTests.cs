using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Integrity;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Han
{
    [TestClass]
    public class LinkAddressCompressionTests
    {
        private const ulong RoundTripSeed = 0x11C0A9F3UL;
        private const int RandomFrames = 10000;

        // Frame A (FrameSamples) sent by its source 00-DB-12-34-56-78-90-A4 to its link peer 00-DB-12-34-56-78-90-B5:
        // kind 0x01|0x80, sequence 0x2A, cluster 19 00, the same payload; CRC-32 0xAB722336 of those 16 bytes (LE 36 23 72 AB);
        // COBS blocks [81 2A 19] [01 2A 01] [34 12 01] [01] [] [] [36 23 72 AB], then the delimiter.
        private const string CompressedWireAHex = "04 812A19 04 012A01 04 341201 02 01 01 01 05 362372AB 00";

        private const ulong EndA4 = 0x00DB1234567890A4UL;
        private const ulong EndB5 = 0x00DB1234567890B5UL;

        [TestMethod]
        public void Encode_FrameBetweenLinkEnds_WritesGoldenCompressedBytes()
        {
            StreamFramer framer = new StreamFramer(EndA4, EndB5);
            Assert.IsTrue(framer.Compresses(FrameSamples.FrameA()));
            CollectionAssert.AreEqual(FrameSamples.Bytes(CompressedWireAHex), FrameSamples.Wire(framer, FrameSamples.FrameA()));
        }

        [TestMethod]
        public void Feed_GoldenCompressedBytes_RestoresFrameAWithBothAddresses()
        {
            StreamDeframer deframer = new StreamDeframer(HanFrame.MaxEncodedLength, EndB5, EndA4);
            byte[] wire = FrameSamples.Bytes(CompressedWireAHex);
            Assert.AreEqual(wire.Length, deframer.Feed(wire, 0, wire.Length));
            Assert.IsTrue(deframer.FrameReady);
            FrameSamples.AssertSame(FrameSamples.FrameA(), deframer.Frame, "compressed wire A");
            Assert.AreEqual(0, deframer.FramesDropped);
        }

        [TestMethod]
        public void Encode_CompressedGolden_SixteenBytesShorterThanPlain()
        {
            Assert.AreEqual(FrameSamples.Bytes(FrameSamples.WireAHex).Length - 16, FrameSamples.Bytes(CompressedWireAHex).Length);
        }

        [TestMethod]
        public void Encode_FrameNotFromLocalToPeer_WritesPlainGoldenBytes()
        {
            // The reverse direction, another source, and a broadcast all go out whole.
            CollectionAssert.AreEqual(FrameSamples.Bytes(FrameSamples.WireAHex), FrameSamples.Wire(new StreamFramer(EndB5, EndA4), FrameSamples.FrameA()));
            CollectionAssert.AreEqual(FrameSamples.Bytes(FrameSamples.WireAHex), FrameSamples.Wire(new StreamFramer(EndA4, 0x1234UL), FrameSamples.FrameA()));
            CollectionAssert.AreEqual(FrameSamples.Bytes(FrameSamples.WireBHex), FrameSamples.Wire(new StreamFramer(0x0000000000000001UL, EndB5), FrameSamples.FrameB()));
            Assert.IsFalse(new StreamFramer().Compresses(FrameSamples.FrameA()));
        }

        [TestMethod]
        public void Feed_RestoringDeframer_StillTakesPlainFrames()
        {
            StreamDeframer deframer = new StreamDeframer(HanFrame.MaxEncodedLength, EndB5, EndA4);
            byte[] wire = FrameSamples.Bytes(FrameSamples.WireAHex);
            deframer.Feed(wire, 0, wire.Length);
            Assert.IsTrue(deframer.FrameReady);
            FrameSamples.AssertSame(FrameSamples.FrameA(), deframer.Frame, "plain wire A");
        }

        [TestMethod]
        public void Feed_ShortCompressedToDeframerWithoutAddresses_DroppedAsTooShort()
        {
            StreamDeframer deframer = new StreamDeframer();
            byte[] wire = FrameSamples.Bytes(CompressedWireAHex);
            deframer.Feed(wire, 0, wire.Length);
            Assert.IsFalse(deframer.FrameReady);
            Assert.AreEqual(1, deframer.FramesDropped);
            Assert.AreEqual((byte)DeframeDrop.TooShort, (byte)deframer.LastDrop);
        }

        [TestMethod]
        public void Feed_LongCompressedToDeframerWithoutAddresses_DroppedAsBadFrameUnknownKind()
        {
            HanFrame frame = FrameSamples.FrameA();
            byte[] payload = new byte[40];
            frame.SetPayload(payload, 0, payload.Length);
            byte[] wire = FrameSamples.Wire(new StreamFramer(EndA4, EndB5), frame);
            StreamDeframer deframer = new StreamDeframer();
            deframer.Feed(wire, 0, wire.Length);
            Assert.IsFalse(deframer.FrameReady);
            Assert.AreEqual((byte)DeframeDrop.BadFrame, (byte)deframer.LastDrop);
            Assert.AreEqual((byte)HanFrameStatus.UnknownKind, (byte)deframer.LastBadFrameStatus);
        }

        [TestMethod]
        public void Feed_EveryCutOfCompressedWire_NothingBeforeTheDelimiterAndOneFrameAtIt()
        {
            byte[] wire = FrameSamples.Bytes(CompressedWireAHex);
            for (int cut = 1; cut < wire.Length; cut++)
            {
                // Split in two feeds: whole frame exactly once, at the delimiter.
                StreamDeframer deframer = new StreamDeframer(HanFrame.MaxEncodedLength, EndB5, EndA4);
                Assert.AreEqual(cut, deframer.Feed(wire, 0, cut), "cut " + cut.ToString());
                Assert.IsFalse(deframer.FrameReady, "cut " + cut.ToString());
                deframer.Feed(wire, cut, wire.Length - cut);
                Assert.IsTrue(deframer.FrameReady, "cut " + cut.ToString());
                FrameSamples.AssertSame(FrameSamples.FrameA(), deframer.Frame, "cut " + cut.ToString());

                // Truncated: the prefix then a delimiter is dropped, never delivered (the last cut is the whole frame).
                if (cut == wire.Length - 1)
                {
                    continue;
                }

                StreamDeframer truncated = new StreamDeframer(HanFrame.MaxEncodedLength, EndB5, EndA4);
                byte[] shortWire = new byte[cut + 1];
                System.Array.Copy(wire, shortWire, cut);
                truncated.Feed(shortWire, 0, shortWire.Length);
                Assert.IsFalse(truncated.FrameReady, "truncated at " + cut.ToString());
                Assert.AreEqual(1, truncated.FramesDropped, "truncated at " + cut.ToString());
            }
        }

        [TestMethod]
        public void Feed_EveryBitFlipOfCompressedWire_NeverDelivers()
        {
            byte[] golden = FrameSamples.Bytes(CompressedWireAHex);
            for (int bit = 0; bit < (golden.Length - 1) * 8; bit++)
            {
                byte[] wire = new byte[golden.Length];
                System.Array.Copy(golden, wire, golden.Length);
                wire[bit / 8] ^= (byte)(1 << (bit % 8));
                StreamDeframer deframer = new StreamDeframer(HanFrame.MaxEncodedLength, EndB5, EndA4);
                int offset = 0;
                while (offset < wire.Length)
                {
                    offset += deframer.Feed(wire, offset, wire.Length - offset);
                    Assert.IsFalse(deframer.FrameReady, "bit " + bit.ToString());
                }
            }
        }

        [TestMethod]
        public void Feed_CompressedGoodCrcUnknownKind_DroppedAsBadFrame()
        {
            byte[] frame = FrameSamples.Bytes("852A1900 012A0100");
            StreamDeframer deframer = new StreamDeframer(HanFrame.MaxEncodedLength, EndB5, EndA4);
            byte[] wire = WireOf(frame);
            deframer.Feed(wire, 0, wire.Length);
            Assert.IsFalse(deframer.FrameReady);
            Assert.AreEqual((byte)DeframeDrop.BadFrame, (byte)deframer.LastDrop);
            Assert.AreEqual((byte)HanFrameStatus.UnknownKind, (byte)deframer.LastBadFrameStatus);
        }

        [TestMethod]
        public void Feed_CompressedShorterThanItsHeader_DroppedAsTooShort()
        {
            StreamDeframer deframer = new StreamDeframer(HanFrame.MaxEncodedLength, EndB5, EndA4);
            byte[] wire = WireOf(FrameSamples.Bytes("812A19"));
            deframer.Feed(wire, 0, wire.Length);
            Assert.AreEqual((byte)DeframeDrop.TooShort, (byte)deframer.LastDrop);

            // The bare compressed header is the shortest compressed frame there is.
            wire = WireOf(FrameSamples.Bytes("812A1900"));
            deframer.Feed(wire, 0, wire.Length);
            Assert.IsTrue(deframer.FrameReady);
            Assert.AreEqual(0, deframer.Frame.PayloadLength);
            Assert.AreEqual(EndA4, deframer.Frame.Source);
        }

        [TestMethod]
        public void Feed_CompressedRestoringPastTheLimit_DroppedAsOversize()
        {
            // 60 bytes compressed restores to 76: over a 70-byte limit, though the wire form alone would fit.
            const int limit = 70;
            HanFrame frame = FrameSamples.FrameA();
            byte[] payload = new byte[56];
            frame.SetPayload(payload, 0, payload.Length);
            byte[] wire = FrameSamples.Wire(new StreamFramer(EndA4, EndB5), frame);
            StreamDeframer deframer = new StreamDeframer(limit, EndB5, EndA4);
            deframer.Feed(wire, 0, wire.Length);
            Assert.IsFalse(deframer.FrameReady);
            Assert.AreEqual((byte)DeframeDrop.Oversize, (byte)deframer.LastDrop);

            frame.SetPayload(payload, 0, limit - HanFrame.HeaderLength);
            wire = FrameSamples.Wire(new StreamFramer(EndA4, EndB5), frame);
            deframer.Feed(wire, 0, wire.Length);
            Assert.IsTrue(deframer.FrameReady);
        }

        [TestMethod]
        public void Encode_FullOtaBlockCompressed_OverheadAtMost28Bytes()
        {
            // A 255-byte Image Block Response: ZCL header 3 + fixed fields 14 + data 255 as the HAN payload.
            HanFrame frame = FrameSamples.FrameA();
            byte[] payload = new byte[3 + 14 + 255];
            for (int i = 0; i < payload.Length; i++)
            {
                payload[i] = (byte)((i % 255) + 1);
            }

            frame.SetPayload(payload, 0, payload.Length);
            int compressed = FrameSamples.Wire(new StreamFramer(EndA4, EndB5), frame).Length;
            int plain = FrameSamples.Wire(new StreamFramer(), frame).Length;
            Assert.AreEqual(255 + 28, compressed, "no zeros in the data: worst-case COBS");
            Assert.AreEqual(255 + 44, plain);
        }

        [TestMethod]
        public void FramerThenDeframer_RandomFramesBothWays_RoundTripAndSaveSixteenBytes()
        {
            TestRandom random = new TestRandom(RoundTripSeed);
            string seed = " (seed 0x" + RoundTripSeed.ToString("X") + ")";
            ulong a = random.NextUInt64() & 0x00FFFFFFFFFFFFFFUL;
            ulong b = a ^ 0x5A5A;
            StreamFramer framerA = new StreamFramer(a, b);
            StreamDeframer deframerB = new StreamDeframer(HanFrame.MaxEncodedLength, b, a);
            StreamFramer plain = new StreamFramer();
            byte[] buffer = new byte[StreamFramer.MaxEncodedLength];
            byte[] plainBuffer = new byte[StreamFramer.MaxEncodedLength];
            int compressedCount = 0;
            for (int i = 0; i < RandomFrames; i++)
            {
                HanFrame frame = FrameSamples.Random(random, 300);
                if (random.Next(2) == 0)
                {
                    frame.Source = a;
                    frame.Destination = b;
                }

                string context = "frame " + i.ToString() + seed;
                int length = framerA.Encode(frame, buffer, 0);
                int plainLength = plain.Encode(frame, plainBuffer, 0);
                if (framerA.Compresses(frame))
                {
                    compressedCount++;
                    int saved = plainLength - length;
                    Assert.IsTrue(saved >= 15 && saved <= 17, context + ": saved " + saved.ToString());
                }
                else
                {
                    Assert.AreEqual(plainLength, length, context);
                }

                int offset = 0;
                bool delivered = false;
                while (offset < length)
                {
                    offset += deframerB.Feed(buffer, offset, length - offset);
                    if (deframerB.FrameReady)
                    {
                        FrameSamples.AssertSame(frame, deframerB.Frame, context);
                        delivered = true;
                    }
                }

                Assert.IsTrue(delivered, context);
            }

            Assert.IsTrue(compressedCount > RandomFrames / 3, "compressed " + compressedCount.ToString() + seed);
            Assert.AreEqual(0, deframerB.FramesDropped, seed);
        }

        [TestMethod]
        public void Construct_SameOrBroadcastEnds_Throw()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => new StreamFramer(EndA4, EndA4));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new StreamFramer(EndA4, HanFrame.Broadcast));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new StreamDeframer(HanFrame.MaxEncodedLength, EndB5, EndB5));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new StreamDeframer(HanFrame.MaxEncodedLength, HanFrame.Broadcast, EndB5));
        }

        private static byte[] WireOf(byte[] frame)
        {
            byte[] raw = new byte[frame.Length + StreamFramer.CrcLength];
            System.Array.Copy(frame, raw, frame.Length);
            new ByteWriter(raw, frame.Length, StreamFramer.CrcLength).WriteUInt32LittleEndian(Crc32.Compute(frame, 0, frame.Length));
            byte[] wire = new byte[Cobs.MaxEncodedLength(raw.Length) + 1];
            int length = Cobs.Encode(raw, 0, raw.Length, wire, 0);
            byte[] result = new byte[length + 1];
            System.Array.Copy(wire, result, length);
            return result;
        }
    }
}
