using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Integrity;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Han
{
    [TestClass]
    public class StreamFramerTests
    {
        private const ulong RandomSeed = 0xF4A3E5EEDUL;

        [TestMethod]
        public void Encode_FrameA_WritesGoldenWireBytes()
        {
            StreamFramer framer = new StreamFramer();
            byte[] buffer = new byte[StreamFramer.MaxEncodedLength + 3];
            int length = framer.Encode(FrameSamples.FrameA(), buffer, 3);
            Assert.AreEqual(38, length);
            Assert.AreEqual(Hex.Encode(FrameSamples.Bytes(FrameSamples.WireAHex)), Hex.Encode(buffer, 3, length));
        }

        [TestMethod]
        public void Encode_FrameB_WritesGoldenWireBytes()
        {
            StreamFramer framer = new StreamFramer();
            byte[] wire = FrameSamples.Wire(framer, FrameSamples.FrameB());
            Assert.AreEqual(Hex.Encode(FrameSamples.Bytes(FrameSamples.WireBHex)), Hex.Encode(wire));
        }

        [TestMethod]
        public void Encode_GoldenCrc_IsCrc32OfFrameBytesLittleEndian()
        {
            // The CRC inside the golden wire bytes, checked against the CRC module rather than trusted.
            byte[] frameA = FrameSamples.Bytes(FrameSamples.FrameAHex);
            Assert.AreEqual(0x71DC3DEFu, Crc32.Compute(frameA, 0, frameA.Length));
            byte[] frameB = FrameSamples.Bytes(FrameSamples.FrameBHex);
            Assert.AreEqual(0x33BAC052u, Crc32.Compute(frameB, 0, frameB.Length));
        }

        [TestMethod]
        public void Encode_LargestFrame_FitsMaxEncodedLengthExactly()
        {
            // A zero-free largest frame costs the most: 1048 bytes with CRC, 5 code bytes, 1 delimiter.
            HanFrame frame = new HanFrame();
            frame.Kind = HanFrameKind.Gbcs;
            frame.Sequence = 0x11;
            frame.Source = 0x1111111111111111UL;
            frame.Destination = 0x2222222222222222UL;
            frame.ClusterId = 0x3333;
            byte[] payload = new byte[HanFrame.MaxPayloadLength];
            for (int i = 0; i < payload.Length; i++)
            {
                payload[i] = 0x44;
            }

            frame.SetPayload(payload, 0, payload.Length);
            Assert.AreEqual(1054, StreamFramer.MaxEncodedLength);
            byte[] wire = FrameSamples.Wire(new StreamFramer(), frame);
            int crcZeroBytes = 0;
            uint crc = Crc32.Compute(FrameBytes(frame), 0, HanFrame.MaxEncodedLength);
            for (int shift = 0; shift < 32; shift += 8)
            {
                crcZeroBytes += ((crc >> shift) & 0xFF) == 0 ? 1 : 0;
            }

            // Only a zero byte in the CRC could shorten it (it replaces a code byte); this CRC has none.
            Assert.AreEqual(0, crcZeroBytes);
            Assert.AreEqual(StreamFramer.MaxEncodedLength, wire.Length);
        }

        [TestMethod]
        public void Encode_RandomFrames_OneDelimiterAtTheEndAndWithinBound()
        {
            TestRandom random = new TestRandom(RandomSeed);
            StreamFramer framer = new StreamFramer();
            byte[] buffer = new byte[StreamFramer.MaxEncodedLength];
            for (int round = 0; round < 1000; round++)
            {
                string context = "seed 0x" + RandomSeed.ToString("X") + " round " + round.ToString();
                HanFrame frame = FrameSamples.Random(random, HanFrame.MaxPayloadLength);
                int length = framer.Encode(frame, buffer, 0);
                Assert.IsTrue(length <= StreamFramer.MaxEncodedLengthFor(frame.EncodedLength), context);
                Assert.IsTrue(length >= frame.EncodedLength + StreamFramer.CrcLength + 2, context);
                Assert.AreEqual(0, (int)buffer[length - 1], context);
                for (int i = 0; i < length - 1; i++)
                {
                    if (buffer[i] == 0)
                    {
                        Assert.AreNotEqual(0, (int)buffer[i], context + ": zero at " + i.ToString());
                    }
                }
            }
        }

        [TestMethod]
        public void MaxEncodedLengthFor_SmallFrames_SixBytesOverhead()
        {
            Assert.AreEqual(HanFrame.HeaderLength + 6, StreamFramer.MaxEncodedLengthFor(HanFrame.HeaderLength));
            Assert.AreEqual(249 + 6, StreamFramer.MaxEncodedLengthFor(249));
            Assert.AreEqual(250 + 7, StreamFramer.MaxEncodedLengthFor(250));
            Assert.AreEqual(StreamFramer.MaxEncodedLength, StreamFramer.MaxEncodedLengthFor(HanFrame.MaxEncodedLength));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => StreamFramer.MaxEncodedLengthFor(-1));
        }

        [TestMethod]
        public void Encode_NotEnoughRoom_ThrowsBeforeWriting()
        {
            StreamFramer framer = new StreamFramer();
            HanFrame frame = FrameSamples.FrameA();
            byte[] buffer = new byte[StreamFramer.MaxEncodedLengthFor(frame.EncodedLength) - 1];
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => framer.Encode(frame, buffer, 0));
            Assert.AreEqual(0, (int)buffer[0]);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => framer.Encode(frame, new byte[100], -1));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => framer.Encode(null!, buffer, 0));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => framer.Encode(frame, null!, 0));
        }

        private static byte[] FrameBytes(HanFrame frame)
        {
            byte[] bytes = new byte[frame.EncodedLength];
            frame.WriteTo(new ByteWriter(bytes));
            return bytes;
        }
    }
}
