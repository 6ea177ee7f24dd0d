using HanBench.Protocol.Bytes;
using HanBench.Protocol.Ota;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Ota
{
    [TestClass]
    public class OtaHeaderTests
    {
        // Golden headers, one per optional-field combination: header length, field control, optional fields.
        private static readonly string[] Vectors = new string[]
        {
            OtaTestImages.HeaderHex("3800", "0000", "00040000", ""),
            OtaTestImages.HeaderHex("3900", "0100", "00040000", OtaTestImages.SecurityCredentialHex),
            OtaTestImages.HeaderHex("4000", "0200", "00040000", OtaTestImages.DestinationHex),
            OtaTestImages.HeaderHex("3C00", "0400", "00040000", OtaTestImages.HardwareVersionsHex),
            OtaTestImages.HeaderHex("4500", "0700", "00040000", OtaTestImages.SecurityCredentialHex + OtaTestImages.DestinationHex + OtaTestImages.HardwareVersionsHex),
        };

        private static readonly ushort[] FieldControls = new ushort[] { 0x0000, 0x0001, 0x0002, 0x0004, 0x0007 };

        [TestMethod]
        public void TryDecode_GoldenVectors_GiveEveryField()
        {
            for (int v = 0; v < Vectors.Length; v++)
            {
                byte[] bytes = OtaTestImages.FromHex(Vectors[v]);
                ByteReader reader = new ByteReader(bytes, 0, bytes.Length);
                OtaHeader header = new OtaHeader();
                string at = "vector " + v.ToString();
                Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)OtaHeader.TryDecode(reader, header), at);
                Assert.AreEqual(0, reader.Remaining, at);
                Assert.AreEqual(bytes.Length, (int)header.HeaderLength, at);
                Assert.AreEqual(bytes.Length, header.EncodedLength, at);
                Assert.AreEqual(FieldControls[v], header.FieldControl, at);
                Assert.AreEqual((ushort)0x1234, header.ManufacturerCode, at);
                Assert.AreEqual((ushort)0xFFC1, header.ImageType, at);
                Assert.AreEqual(0x01020304U, header.FileVersion, at);
                Assert.AreEqual((ushort)0x0002, header.ZigBeeStackVersion, at);
                Assert.AreEqual(OtaTestImages.HeaderStringText, header.GetHeaderString(), at);
                Assert.AreEqual(OtaTestImages.HeaderStringHex, Hex.Encode(header.HeaderString), at);
                Assert.AreEqual(1024U, header.TotalImageSize, at);
                Assert.AreEqual((FieldControls[v] & 1) != 0, header.HasSecurityCredentialVersion, at);
                Assert.AreEqual((FieldControls[v] & 2) != 0, header.HasUpgradeFileDestination, at);
                Assert.AreEqual((FieldControls[v] & 4) != 0, header.HasHardwareVersions, at);
                Assert.AreEqual(header.HasSecurityCredentialVersion ? (byte)0x02 : (byte)0, header.SecurityCredentialVersion, at);
                Assert.AreEqual(header.HasUpgradeFileDestination ? 0x0011223344556677UL : 0UL, header.UpgradeFileDestination, at);
                Assert.AreEqual(header.HasHardwareVersions ? (ushort)0x0102 : (ushort)0, header.MinimumHardwareVersion, at);
                Assert.AreEqual(header.HasHardwareVersions ? (ushort)0x0304 : (ushort)0, header.MaximumHardwareVersion, at);
            }
        }

        [TestMethod]
        public void WriteTo_GoldenFields_GiveGoldenBytes()
        {
            for (int v = 0; v < Vectors.Length; v++)
            {
                OtaHeader header = OtaTestImages.GoldenHeader(FieldControls[v]);
                header.TotalImageSize = 1024;
                byte[] output = new byte[header.EncodedLength];
                header.WriteTo(new ByteWriter(output));
                Assert.AreEqual(Vectors[v], Hex.Encode(output), "vector " + v.ToString());
            }
        }

        [TestMethod]
        public void TryDecode_EveryTruncationOfEveryVector_IsTruncated()
        {
            OtaHeader header = new OtaHeader();
            ByteReader reader = new ByteReader();
            for (int v = 0; v < Vectors.Length; v++)
            {
                byte[] bytes = OtaTestImages.FromHex(Vectors[v]);
                for (int length = 0; length < bytes.Length; length++)
                {
                    reader.Reset(bytes, 0, length);
                    Assert.AreEqual((byte)OtaFileStatus.Truncated, (byte)OtaHeader.TryDecode(reader, header), "vector " + v.ToString() + " cut at " + length.ToString());
                }
            }
        }

        [TestMethod]
        public void TryDecode_WrongMagic_IsBadMagic()
        {
            byte[] bytes = OtaTestImages.FromHex(Vectors[0]);
            bytes[3] = 0x0C;
            Assert.AreEqual((byte)OtaFileStatus.BadMagic, (byte)OtaHeader.TryDecode(new ByteReader(bytes, 0, bytes.Length), new OtaHeader()));
            byte[] text = System.Text.Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>");
            Assert.AreEqual((byte)OtaFileStatus.BadMagic, (byte)OtaHeader.TryDecode(new ByteReader(text, 0, text.Length), new OtaHeader()));
        }

        [TestMethod]
        [DataRow(0x00, 0x02)]
        [DataRow(0x01, 0x01)]
        [DataRow(0x00, 0x00)]
        public void TryDecode_OtherHeaderVersion_IsUnsupported(int low, int high)
        {
            byte[] bytes = OtaTestImages.FromHex(Vectors[0]);
            bytes[4] = (byte)low;
            bytes[5] = (byte)high;
            Assert.AreEqual((byte)OtaFileStatus.UnsupportedHeaderVersion, (byte)OtaHeader.TryDecode(new ByteReader(bytes, 0, bytes.Length), new OtaHeader()));
        }

        [TestMethod]
        public void TryDecode_HeaderLengthShorterThanAnnouncedFields_IsHeaderLengthMismatch()
        {
            // All optional fields announced (69 bytes) but a header length of 68.
            byte[] bytes = OtaTestImages.FromHex(Vectors[4]);
            bytes[6] = 0x44;
            Assert.AreEqual((byte)OtaFileStatus.HeaderLengthMismatch, (byte)OtaHeader.TryDecode(new ByteReader(bytes, 0, bytes.Length), new OtaHeader()));
            bytes[6] = 0x00;
            Assert.AreEqual((byte)OtaFileStatus.HeaderLengthMismatch, (byte)OtaHeader.TryDecode(new ByteReader(bytes, 0, bytes.Length), new OtaHeader()));
        }

        [TestMethod]
        public void TryDecode_TotalSizeSmallerThanHeader_IsTotalSizeMismatch()
        {
            byte[] bytes = OtaTestImages.FromHex(OtaTestImages.HeaderHex("3800", "0000", "37000000", ""));
            Assert.AreEqual((byte)OtaFileStatus.TotalSizeMismatch, (byte)OtaHeader.TryDecode(new ByteReader(bytes, 0, bytes.Length), new OtaHeader()));
            bytes = OtaTestImages.FromHex(OtaTestImages.HeaderHex("3800", "0000", "38000000", ""));
            Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)OtaHeader.TryDecode(new ByteReader(bytes, 0, bytes.Length), new OtaHeader()));
        }

        [TestMethod]
        public void TryDecode_HeaderLongerThanKnownFields_SkipsTheExtraBytes()
        {
            // A later header version may append fields; the header length says where the header ends (ZCL OTA).
            byte[] bytes = OtaTestImages.FromHex(OtaTestImages.HeaderHex("3B00", "0000", "00040000", "AABBCC") + "DD");
            ByteReader reader = new ByteReader(bytes, 0, bytes.Length);
            OtaHeader header = new OtaHeader();
            Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)OtaHeader.TryDecode(reader, header));
            Assert.AreEqual(59, (int)header.HeaderLength);
            Assert.AreEqual(56, header.EncodedLength);
            Assert.AreEqual(1, reader.Remaining);
            reader.Reset(bytes, 0, 58);
            Assert.AreEqual((byte)OtaFileStatus.Truncated, (byte)OtaHeader.TryDecode(reader, header));
        }

        [TestMethod]
        public void TryDecode_ReservedFieldControlBits_AreKeptAndWrittenBack()
        {
            byte[] bytes = OtaTestImages.FromHex(OtaTestImages.HeaderHex("3C00", "0480", "00040000", OtaTestImages.HardwareVersionsHex));
            OtaHeader header = new OtaHeader();
            Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)OtaHeader.TryDecode(new ByteReader(bytes, 0, bytes.Length), header));
            Assert.AreEqual((ushort)0x8004, header.FieldControl);
            Assert.IsTrue(header.HasHardwareVersions);
            byte[] output = new byte[header.EncodedLength];
            header.WriteTo(new ByteWriter(output));
            CollectionAssert.AreEqual(bytes, output);
        }

        [TestMethod]
        public void TryDecode_AtReaderOffset_ReadsFromThere()
        {
            byte[] golden = OtaTestImages.FromHex(Vectors[3]);
            byte[] bytes = new byte[golden.Length + 7];
            System.Array.Copy(golden, 0, bytes, 5, golden.Length);
            ByteReader reader = new ByteReader(bytes, 5, golden.Length);
            OtaHeader header = new OtaHeader();
            Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)OtaHeader.TryDecode(reader, header));
            Assert.AreEqual((ushort)0x0304, header.MaximumHardwareVersion);
            Assert.AreEqual(5 + golden.Length, reader.Position);
        }

        [TestMethod]
        public void FieldControlProperties_SetAndClearTheirBitsOnly()
        {
            OtaHeader header = new OtaHeader();
            header.FieldControl = 0x8000;
            header.HasUpgradeFileDestination = true;
            Assert.AreEqual((ushort)0x8002, header.FieldControl);
            Assert.AreEqual(64, header.EncodedLength);
            header.HasSecurityCredentialVersion = true;
            header.HasHardwareVersions = true;
            Assert.AreEqual(OtaHeader.MaxEncodedLength, header.EncodedLength);
            header.HasUpgradeFileDestination = false;
            Assert.AreEqual((ushort)0x8005, header.FieldControl);
        }

        [TestMethod]
        public void HeaderString_LongerThan32Bytes_Throws_ExactlyFitting_RoundTrips()
        {
            OtaHeader header = new OtaHeader();
            Assert.ThrowsException(typeof(System.ArgumentException), () => header.SetHeaderString("123456789012345678901234567890123"));
            header.SetHeaderString("12345678901234567890123456789012");
            Assert.AreEqual("12345678901234567890123456789012", header.GetHeaderString());
            header.SetHeaderString("short");
            Assert.AreEqual("short", header.GetHeaderString());
            Assert.AreEqual((byte)0, header.HeaderString[5]);
        }

        [TestMethod]
        public void RandomHeaders_RoundTrip()
        {
            ulong seed = 0x07A4EAD0001UL;
            TestRandom random = new TestRandom(seed);
            OtaHeader decoded = new OtaHeader();
            ByteReader reader = new ByteReader();
            for (int round = 0; round < 2000; round++)
            {
                OtaHeader header = OtaTestImages.RandomHeader(random);
                header.TotalImageSize = (uint)(header.EncodedLength + random.Next(100000));
                byte[] first = new byte[header.EncodedLength];
                header.WriteTo(new ByteWriter(first));
                reader.Reset(first, 0, first.Length);
                string at = "seed 0x" + seed.ToString("X") + " round " + round.ToString();
                Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)OtaHeader.TryDecode(reader, decoded), at);
                Assert.AreEqual(header.FieldControl, decoded.FieldControl, at);
                Assert.AreEqual(header.FileVersion, decoded.FileVersion, at);
                Assert.AreEqual(header.TotalImageSize, decoded.TotalImageSize, at);
                byte[] second = new byte[decoded.EncodedLength];
                decoded.WriteTo(new ByteWriter(second));
                Assert.AreEqual(Hex.Encode(first), Hex.Encode(second), at);
            }
        }

        [TestMethod]
        public void TryDecode_TenThousandRandomInputs_NeverThrow()
        {
            ulong seed = 0x07A4EAD0002UL;
            TestRandom random = new TestRandom(seed);
            OtaHeader header = new OtaHeader();
            ByteReader reader = new ByteReader();
            byte[] golden = OtaTestImages.FromHex(Vectors[4]);
            int ok = 0;
            for (int round = 0; round < 10000; round++)
            {
                byte[] input;
                if (random.Next(2) == 0)
                {
                    input = random.NextBytes(random.Next(90));
                }
                else
                {
                    // Mostly-valid headers reach the deeper checks.
                    input = OtaTestImages.Slice(golden, golden.Length);
                    int flips = 1 + random.Next(3);
                    for (int f = 0; f < flips; f++)
                    {
                        input[random.Next(input.Length)] = (byte)random.Next(256);
                    }

                    input = OtaTestImages.Slice(input, random.Next(input.Length + 1));
                }

                reader.Reset(input, 0, input.Length);
                OtaFileStatus status = OtaHeader.TryDecode(reader, header);
                if (status == OtaFileStatus.Ok)
                {
                    ok++;
                    Assert.IsTrue(header.HeaderLength >= header.EncodedLength, "seed 0x" + seed.ToString("X") + " round " + round.ToString());
                    Assert.IsTrue(header.TotalImageSize >= header.HeaderLength, "seed 0x" + seed.ToString("X") + " round " + round.ToString());
                }
            }

            OutputHelper.WriteLine("random headers decoded Ok: " + ok.ToString() + " of 10000");
            Assert.IsTrue(ok > 0, "seed 0x" + seed.ToString("X") + ": no random header decoded, the sweep never reached the field checks");
        }
    }
}
