using HanBench.Protocol.Bytes;
using HanBench.Protocol.Ota;

namespace HanBench.Protocol.Tests.Ota
{
    /// <summary>
    /// Golden OTA headers and images written field by field (our own values, not taken from any third-party
    /// image), and seeded random images for the parser, builder and verifier tests.
    /// </summary>
    public static class OtaTestImages
    {
        /// <summary>"HanBench golden vector" in UTF-8, padded with zeros to 32 bytes.</summary>
        public const string HeaderStringHex = "48616E42656E636820676F6C64656E20766563746F72" + "00000000000000000000";

        /// <summary>The text of <see cref="HeaderStringHex"/>.</summary>
        public const string HeaderStringText = "HanBench golden vector";

        /// <summary>Optional fields of the golden headers: credential version 0x02, destination 0x0011223344556677, hardware 0x0102–0x0304.</summary>
        public const string SecurityCredentialHex = "02";

        /// <summary>Upgrade file destination 0x0011223344556677, little-endian.</summary>
        public const string DestinationHex = "7766554433221100";

        /// <summary>Minimum hardware version 0x0102 then maximum 0x0304, little-endian.</summary>
        public const string HardwareVersionsHex = "0201" + "0403";

        /// <summary>
        /// A golden header: manufacturer 0x1234, image type 0xFFC1, file version 0x01020304, stack 0x0002, the
        /// golden header string; header length, field control, total size and optional fields as given (hex, LE).
        /// </summary>
        public static string HeaderHex(string headerLength, string fieldControl, string totalImageSize, string optionalFields)
        {
            return "1EF1EE0B" // OTA upgrade file identifier 0x0BEEF11E
                + "0001" // header version 0x0100
                + headerLength
                + fieldControl
                + "3412" // manufacturer code 0x1234
                + "C1FF" // image type 0xFFC1 (configuration)
                + "04030201" // file version 0x01020304
                + "0200" // ZigBee stack version: PRO
                + HeaderStringHex
                + totalImageSize
                + optionalFields;
        }

        /// <summary>The header <see cref="HeaderHex"/> describes, as fields.</summary>
        public static OtaHeader GoldenHeader(ushort fieldControl)
        {
            OtaHeader header = new OtaHeader();
            header.FieldControl = fieldControl;
            header.ManufacturerCode = 0x1234;
            header.ImageType = OtaImageType.Configuration;
            header.FileVersion = 0x01020304;
            header.ZigBeeStackVersion = OtaHeader.ZigBeeProStackVersion;
            header.SetHeaderString(HeaderStringText);
            header.SecurityCredentialVersion = 0x02;
            header.UpgradeFileDestination = 0x0011223344556677UL;
            header.MinimumHardwareVersion = 0x0102;
            header.MaximumHardwareVersion = 0x0304;
            return header;
        }

        /// <summary>Decodes hex written in a test; a typo is a test defect, so it throws.</summary>
        public static byte[] FromHex(string hex)
        {
            if (!Hex.TryDecode(hex, out byte[] bytes))
            {
                throw new System.ArgumentException("bad hex in test: " + hex);
            }

            return bytes;
        }

        /// <summary>A random header: every combination of optional fields, sometimes a reserved bit, random values.</summary>
        public static OtaHeader RandomHeader(TestRandom random)
        {
            OtaHeader header = new OtaHeader();
            ushort fieldControl = (ushort)random.Next(8);
            if (random.Next(8) == 0)
            {
                fieldControl |= 0x0100;
            }

            header.FieldControl = fieldControl;
            header.ManufacturerCode = (ushort)random.Next(0x10000);
            header.ImageType = (ushort)random.Next(0x10000);
            header.FileVersion = (uint)random.NextUInt64();
            header.ZigBeeStackVersion = (ushort)random.Next(4);
            random.NextBytes(header.HeaderString, 0, random.Next(OtaHeader.HeaderStringLength + 1));
            header.SecurityCredentialVersion = (byte)random.Next(256);
            header.UpgradeFileDestination = random.NextUInt64();
            header.MinimumHardwareVersion = (ushort)random.Next(0x10000);
            header.MaximumHardwareVersion = (ushort)random.Next(0x10000);
            return header;
        }

        /// <summary>Builds a random image of <paramref name="layout"/> with a payload of <paramref name="payloadLength"/> random bytes.</summary>
        public static byte[] RandomImage(TestRandom random, OtaImageLayout layout, int payloadLength, out byte[] payload, out byte[] signature, out byte forceReplace)
        {
            OtaHeader header = RandomHeader(random);
            payload = random.NextBytes(payloadLength);
            signature = random.NextBytes(64);
            forceReplace = (byte)random.Next(2);
            byte[] image = new byte[(int)OtaImageBuilder.EncodedLength(header, layout, payloadLength)];
            ByteWriter writer = new ByteWriter(image);
            if (layout == OtaImageLayout.GbcsSigned)
            {
                OtaImageBuilder.WriteGbcsSigned(header, payload, 0, payloadLength, forceReplace, signature, 0, writer);
            }
            else
            {
                OtaImageBuilder.Write(header, layout, payload, 0, payloadLength, writer);
            }

            return image;
        }

        /// <summary>A random layout among the three real ones.</summary>
        public static OtaImageLayout RandomLayout(TestRandom random)
        {
            int pick = random.Next(3);
            return pick == 0 ? OtaImageLayout.ZigBee : pick == 1 ? OtaImageLayout.Gbcs : OtaImageLayout.GbcsSigned;
        }

        /// <summary>
        /// A random image, often damaged: truncated, extended, a header field rewritten, a longer header inserted
        /// (still valid), a byte flipped, or plain random bytes.
        /// </summary>
        public static byte[] RandomInput(TestRandom random)
        {
            OtaImageLayout layout = RandomLayout(random);
            byte[] image = RandomImage(random, layout, random.Next(8) == 0 ? random.Next(8) : random.Next(400), out byte[] _, out byte[] _, out byte _);
            switch (random.Next(9))
            {
                case 0:
                    return image;
                case 1:
                    return Slice(image, random.Next(image.Length + 1));
                case 2:
                    return Concat(image, random.NextBytes(1 + random.Next(80)));
                case 3:
                    // Header length rewritten (often shorter than the fields, sometimes past the end).
                    image[6] = (byte)random.Next(256);
                    image[7] = (byte)(random.Next(4) == 0 ? random.Next(256) : 0);
                    return image;
                case 4:
                    // Total image size rewritten around the real one.
                    WriteUInt32(image, 52, (uint)(image.Length - 70 + random.Next(140)));
                    return image;
                case 5:
                    return ExtendHeader(image, 1 + random.Next(100), random);
                case 6:
                    image[random.Next(image.Length)] ^= (byte)(1 + random.Next(255));
                    return image;
                case 7:
                    // Magic or version damaged.
                    image[random.Next(6)] ^= (byte)(1 + random.Next(255));
                    return image;
                default:
                    return random.NextBytes(random.Next(200));
            }
        }

        /// <summary>Inserts <paramref name="extra"/> random bytes after the known header fields and fixes the header length and total size.</summary>
        public static byte[] ExtendHeader(byte[] image, int extra, TestRandom random)
        {
            int headerLength = image[6] | (image[7] << 8);
            byte[] extended = new byte[image.Length + extra];
            System.Array.Copy(image, 0, extended, 0, headerLength);
            random.NextBytes(extended, headerLength, extra);
            System.Array.Copy(image, headerLength, extended, headerLength + extra, image.Length - headerLength);
            extended[6] = (byte)(headerLength + extra);
            extended[7] = (byte)((headerLength + extra) >> 8);
            WriteUInt32(extended, 52, (uint)extended.Length);
            return extended;
        }

        /// <summary>The first <paramref name="count"/> bytes.</summary>
        public static byte[] Slice(byte[] source, int count)
        {
            byte[] result = new byte[count];
            System.Array.Copy(source, result, count);
            return result;
        }

        /// <summary><paramref name="first"/> then <paramref name="second"/>.</summary>
        public static byte[] Concat(byte[] first, byte[] second)
        {
            byte[] result = new byte[first.Length + second.Length];
            System.Array.Copy(first, result, first.Length);
            System.Array.Copy(second, 0, result, first.Length, second.Length);
            return result;
        }

        private static void WriteUInt32(byte[] buffer, int index, uint value)
        {
            buffer[index] = (byte)value;
            buffer[index + 1] = (byte)(value >> 8);
            buffer[index + 2] = (byte)(value >> 16);
            buffer[index + 3] = (byte)(value >> 24);
        }
    }
}
