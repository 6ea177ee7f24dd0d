using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Han
{
    [TestClass]
    public class HanFrameTests
    {
        private const ulong RandomSeed = 0x4A2F4A3EUL;

        [TestMethod]
        public void WriteTo_FrameA_WritesGoldenBytes()
        {
            HanFrame frame = FrameSamples.FrameA();
            byte[] buffer = new byte[64];
            ByteWriter writer = new ByteWriter(buffer, 3, 60);
            frame.WriteTo(writer);
            Assert.AreEqual(32, frame.EncodedLength);
            Assert.AreEqual(32, writer.Written);
            Assert.AreEqual(Hex.Encode(FrameSamples.Bytes(FrameSamples.FrameAHex)), Hex.Encode(buffer, 3, writer.Written));
        }

        [TestMethod]
        public void WriteTo_FrameB_WritesGoldenBytes()
        {
            HanFrame frame = FrameSamples.FrameB();
            byte[] buffer = new byte[HanFrame.HeaderLength];
            frame.WriteTo(new ByteWriter(buffer));
            Assert.AreEqual(Hex.Encode(FrameSamples.Bytes(FrameSamples.FrameBHex)), Hex.Encode(buffer));
        }

        [TestMethod]
        public void TryDecode_FrameA_ReadsFieldsAndPayloadView()
        {
            byte[] golden = FrameSamples.Bytes(FrameSamples.FrameAHex);
            byte[] buffer = new byte[golden.Length + 7];
            System.Array.Copy(golden, 0, buffer, 5, golden.Length);
            HanFrame frame = new HanFrame();
            Assert.AreEqual((byte)HanFrameStatus.Ok, (byte)HanFrame.TryDecode(new ByteReader(buffer, 5, golden.Length), frame));
            Assert.AreEqual((byte)HanFrameKind.Zcl, (byte)frame.Kind);
            Assert.AreEqual((byte)0x2A, frame.Sequence);
            Assert.AreEqual(0x00DB1234567890A4UL, frame.Source);
            Assert.AreEqual(0x00DB1234567890B5UL, frame.Destination);
            Assert.AreEqual((ushort)0x0019, frame.ClusterId);
            Assert.AreSame(buffer, frame.Payload);
            Assert.AreEqual(5 + HanFrame.HeaderLength, frame.PayloadOffset);
            Assert.AreEqual(12, frame.PayloadLength);
            FrameSamples.AssertSame(FrameSamples.FrameA(), frame, "frame A");
        }

        [TestMethod]
        public void TryDecode_EveryTruncationOfHeader_ReturnsTruncatedHeader()
        {
            byte[] golden = FrameSamples.Bytes(FrameSamples.FrameAHex);
            HanFrame frame = FrameSamples.FrameB();
            for (int length = 0; length < HanFrame.HeaderLength; length++)
            {
                HanFrameStatus status = HanFrame.TryDecode(new ByteReader(golden, 0, length), frame);
                Assert.AreEqual((byte)HanFrameStatus.TruncatedHeader, (byte)status, "length " + length.ToString());

                // A refused frame leaves the target untouched.
                FrameSamples.AssertSame(FrameSamples.FrameB(), frame, "length " + length.ToString());
            }

            Assert.AreEqual((byte)HanFrameStatus.Ok, (byte)HanFrame.TryDecode(new ByteReader(golden, 0, HanFrame.HeaderLength), frame));
            Assert.AreEqual(0, frame.PayloadLength);
        }

        [TestMethod]
        public void TryDecode_EveryTruncationOfPayload_KeepsShorterPayload()
        {
            byte[] golden = FrameSamples.Bytes(FrameSamples.FrameAHex);
            HanFrame frame = new HanFrame();
            for (int length = HanFrame.HeaderLength; length <= golden.Length; length++)
            {
                Assert.AreEqual((byte)HanFrameStatus.Ok, (byte)HanFrame.TryDecode(new ByteReader(golden, 0, length), frame));
                Assert.AreEqual(length - HanFrame.HeaderLength, frame.PayloadLength);
            }
        }

        [TestMethod]
        public void TryDecode_UnknownKind_ReturnsUnknownKind()
        {
            byte[] bytes = FrameSamples.Bytes(FrameSamples.FrameAHex);
            byte[] kinds = new byte[] { 0x00, 0x04, 0x80, 0xFF };
            for (int i = 0; i < kinds.Length; i++)
            {
                bytes[0] = kinds[i];
                Assert.AreEqual((byte)HanFrameStatus.UnknownKind, (byte)HanFrame.TryDecode(new ByteReader(bytes, 0, bytes.Length), new HanFrame()), "kind " + kinds[i].ToString());
            }
        }

        [TestMethod]
        public void TryDecode_PayloadOverLimit_ReturnsPayloadTooLong()
        {
            byte[] bytes = new byte[HanFrame.MaxEncodedLength + 1];
            bytes[0] = (byte)HanFrameKind.Gbcs;
            HanFrame frame = new HanFrame();
            Assert.AreEqual((byte)HanFrameStatus.PayloadTooLong, (byte)HanFrame.TryDecode(new ByteReader(bytes, 0, bytes.Length), frame));
            Assert.AreEqual((byte)HanFrameStatus.Ok, (byte)HanFrame.TryDecode(new ByteReader(bytes, 0, bytes.Length - 1), frame));
            Assert.AreEqual(HanFrame.MaxPayloadLength, frame.PayloadLength);
        }

        [TestMethod]
        public void WriteThenDecode_RandomFrames_RoundTrip()
        {
            TestRandom random = new TestRandom(RandomSeed);
            byte[] buffer = new byte[HanFrame.MaxEncodedLength];
            ByteWriter writer = new ByteWriter();
            ByteReader reader = new ByteReader();
            HanFrame decoded = new HanFrame();
            for (int round = 0; round < 1000; round++)
            {
                HanFrame frame = FrameSamples.Random(random, HanFrame.MaxPayloadLength);
                writer.Reset(buffer, 0, buffer.Length);
                frame.WriteTo(writer);
                Assert.AreEqual(frame.EncodedLength, writer.Written);
                reader.Reset(buffer, 0, writer.Written);
                string context = "seed 0x" + RandomSeed.ToString("X") + " round " + round.ToString();
                Assert.AreEqual((byte)HanFrameStatus.Ok, (byte)HanFrame.TryDecode(reader, decoded), context);
                FrameSamples.AssertSame(frame, decoded, context);
            }
        }

        [TestMethod]
        public void SetPayload_BadWindowOrTooLong_Throws()
        {
            HanFrame frame = new HanFrame();
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => frame.SetPayload(null!, 0, 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => frame.SetPayload(new byte[4], 2, 3));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => frame.SetPayload(new byte[HanFrame.MaxPayloadLength + 1], 0, HanFrame.MaxPayloadLength + 1));
        }
    }
}
