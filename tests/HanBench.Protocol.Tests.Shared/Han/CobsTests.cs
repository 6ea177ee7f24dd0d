using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Han
{
    [TestClass]
    public class CobsTests
    {
        private const ulong RandomSeed = 0xC0B5C0B5UL;

        // Hand-computed pairs (message, encoding): each 0x00 becomes the code of the block it ends.
        private static readonly string[] Golden = new string[]
        {
            "", "01",
            "00", "01 01",
            "00 00", "01 01 01",
            "11", "02 11",
            "11 22 00 33", "03 11 22 02 33",
            "11 22 33 44", "05 11 22 33 44",
            "11 00 00 00", "02 11 01 01 01",
            "00 11 00", "01 02 11 01",
        };

        [TestMethod]
        public void Encode_GoldenVectors_MatchHandComputed()
        {
            for (int i = 0; i < Golden.Length; i += 2)
            {
                AssertEncodes(FrameSamples.Bytes(Golden[i]), FrameSamples.Bytes(Golden[i + 1]), "vector " + Golden[i]);
            }
        }

        [TestMethod]
        public void TryDecode_GoldenVectors_MatchHandComputed()
        {
            for (int i = 0; i < Golden.Length; i += 2)
            {
                AssertDecodes(FrameSamples.Bytes(Golden[i + 1]), FrameSamples.Bytes(Golden[i]), "vector " + Golden[i + 1]);
            }
        }

        [TestMethod]
        public void Encode_253ByteRun_OneBlockCodeFE()
        {
            byte[] message = Run(253, 0x01);
            AssertBothWays(message, Concat(new byte[] { 0xFE }, message), "253");
        }

        [TestMethod]
        public void Encode_254ByteRun_OneFullBlockAndNoTrailingCode()
        {
            // Shortest form (HanBench choice): FF and the 254 bytes, no 0x01 block after it.
            byte[] message = Run(254, 0x01);
            AssertBothWays(message, Concat(new byte[] { 0xFF }, message), "254");
        }

        [TestMethod]
        public void Encode_255ByteRun_FullBlockThenOneByteBlock()
        {
            byte[] message = Run(255, 0x01);
            byte[] expected = Concat(Concat(new byte[] { 0xFF }, Slice(message, 0, 254)), new byte[] { 0x02, message[254] });
            AssertBothWays(message, expected, "255");
            Assert.AreEqual(257, expected.Length);
        }

        [TestMethod]
        public void Encode_254ByteRunThenZero_FullBlockThenEmptyBlocks()
        {
            // The full block implies no zero, so the zero needs a block of its own, and the empty tail another.
            byte[] run = Run(254, 0x01);
            byte[] message = Concat(run, new byte[] { 0x00 });
            AssertBothWays(message, Concat(Concat(new byte[] { 0xFF }, run), new byte[] { 0x01, 0x01 }), "254+00");
        }

        [TestMethod]
        public void Encode_ZeroThen254ByteRun_EmptyBlockThenFullBlock()
        {
            byte[] run = Run(254, 0x80);
            byte[] message = Concat(new byte[] { 0x00 }, run);
            AssertBothWays(message, Concat(new byte[] { 0x01, 0xFF }, run), "00+254");
        }

        [TestMethod]
        public void Encode_508ByteRun_TwoFullBlocks()
        {
            byte[] message = Run(508, 0x01);
            byte[] expected = Concat(Concat(new byte[] { 0xFF }, Slice(message, 0, 254)), Concat(new byte[] { 0xFF }, Slice(message, 254, 254)));
            AssertBothWays(message, expected, "508");
        }

        [TestMethod]
        public void TryDecode_FullBlockWithTrailingEmptyBlock_AcceptsPaperForm()
        {
            // The paper's reference encoder ends a 254-byte message with an extra 0x01; it decodes to the same bytes.
            byte[] message = Run(254, 0x01);
            AssertDecodes(Concat(Concat(new byte[] { 0xFF }, message), new byte[] { 0x01 }), message, "FF..01");
        }

        [TestMethod]
        public void TryDecode_BadInput_ReturnsStatusNamingTheDefect()
        {
            byte[] output = new byte[16];
            Assert.AreEqual((byte)CobsStatus.Truncated, (byte)Cobs.TryDecode(new byte[0], 0, 0, output, 0, out int length));
            Assert.AreEqual(0, length);
            Assert.AreEqual((byte)CobsStatus.Truncated, (byte)Cobs.TryDecode(FrameSamples.Bytes("05 11 22 33"), 0, 4, output, 0, out length));
            Assert.AreEqual((byte)CobsStatus.Truncated, (byte)Cobs.TryDecode(FrameSamples.Bytes("02 11 03 22"), 0, 4, output, 0, out length));
            Assert.AreEqual((byte)CobsStatus.UnexpectedZero, (byte)Cobs.TryDecode(FrameSamples.Bytes("03 11 00"), 0, 3, output, 0, out length));
            Assert.AreEqual((byte)CobsStatus.UnexpectedZero, (byte)Cobs.TryDecode(FrameSamples.Bytes("02 11 00 01"), 0, 4, output, 0, out length));
            Assert.AreEqual(0, length);
        }

        [TestMethod]
        public void TryDecode_EveryTruncationOfEncoding_NeverThrowsAndNeverGrows()
        {
            byte[] message = FrameSamples.Bytes(FrameSamples.FrameAHex);
            byte[] encoded = new byte[Cobs.MaxEncodedLength(message.Length)];
            int encodedLength = Cobs.Encode(message, 0, message.Length, encoded, 0);
            byte[] output = new byte[encodedLength];
            for (int length = 0; length < encodedLength; length++)
            {
                CobsStatus status = Cobs.TryDecode(encoded, 0, length, output, 0, out int decodedLength);
                if (status == CobsStatus.Ok)
                {
                    // A cut at a block boundary is a valid shorter message: a prefix of the original.
                    Assert.IsTrue(decodedLength < length, "length " + length.ToString());
                    for (int i = 0; i < decodedLength; i++)
                    {
                        Assert.AreEqual(message[i], output[i], "length " + length.ToString() + " byte " + i.ToString());
                    }
                }
                else
                {
                    Assert.AreEqual((byte)CobsStatus.Truncated, (byte)status, "length " + length.ToString());
                }
            }
        }

        [TestMethod]
        public void EncodeThenDecode_RandomMessages_RoundTripWithinBoundAndZeroFree()
        {
            TestRandom random = new TestRandom(RandomSeed);
            byte[] encoded = new byte[Cobs.MaxEncodedLength(2000)];
            byte[] decoded = new byte[encoded.Length];
            for (int round = 0; round < 2000; round++)
            {
                string context = "seed 0x" + RandomSeed.ToString("X") + " round " + round.ToString();
                byte[] message = random.NextBytes(random.Next(2000));
                int style = random.Next(3);
                for (int i = 0; i < message.Length; i++)
                {
                    if (style == 0 && message[i] == 0)
                    {
                        message[i] = 0x01;
                    }
                    else if (style == 1 && random.Next(3) == 0)
                    {
                        message[i] = 0x00;
                    }
                }

                int encodedLength = Cobs.Encode(message, 0, message.Length, encoded, 0);
                Assert.IsTrue(encodedLength <= Cobs.MaxEncodedLength(message.Length), context + ": over the bound");
                Assert.IsTrue(encodedLength > message.Length, context + ": no code byte");
                for (int i = 0; i < encodedLength; i++)
                {
                    Assert.AreNotEqual(0, (int)encoded[i], context + ": zero at " + i.ToString());
                }

                if (style == 0)
                {
                    // With no zeros the cost is exact: one code byte per started 254-byte block.
                    Assert.AreEqual(message.Length + (message.Length + 253) / 254 + (message.Length == 0 ? 1 : 0), encodedLength, context);
                }

                Assert.AreEqual((byte)CobsStatus.Ok, (byte)Cobs.TryDecode(encoded, 0, encodedLength, decoded, 0, out int decodedLength), context);
                Assert.AreEqual(message.Length, decodedLength, context);
                for (int i = 0; i < decodedLength; i++)
                {
                    if (message[i] != decoded[i])
                    {
                        Assert.AreEqual(message[i], decoded[i], context + ": byte " + i.ToString());
                    }
                }
            }
        }

        [TestMethod]
        public void TryDecode_InPlace_GivesSameMessage()
        {
            byte[] message = FrameSamples.Bytes(FrameSamples.FrameBHex);
            byte[] buffer = new byte[Cobs.MaxEncodedLength(message.Length)];
            int encodedLength = Cobs.Encode(message, 0, message.Length, buffer, 0);
            Assert.AreEqual((byte)CobsStatus.Ok, (byte)Cobs.TryDecode(buffer, 0, encodedLength, buffer, 0, out int decodedLength));
            Assert.AreEqual(Hex.Encode(message), Hex.Encode(buffer, 0, decodedLength));
        }

        [TestMethod]
        public void MaxEncodedLength_OneCodeBytePlusOnePer254()
        {
            Assert.AreEqual(1, Cobs.MaxEncodedLength(0));
            Assert.AreEqual(254, Cobs.MaxEncodedLength(253));
            Assert.AreEqual(1048 + 1 + 4, Cobs.MaxEncodedLength(1048));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Cobs.MaxEncodedLength(-1));
        }

        [TestMethod]
        public void Encode_DestinationTooSmall_ThrowsBeforeWriting()
        {
            byte[] destination = new byte[4];
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Cobs.Encode(new byte[4], 0, 4, destination, 0));
            Assert.AreEqual(0, (int)destination[0]);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Cobs.Encode(new byte[4], 1, 4, new byte[8], 0));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => Cobs.Encode(null!, 0, 0, destination, 0));
        }

        private static void AssertBothWays(byte[] message, byte[] encoding, string context)
        {
            AssertEncodes(message, encoding, context);
            AssertDecodes(encoding, message, context);
        }

        private static void AssertEncodes(byte[] message, byte[] expected, string context)
        {
            // Encode into the middle of a buffer: nothing outside the returned length may change.
            byte[] buffer = new byte[Cobs.MaxEncodedLength(message.Length) + 4];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = 0xEE;
            }

            int length = Cobs.Encode(message, 0, message.Length, buffer, 2);
            Assert.AreEqual(Hex.Encode(expected), Hex.Encode(buffer, 2, length), context);
            Assert.AreEqual((byte)0xEE, buffer[1], context);
            Assert.AreEqual((byte)0xEE, buffer[2 + length], context);
        }

        private static void AssertDecodes(byte[] encoding, byte[] expected, string context)
        {
            byte[] buffer = new byte[encoding.Length + 4];
            CobsStatus status = Cobs.TryDecode(encoding, 0, encoding.Length, buffer, 3, out int length);
            Assert.AreEqual((byte)CobsStatus.Ok, (byte)status, context);
            Assert.AreEqual(Hex.Encode(expected), Hex.Encode(buffer, 3, length), context);
        }

        // Non-zero bytes counting up from first, wrapping past 0xFF to 0x01.
        private static byte[] Run(int count, byte first)
        {
            byte[] run = new byte[count];
            int value = first;
            for (int i = 0; i < count; i++)
            {
                run[i] = (byte)value;
                value = value == 0xFF ? 0x01 : value + 1;
            }

            return run;
        }

        private static byte[] Concat(byte[] a, byte[] b)
        {
            byte[] result = new byte[a.Length + b.Length];
            System.Array.Copy(a, 0, result, 0, a.Length);
            System.Array.Copy(b, 0, result, a.Length, b.Length);
            return result;
        }

        private static byte[] Slice(byte[] source, int offset, int count)
        {
            byte[] result = new byte[count];
            System.Array.Copy(source, offset, result, 0, count);
            return result;
        }
    }
}
