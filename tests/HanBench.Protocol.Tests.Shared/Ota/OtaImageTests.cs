using HanBench.Protocol.Bytes;
using HanBench.Protocol.Integrity;
using HanBench.Protocol.Ota;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Ota
{
    [TestClass]
    public class OtaImageTests
    {
        private const string Payload = "CAFEF00D";

        // The 64-byte signature of the golden signed image: bytes 0x00..0x3F.
        private const string SignatureHex =
            "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
            + "202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F";

        // Golden images of our own, one per layout, with a 56-byte header (no optional fields).
        private static readonly string GbcsSignedImage = OtaTestImages.HeaderHex("3800", "0000", "7E000000", "") + Payload + "01" + "40" + SignatureHex;
        private static readonly string GbcsImage = OtaTestImages.HeaderHex("3800", "0000", "3C000000", "") + Payload;
        private static readonly string ZigBeeImage = OtaTestImages.HeaderHex("3800", "0000", "42000000", "") + "0000" + "04000000" + Payload;

        // A ZigBee image with three sub-elements: an integrity code first, the upgrade image, a certificate.
        private static readonly string ZigBeeThreeElementImage = OtaTestImages.HeaderHex("3800", "0000", "53000000", "")
            + "0300" + "03000000" + "AABBCC"
            + "0000" + "04000000" + Payload
            + "0200" + "02000000" + "DDEE";

        [TestMethod]
        public void Builder_GoldenFields_GiveGoldenImages()
        {
            byte[] payload = OtaTestImages.FromHex(Payload);
            Assert.AreEqual(GbcsSignedImage, Build(OtaImageLayout.GbcsSigned, payload, 0x01));
            Assert.AreEqual(GbcsImage, Build(OtaImageLayout.Gbcs, payload, 0));
            Assert.AreEqual(ZigBeeImage, Build(OtaImageLayout.ZigBee, payload, 0));
        }

        [TestMethod]
        public void TryParse_GoldenGbcsSigned_FindsManufacturerImageAndTrailer()
        {
            byte[] bytes = OtaTestImages.FromHex(GbcsSignedImage);
            OtaImage image = ParseAuto(bytes);
            Assert.AreEqual((byte)OtaImageLayout.GbcsSigned, (byte)image.Layout);
            Assert.IsTrue(image.HasSignature);
            Assert.AreEqual(56, image.ManufacturerImageOffset);
            Assert.AreEqual(4, image.ManufacturerImageLength);
            Assert.AreEqual((byte)0x01, image.ForceReplace);
            Assert.AreEqual(62, image.SignatureOffset);
            Assert.AreEqual(SignatureHex, Hex.Encode(bytes, image.SignatureOffset, 64));
            Assert.AreEqual(Hex.Encode(Sha256.Hash(OtaTestImages.FromHex(Payload))), Hex.Encode(image.GetManufacturerImageHash()));
            Assert.AreEqual((ushort)0x1234, image.Header.ManufacturerCode);
        }

        [TestMethod]
        public void TryParse_GoldenGbcsUnsigned_WholeBodyIsManufacturerImage()
        {
            byte[] bytes = OtaTestImages.FromHex(GbcsImage);
            OtaImage image = ParseAuto(bytes);
            Assert.AreEqual((byte)OtaImageLayout.Gbcs, (byte)image.Layout);
            Assert.IsFalse(image.HasSignature);
            Assert.AreEqual(56, image.ManufacturerImageOffset);
            Assert.AreEqual(4, image.ManufacturerImageLength);
            Assert.AreEqual(Hex.Encode(Sha256.Hash(OtaTestImages.FromHex(Payload))), Hex.Encode(image.GetManufacturerImageHash()));
        }

        [TestMethod]
        public void TryParse_GoldenZigBee_ManufacturerImageIsUpgradeImageElement()
        {
            byte[] bytes = OtaTestImages.FromHex(ZigBeeImage);
            OtaImage image = ParseAuto(bytes);
            Assert.AreEqual((byte)OtaImageLayout.ZigBee, (byte)image.Layout);
            Assert.AreEqual(1, image.SubElementCount);
            Assert.AreEqual(62, image.ManufacturerImageOffset);
            Assert.AreEqual(4, image.ManufacturerImageLength);
            Assert.AreEqual(Hex.Encode(Sha256.Hash(OtaTestImages.FromHex(Payload))), Hex.Encode(image.GetManufacturerImageHash()));
        }

        [TestMethod]
        public void TryParse_ZigBeeWithSeveralElements_ListsThemAndFindsTheUpgradeImage()
        {
            byte[] bytes = OtaTestImages.FromHex(ZigBeeThreeElementImage);
            OtaImage image = ParseAuto(bytes);
            Assert.AreEqual((byte)OtaImageLayout.ZigBee, (byte)image.Layout);
            Assert.AreEqual(3, image.SubElementCount);
            Assert.AreEqual(Payload, Hex.Encode(bytes, image.ManufacturerImageOffset, image.ManufacturerImageLength));
            Assert.IsTrue(image.TryGetSubElement(0, out ushort tag, out int offset, out int length));
            Assert.AreEqual(OtaSubElementTag.ImageIntegrityCode, tag);
            Assert.AreEqual("AABBCC", Hex.Encode(bytes, offset, length));
            Assert.IsTrue(image.TryGetSubElement(2, out tag, out offset, out length));
            Assert.AreEqual(OtaSubElementTag.EcdsaSigningCertificate, tag);
            Assert.AreEqual("DDEE", Hex.Encode(bytes, offset, length));
            Assert.IsFalse(image.TryGetSubElement(3, out tag, out offset, out length));
        }

        [TestMethod]
        public void TryParse_ZigBeeWithoutUpgradeImageElement_IsNotZigBee()
        {
            byte[] bytes = OtaTestImages.FromHex(OtaTestImages.HeaderHex("3800", "0000", "42000000", "") + "0300" + "04000000" + Payload);
            OtaImage image = ParseAuto(bytes);
            Assert.AreEqual((byte)OtaImageLayout.Gbcs, (byte)image.Layout);
            AssertStatus(OtaFileStatus.LayoutMismatch, OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.ZigBee, image), "zigbee");
        }

        [TestMethod]
        public void TryParse_ExpectedLayout_IsHonouredOrRefused()
        {
            OtaImage image = new OtaImage();
            byte[] signed = OtaTestImages.FromHex(GbcsSignedImage);
            byte[] unsigned = OtaTestImages.FromHex(GbcsImage);
            byte[] zigBee = OtaTestImages.FromHex(ZigBeeImage);

            // A signed image read as unsigned: the trailer becomes part of the Manufacturer Image.
            AssertStatus(OtaFileStatus.Ok, OtaImage.TryParse(signed, 0, signed.Length, OtaImageLayout.Gbcs, image), "signed as gbcs");
            Assert.AreEqual(70, image.ManufacturerImageLength);
            AssertStatus(OtaFileStatus.LayoutMismatch, OtaImage.TryParse(unsigned, 0, unsigned.Length, OtaImageLayout.GbcsSigned, image), "unsigned as signed");
            Assert.AreEqual((byte)OtaImageLayout.Unknown, (byte)image.Layout);
            AssertStatus(OtaFileStatus.LayoutMismatch, OtaImage.TryParse(signed, 0, signed.Length, OtaImageLayout.ZigBee, image), "signed as zigbee");
            AssertStatus(OtaFileStatus.Ok, OtaImage.TryParse(zigBee, 0, zigBee.Length, OtaImageLayout.ZigBee, image), "zigbee");
            AssertStatus(OtaFileStatus.Ok, OtaImage.TryParse(zigBee, 0, zigBee.Length, OtaImageLayout.Gbcs, image), "zigbee as gbcs");
            Assert.AreEqual(10, image.ManufacturerImageLength);
        }

        [TestMethod]
        public void TryParse_ForceReplaceOtherThanZeroOrOne_IsNotATrailer()
        {
            byte[] bytes = OtaTestImages.FromHex(GbcsSignedImage);
            bytes[60] = 0x02;
            OtaImage image = ParseAuto(bytes);
            Assert.AreEqual((byte)OtaImageLayout.Gbcs, (byte)image.Layout);
            bytes[60] = 0x00;
            bytes[61] = 0x41;
            AssertStatus(OtaFileStatus.LayoutMismatch, OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.GbcsSigned, image), "signed");
        }

        [TestMethod]
        public void TryParse_EveryTruncationOfEveryGoldenImage_IsTruncated()
        {
            OtaImage image = new OtaImage();
            string[] images = new string[] { GbcsSignedImage, GbcsImage, ZigBeeImage, ZigBeeThreeElementImage };
            for (int v = 0; v < images.Length; v++)
            {
                byte[] bytes = OtaTestImages.FromHex(images[v]);
                for (int length = 0; length < bytes.Length; length++)
                {
                    AssertStatus(OtaFileStatus.Truncated, OtaImage.TryParse(bytes, 0, length, OtaImageLayout.Unknown, image), "image " + v.ToString() + " cut at " + length.ToString());
                }
            }
        }

        [TestMethod]
        public void TryParse_BytesBeyondTotalSize_IsTotalSizeMismatch()
        {
            byte[] bytes = OtaTestImages.FromHex(GbcsImage + "00");
            AssertStatus(OtaFileStatus.TotalSizeMismatch, OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.Unknown, new OtaImage()), "one extra byte");
        }

        [TestMethod]
        public void TryParse_AtBufferOffset_ReportsIndicesInTheBuffer()
        {
            byte[] golden = OtaTestImages.FromHex(GbcsSignedImage);
            byte[] bytes = new byte[golden.Length + 10];
            System.Array.Copy(golden, 0, bytes, 3, golden.Length);
            OtaImage image = new OtaImage();
            AssertStatus(OtaFileStatus.Ok, OtaImage.TryParse(bytes, 3, golden.Length, OtaImageLayout.Unknown, image), "offset 3");
            Assert.AreEqual(3, image.Offset);
            Assert.AreEqual(59, image.ManufacturerImageOffset);
            Assert.AreEqual(65, image.SignatureOffset);
            Assert.AreEqual(Payload, Hex.Encode(bytes, image.ManufacturerImageOffset, image.ManufacturerImageLength));
        }

        [TestMethod]
        public void TryParse_HeaderWithOptionalFields_BodyStartsAfterThem()
        {
            string header = OtaTestImages.HeaderHex("4500", "0700", "49000000", OtaTestImages.SecurityCredentialHex + OtaTestImages.DestinationHex + OtaTestImages.HardwareVersionsHex);
            byte[] bytes = OtaTestImages.FromHex(header + Payload);
            OtaImage image = ParseAuto(bytes);
            Assert.AreEqual(69, image.ManufacturerImageOffset);
            Assert.AreEqual((ushort)0x0102, image.Header.MinimumHardwareVersion);
        }

        [TestMethod]
        public void Builder_RandomImages_ParseBackToTheirParts()
        {
            ulong seed = 0x0B1D0001UL;
            TestRandom random = new TestRandom(seed);
            OtaImage image = new OtaImage();
            for (int round = 0; round < 1000; round++)
            {
                OtaImageLayout layout = OtaTestImages.RandomLayout(random);
                byte[] bytes = OtaTestImages.RandomImage(random, layout, random.Next(300), out byte[] payload, out byte[] signature, out byte forceReplace);
                string at = "seed 0x" + seed.ToString("X") + " round " + round.ToString() + " layout " + ((byte)layout).ToString();
                AssertStatus(OtaFileStatus.Ok, OtaImage.TryParse(bytes, 0, bytes.Length, layout, image), at);
                Assert.AreEqual((byte)layout, (byte)image.Layout, at);
                Assert.AreEqual(Hex.Encode(payload), Hex.Encode(bytes, image.ManufacturerImageOffset, image.ManufacturerImageLength), at);
                Assert.AreEqual(Hex.Encode(Sha256.Hash(payload)), Hex.Encode(image.GetManufacturerImageHash()), at);
                if (layout == OtaImageLayout.GbcsSigned)
                {
                    Assert.AreEqual(Hex.Encode(signature), Hex.Encode(bytes, image.SignatureOffset, 64), at);
                    Assert.AreEqual(forceReplace, image.ForceReplace, at);
                }

                // Detection agrees unless the random content itself has the other layout's shape (documented rule).
                OtaImageLayout detected = DetectExpected(bytes, image.Header.HeaderLength, layout);
                AssertStatus(OtaFileStatus.Ok, OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.Unknown, image), at);
                Assert.AreEqual((byte)detected, (byte)image.Layout, at);
            }
        }

        [TestMethod]
        public void TryParse_TenThousandRandomInputs_NeverThrow()
        {
            ulong seed = 0x0B1D0002UL;
            TestRandom random = new TestRandom(seed);
            OtaImage image = new OtaImage();
            int ok = 0;
            for (int round = 0; round < 10000; round++)
            {
                byte[] bytes = OtaTestImages.RandomInput(random);
                OtaImageLayout expected = random.Next(4) == 0 ? OtaTestImages.RandomLayout(random) : OtaImageLayout.Unknown;
                OtaFileStatus status = OtaImage.TryParse(bytes, 0, bytes.Length, expected, image);
                if (status == OtaFileStatus.Ok)
                {
                    ok++;
                    string at = "seed 0x" + seed.ToString("X") + " round " + round.ToString();
                    Assert.IsTrue(image.ManufacturerImageOffset >= image.Header.HeaderLength, at);
                    Assert.IsTrue(image.ManufacturerImageOffset + image.ManufacturerImageLength <= bytes.Length, at);
                    image.GetManufacturerImageHash();
                }
            }

            OutputHelper.WriteLine("random images parsed Ok: " + ok.ToString() + " of 10000");
            Assert.IsTrue(ok > 1000, "seed 0x" + seed.ToString("X") + ": too few valid images, the sweep is not reaching the layout rule");
        }

        [TestMethod]
        public void Builder_BadArguments_Throw()
        {
            OtaHeader header = OtaTestImages.GoldenHeader(0);
            byte[] payload = new byte[4];
            byte[] output = new byte[200];
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => OtaImageBuilder.Write(header, OtaImageLayout.GbcsSigned, payload, 0, 4, new ByteWriter(output)));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => OtaImageBuilder.Write(header, OtaImageLayout.Unknown, payload, 0, 4, new ByteWriter(output)));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => OtaImageBuilder.WriteGbcsSigned(header, payload, 0, 4, 0x02, new byte[64], 0, new ByteWriter(output)));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => OtaImageBuilder.WriteGbcsSigned(header, payload, 0, 4, 0x00, new byte[63], 0, new ByteWriter(output)));
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => OtaImageBuilder.Write(header, OtaImageLayout.Gbcs, payload, 0, 4, new ByteWriter(new byte[59])));
        }

        private static OtaImageLayout DetectExpected(byte[] bytes, int headerLength, OtaImageLayout built)
        {
            int bodyLength = bytes.Length - headerLength;
            if (OtaImage.TryTileSubElements(bytes, headerLength, bodyLength, out int _, out int _, out int _))
            {
                return OtaImageLayout.ZigBee;
            }

            if (bodyLength >= GbcsSignatureTrailer.Length && GbcsSignatureTrailer.Matches(bytes, bytes.Length - GbcsSignatureTrailer.Length))
            {
                return OtaImageLayout.GbcsSigned;
            }

            Assert.AreEqual((byte)OtaImageLayout.Gbcs, (byte)built, "a built ZigBee or signed image must match its own shape");
            return OtaImageLayout.Gbcs;
        }

        private static string Build(OtaImageLayout layout, byte[] payload, byte forceReplace)
        {
            OtaHeader header = OtaTestImages.GoldenHeader(0);
            byte[] output = new byte[(int)OtaImageBuilder.EncodedLength(header, layout, payload.Length)];
            ByteWriter writer = new ByteWriter(output);
            if (layout == OtaImageLayout.GbcsSigned)
            {
                OtaImageBuilder.WriteGbcsSigned(header, payload, 0, payload.Length, forceReplace, OtaTestImages.FromHex(SignatureHex), 0, writer);
            }
            else
            {
                OtaImageBuilder.Write(header, layout, payload, 0, payload.Length, writer);
            }

            Assert.AreEqual(output.Length, writer.Written);
            Assert.AreEqual((uint)output.Length, header.TotalImageSize);
            return Hex.Encode(output);
        }

        /// <summary>Parses the whole buffer with the layout left to detection, asserting that it parses.</summary>
        private static OtaImage ParseAuto(byte[] bytes)
        {
            OtaImage image = new OtaImage();
            AssertStatus(OtaFileStatus.Ok, OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.Unknown, image), "auto");
            return image;
        }

        private static void AssertStatus(OtaFileStatus expected, OtaFileStatus actual, string at)
        {
            Assert.AreEqual((byte)expected, (byte)actual, at + ": expected " + ((byte)expected).ToString() + " got " + ((byte)actual).ToString());
        }
    }
}
