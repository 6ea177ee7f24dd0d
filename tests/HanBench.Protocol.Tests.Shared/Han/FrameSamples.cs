using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Han
{
    /// <summary>Golden HAN frames, their stream encodings, random frames and a field-by-field comparison.</summary>
    internal static class FrameSamples
    {
        // Frame A: ZCL, sequence 0x2A, 00-DB-12-34-56-78-90-A4 to 00-DB-12-34-56-78-90-B5, cluster 0x0019 (OTA Upgrade),
        // payload a Query Next Image Request: FC 0x01, ZCL seq 0x2A, cmd 0x01, field control 0x00,
        // manufacturer 0x1234, image type 0x0001, file version 0x00000001.
        public const string FrameAHex = "01 2A 00DB1234567890A4 00DB1234567890B5 1900 012A0100 34120100 01000000";

        // Frame A on a stream: COBS blocks at every zero of frame ‖ CRC-32 0x71DC3DEF (LE EF 3D DC 71), then 0x00:
        // [01 2A] [DB..A4] [DB..B5 19] [01 2A 01] [34 12 01] [01] [] [] [EF 3D DC 71] 00.
        public const string WireAHex = "03 012A 08 DB1234567890A4 09 DB1234567890B519 04 012A01 04 341201 02 01 01 01 05 EF3DDC71 00";

        // Frame B: management, sequence 0, from 00-00-00-00-00-00-00-01 to broadcast, cluster 0, no payload.
        public const string FrameBHex = "03 00 0000000000000001 FFFFFFFFFFFFFFFF 0000";

        // Frame B on a stream: CRC-32 0x33BAC052; every zero of the header becomes an 0x01 block code.
        public const string WireBHex = "02 03 01 01 01 01 01 01 01 0A 01 FFFFFFFFFFFFFFFF 01 05 52C0BA33 00";

        public static byte[] Bytes(string hex)
        {
            Assert.IsTrue(Hex.TryDecode(hex, out byte[] bytes), "bad test hex " + hex);
            return bytes;
        }

        public static HanFrame FrameA()
        {
            HanFrame frame = new HanFrame();
            frame.Kind = HanFrameKind.Zcl;
            frame.Sequence = 0x2A;
            frame.Source = 0x00DB1234567890A4UL;
            frame.Destination = 0x00DB1234567890B5UL;
            frame.ClusterId = 0x0019;
            byte[] payload = Bytes("012A0100 34120100 01000000");
            frame.SetPayload(payload, 0, payload.Length);
            return frame;
        }

        public static HanFrame FrameB()
        {
            HanFrame frame = new HanFrame();
            frame.Kind = HanFrameKind.Management;
            frame.Sequence = 0x00;
            frame.Source = 0x0000000000000001UL;
            frame.Destination = HanFrame.Broadcast;
            frame.ClusterId = 0x0000;
            return frame;
        }

        /// <summary>A frame with random fields and a payload of up to <paramref name="maxPayload"/> bytes, zero-rich or not.</summary>
        public static HanFrame Random(TestRandom random, int maxPayload)
        {
            HanFrame frame = new HanFrame();
            int kind = random.Next(3);
            frame.Kind = kind == 0 ? HanFrameKind.Zcl : kind == 1 ? HanFrameKind.Gbcs : HanFrameKind.Management;
            frame.Sequence = (byte)random.Next(256);
            frame.Source = random.NextUInt64();
            frame.Destination = random.Next(4) == 0 ? HanFrame.Broadcast : random.NextUInt64();
            frame.ClusterId = (ushort)random.Next(0x10000);
            byte[] payload = random.NextBytes(random.Next(maxPayload + 1));
            int style = random.Next(4);
            for (int i = 0; i < payload.Length; i++)
            {
                if (style == 0 && random.Next(4) == 0)
                {
                    payload[i] = 0x00;
                }
                else if (style == 1 && payload[i] == 0x00)
                {
                    // Long zero-free runs exercise COBS's 254-byte blocks.
                    payload[i] = 0x5A;
                }
            }

            frame.SetPayload(payload, 0, payload.Length);
            return frame;
        }

        public static void AssertSame(HanFrame expected, HanFrame actual, string context)
        {
            Assert.AreEqual((byte)expected.Kind, (byte)actual.Kind, context + ": kind");
            Assert.AreEqual(expected.Sequence, actual.Sequence, context + ": sequence");
            Assert.AreEqual(expected.Source, actual.Source, context + ": source");
            Assert.AreEqual(expected.Destination, actual.Destination, context + ": destination");
            Assert.AreEqual(expected.ClusterId, actual.ClusterId, context + ": cluster id");
            Assert.AreEqual(expected.PayloadLength, actual.PayloadLength, context + ": payload length");
            for (int i = 0; i < expected.PayloadLength; i++)
            {
                if (expected.Payload[expected.PayloadOffset + i] != actual.Payload[actual.PayloadOffset + i])
                {
                    Assert.AreEqual(expected.Payload[expected.PayloadOffset + i], actual.Payload[actual.PayloadOffset + i], context + ": payload byte " + i.ToString());
                }
            }
        }

        /// <summary>The bytes of <paramref name="frame"/> on a stream (framer output), in an array of their own.</summary>
        public static byte[] Wire(StreamFramer framer, HanFrame frame)
        {
            byte[] buffer = new byte[StreamFramer.MaxEncodedLength];
            int length = framer.Encode(frame, buffer, 0);
            byte[] wire = new byte[length];
            System.Array.Copy(buffer, wire, length);
            return wire;
        }
    }
}
