using System;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Integrity;
using HanBench.Protocol.Zcl;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HanBench.Protocol.Tests
{
    /// <summary>
    /// Desktop only: the hot paths rewritten for nanoCLR's interpreter (issue 10: SHA-256 rounds unrolled with renamed
    /// locals, CRC-32 table in a local, COBS moving whole blocks with Array.Copy, the block path reading each property
    /// once) give the same bytes as the plain textbook forms kept here, on seeded random inputs.
    /// </summary>
    [TestClass]
    public sealed class HotPathEquivalenceTests
    {
        [TestMethod]
        public void Sha256_RandomMessagesInRandomPieces_MatchesTextbookLoop()
        {
            const ulong seed = 0x5A256EC0UL;
            var random = new TestRandom(seed);
            var hasher = new Sha256();
            for (int round = 0; round < 300; round++)
            {
                byte[] message = random.NextBytes(random.Next(3000));
                hasher.Reset();
                int position = 0;
                while (position < message.Length)
                {
                    int take = Math.Min(1 + random.Next(200), message.Length - position);
                    hasher.Append(message, position, take);
                    position += take;
                }

                CollectionAssert.AreEqual(ReferenceSha256(message), hasher.GetHash(), $"seed 0x{seed:X} round {round} length {message.Length}");
            }
        }

        [TestMethod]
        public void Crc32_RandomBuffers_MatchesBitwiseCrc()
        {
            const ulong seed = 0xC3C32UL;
            var random = new TestRandom(seed);
            for (int round = 0; round < 500; round++)
            {
                byte[] data = random.NextBytes(random.Next(1500));
                int offset = data.Length == 0 ? 0 : random.Next(data.Length);
                int count = random.Next(data.Length - offset + 1);

                Assert.AreEqual(ReferenceCrc32(data, offset, count), Crc32.Compute(data, offset, count), $"seed 0x{seed:X} round {round}");
            }
        }

        [TestMethod]
        public void Cobs_RandomMessages_EncodeAndDecodeMatchPerByteForms()
        {
            const ulong seed = 0xC0B5UL;
            var random = new TestRandom(seed);
            for (int round = 0; round < 2000; round++)
            {
                // Zero density from none to dense, lengths across the 254-byte block boundaries.
                byte[] message = random.NextBytes(random.Next(800));
                int zeroEvery = 1 + random.Next(400);
                for (int i = 0; i < message.Length; i++)
                {
                    if (message[i] == 0 || random.Next(zeroEvery) == 0)
                    {
                        message[i] = (byte)(random.Next(zeroEvery) == 0 ? 0 : 1 + random.Next(255));
                    }
                }

                byte[] expected = ReferenceCobsEncode(message);
                byte[] encoded = new byte[Cobs.MaxEncodedLength(message.Length) + 3];
                int length = Cobs.Encode(message, 0, message.Length, encoded, 3);
                string context = $"seed 0x{seed:X} round {round} length {message.Length}";
                CollectionAssert.AreEqual(expected, encoded.AsSpan(3, length).ToArray(), context);

                // In place, as the deframer decodes.
                Assert.AreEqual(CobsStatus.Ok, Cobs.TryDecode(encoded, 3, length, encoded, 3, out int decodedLength), context);
                CollectionAssert.AreEqual(message, encoded.AsSpan(3, decodedLength).ToArray(), context);
            }
        }

        [TestMethod]
        public void Cobs_RandomGarbage_DecodeStatusMatchesPerByteForm()
        {
            const ulong seed = 0xBAD0C0B5UL;
            var random = new TestRandom(seed);
            for (int round = 0; round < 2000; round++)
            {
                byte[] garbage = random.NextBytes(1 + random.Next(600));
                byte[] output = new byte[garbage.Length];

                CobsStatus status = Cobs.TryDecode(garbage, 0, garbage.Length, output, 0, out int decodedLength);

                CobsStatus expected = ReferenceCobsDecode(garbage, out byte[] reference);
                Assert.AreEqual(expected, status, $"seed 0x{seed:X} round {round}");
                if (status == CobsStatus.Ok)
                {
                    CollectionAssert.AreEqual(reference, output.AsSpan(0, decodedLength).ToArray(), $"seed 0x{seed:X} round {round}");
                }
            }
        }

        [TestMethod]
        public void BlockPath_RandomBlocks_WireBytesMatchReferenceFramingAndComeBack()
        {
            const ulong seed = 0xB10C4UL;
            var random = new TestRandom(seed);
            var framer = new StreamFramer();
            var deframer = new StreamDeframer();
            var writer = new ByteWriter();
            var reader = new ByteReader();
            var frame = new HanFrame();
            byte[] zcl = new byte[HanFrame.MaxPayloadLength];
            byte[] wire = new byte[StreamFramer.MaxEncodedLength];
            for (int round = 0; round < 300; round++)
            {
                byte[] block = random.NextBytes(random.Next(ImageBlockResponse.MaxDataSize + 1));
                ImageBlockResponse response = default;
                response.Status = OtaStatus.Success;
                response.ManufacturerCode = (ushort)random.Next(0x10000);
                response.ImageType = (ushort)random.Next(0x10000);
                response.FileVersion = (uint)random.NextUInt64();
                response.FileOffset = (uint)random.NextUInt64();
                response.SetData(block, 0, block.Length);
                writer.Reset(zcl, 0, zcl.Length);
                OtaCluster.HeaderFor(OtaCommandId.ImageBlockResponse, (byte)round).WriteTo(writer);
                response.WriteTo(writer);
                frame.Kind = HanFrameKind.Zcl;
                frame.Sequence = (byte)round;
                frame.Source = random.NextUInt64() | 1;
                frame.Destination = random.NextUInt64() & ~1UL;
                frame.ClusterId = OtaCluster.ClusterId;
                frame.SetPayload(zcl, 0, writer.Written);

                int wireLength = framer.Encode(frame, wire, 0);

                string context = $"seed 0x{seed:X} round {round}";
                CollectionAssert.AreEqual(ReferenceWire(frame), wire.AsSpan(0, wireLength).ToArray(), context);
                Assert.AreEqual(wireLength, deframer.Feed(wire, 0, wireLength), context);
                Assert.IsTrue(deframer.FrameReady, context);
                HanFrame received = deframer.Frame;
                reader.Reset(received.Payload, received.PayloadOffset, received.PayloadLength);
                Assert.AreEqual(ZclDecodeStatus.Ok, ZclHeader.TryDecode(reader, out _), context);
                Assert.AreEqual(ZclDecodeStatus.Ok, ImageBlockResponse.TryDecode(reader, out ImageBlockResponse decoded), context);
                Assert.AreEqual(response.FileOffset, decoded.FileOffset, context);
                CollectionAssert.AreEqual(block, decoded.DataBuffer.AsSpan(decoded.DataOffset, decoded.DataSize).ToArray(), context);
            }
        }

        // ---- references: the plain forms, per byte and per round -----------------------------------------------

        private static readonly uint[] K =
        {
            0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
            0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
            0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
            0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
            0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
            0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
            0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
            0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
        };

        // FIPS 180-4 §5.1.1 padding and §6.2.2 rounds, one round per loop iteration.
        private static byte[] ReferenceSha256(byte[] message)
        {
            int padded = ((message.Length + 8) / 64 + 1) * 64;
            byte[] data = new byte[padded];
            message.CopyTo(data, 0);
            data[message.Length] = 0x80;
            ulong bits = (ulong)message.Length * 8;
            for (int i = 0; i < 8; i++)
            {
                data[padded - 1 - i] = (byte)(bits >> (8 * i));
            }

            uint[] h = { 0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19 };
            uint[] w = new uint[64];
            for (int block = 0; block < padded; block += 64)
            {
                for (int t = 0; t < 16; t++)
                {
                    w[t] = (uint)(data[block + 4 * t] << 24 | data[block + 4 * t + 1] << 16 | data[block + 4 * t + 2] << 8 | data[block + 4 * t + 3]);
                }

                for (int t = 16; t < 64; t++)
                {
                    uint s0 = Rotr(w[t - 15], 7) ^ Rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
                    uint s1 = Rotr(w[t - 2], 17) ^ Rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
                    w[t] = unchecked(w[t - 16] + s0 + w[t - 7] + s1);
                }

                uint a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
                for (int t = 0; t < 64; t++)
                {
                    uint t1 = unchecked(hh + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]);
                    uint t2 = unchecked((Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c)));
                    hh = g;
                    g = f;
                    f = e;
                    e = unchecked(d + t1);
                    d = c;
                    c = b;
                    b = a;
                    a = unchecked(t1 + t2);
                }

                h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
            }

            byte[] digest = new byte[32];
            for (int i = 0; i < 8; i++)
            {
                digest[4 * i] = (byte)(h[i] >> 24);
                digest[4 * i + 1] = (byte)(h[i] >> 16);
                digest[4 * i + 2] = (byte)(h[i] >> 8);
                digest[4 * i + 3] = (byte)h[i];
            }

            return digest;
        }

        private static uint Rotr(uint value, int bits) => (value >> bits) | (value << (32 - bits));

        // CRC-32/ISO-HDLC bit by bit.
        private static uint ReferenceCrc32(byte[] data, int offset, int count)
        {
            uint register = 0xFFFFFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                register ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    register = (register & 1) != 0 ? (register >> 1) ^ 0xEDB88320 : register >> 1;
                }
            }

            return ~register;
        }

        // COBS per byte, shortest form (no 0x01 block after a final full block).
        private static byte[] ReferenceCobsEncode(byte[] message)
        {
            var output = new System.Collections.Generic.List<byte> { 0 };
            int codeIndex = 0;
            int code = 1;
            for (int i = 0; i < message.Length; i++)
            {
                if (message[i] == 0)
                {
                    output[codeIndex] = (byte)code;
                    codeIndex = output.Count;
                    output.Add(0);
                    code = 1;
                    continue;
                }

                output.Add(message[i]);
                if (++code == 0xFF)
                {
                    output[codeIndex] = 0xFF;
                    if (i + 1 == message.Length)
                    {
                        return output.ToArray();
                    }

                    codeIndex = output.Count;
                    output.Add(0);
                    code = 1;
                }
            }

            output[codeIndex] = (byte)code;
            return output.ToArray();
        }

        private static CobsStatus ReferenceCobsDecode(byte[] encoded, out byte[] message)
        {
            var output = new System.Collections.Generic.List<byte>();
            message = Array.Empty<byte>();
            int read = 0;
            while (read < encoded.Length)
            {
                int code = encoded[read++];
                if (code == 0)
                {
                    return CobsStatus.UnexpectedZero;
                }

                if (code - 1 > encoded.Length - read)
                {
                    return CobsStatus.Truncated;
                }

                for (int i = 0; i < code - 1; i++)
                {
                    if (encoded[read] == 0)
                    {
                        return CobsStatus.UnexpectedZero;
                    }

                    output.Add(encoded[read++]);
                }

                if (code != 0xFF && read < encoded.Length)
                {
                    output.Add(0);
                }
            }

            message = output.ToArray();
            return CobsStatus.Ok;
        }

        // HAN frame header (kind, sequence, EUI-64s big-endian, cluster little-endian), payload, CRC-32 little-endian,
        // COBS, delimiter.
        private static byte[] ReferenceWire(HanFrame frame)
        {
            var plain = new System.Collections.Generic.List<byte> { (byte)frame.Kind, frame.Sequence };
            for (int i = 7; i >= 0; i--)
            {
                plain.Add((byte)(frame.Source >> (8 * i)));
            }

            for (int i = 7; i >= 0; i--)
            {
                plain.Add((byte)(frame.Destination >> (8 * i)));
            }

            plain.Add((byte)frame.ClusterId);
            plain.Add((byte)(frame.ClusterId >> 8));
            plain.AddRange(frame.Payload.AsSpan(frame.PayloadOffset, frame.PayloadLength).ToArray());
            uint crc = ReferenceCrc32(plain.ToArray(), 0, plain.Count);
            plain.AddRange(new[] { (byte)crc, (byte)(crc >> 8), (byte)(crc >> 16), (byte)(crc >> 24) });
            var wire = new System.Collections.Generic.List<byte>(ReferenceCobsEncode(plain.ToArray())) { 0 };
            return wire.ToArray();
        }
    }
}
