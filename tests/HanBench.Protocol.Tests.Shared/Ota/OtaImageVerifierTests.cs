using HanBench.Protocol.Bytes;
using HanBench.Protocol.Integrity;
using HanBench.Protocol.Ota;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Ota
{
    [TestClass]
    public class OtaImageVerifierTests
    {
        [TestMethod]
        public void Verifier_RandomImagesInRandomBlocks_AgreesWithWholeImageParse()
        {
            ulong seed = 0x5EE1F1E0001UL;
            TestRandom random = new TestRandom(seed);
            OtaImageVerifier verifier = new OtaImageVerifier();
            OtaImage image = new OtaImage();
            int ok = 0;
            for (int round = 0; round < 10000; round++)
            {
                byte[] bytes = OtaTestImages.RandomInput(random);
                OtaImageLayout expected = random.Next(4) == 0 ? OtaTestImages.RandomLayout(random) : OtaImageLayout.Unknown;
                string at = "seed 0x" + seed.ToString("X") + " round " + round.ToString();

                OtaFileStatus whole = OtaImage.TryParse(bytes, 0, bytes.Length, expected, image);
                OtaFileStatus streamed = Stream(verifier, expected, bytes, random);
                Assert.AreEqual((byte)whole, (byte)streamed, at + ": status");
                if (whole != OtaFileStatus.Ok)
                {
                    continue;
                }

                ok++;
                Assert.AreEqual((byte)image.Layout, (byte)verifier.Layout, at + ": layout");
                Assert.AreEqual((long)image.ManufacturerImageOffset, verifier.ManufacturerImageOffset, at + ": offset");
                Assert.AreEqual((long)image.ManufacturerImageLength, verifier.ManufacturerImageLength, at + ": length");
                Assert.AreEqual(Hex.Encode(image.GetManufacturerImageHash()), Hex.Encode(verifier.ManufacturerImageHash), at + ": hash");
                Assert.AreEqual(image.HasSignature, verifier.HasSignature, at + ": signed");
                Assert.AreEqual(image.ForceReplace, verifier.ForceReplace, at + ": force replace");
                Assert.AreEqual(image.Header.FileVersion, verifier.Header.FileVersion, at + ": file version");
                Assert.AreEqual(image.Header.HeaderLength, verifier.Header.HeaderLength, at + ": header length");
                if (image.HasSignature)
                {
                    Assert.AreEqual(Hex.Encode(bytes, image.SignatureOffset, 64), Hex.Encode(verifier.Signature), at + ": signature");
                }
            }

            OutputHelper.WriteLine("random images verified Ok: " + ok.ToString() + " of 10000");
            Assert.IsTrue(ok > 1000, "seed 0x" + seed.ToString("X") + ": too few valid images to compare layouts and hashes");
        }

        [TestMethod]
        public void Verifier_OneByteBlocks_ReportsBuiltPartsOfEveryLayout()
        {
            ulong seed = 0x5EE1F1E0002UL;
            TestRandom random = new TestRandom(seed);
            OtaImageVerifier verifier = new OtaImageVerifier();
            byte[] one = new byte[1];
            for (int round = 0; round < 60; round++)
            {
                OtaImageLayout layout = OtaTestImages.RandomLayout(random);
                byte[] bytes = OtaTestImages.RandomImage(random, layout, random.Next(200), out byte[] payload, out byte[] signature, out byte forceReplace);
                string at = "seed 0x" + seed.ToString("X") + " round " + round.ToString();
                verifier.Reset(layout);
                for (int i = 0; i < bytes.Length; i++)
                {
                    one[0] = bytes[i];
                    Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)verifier.Append(one, 0, 1), at + " byte " + i.ToString());
                }

                Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)verifier.Complete(), at);
                Assert.AreEqual((byte)layout, (byte)verifier.Layout, at);
                Assert.AreEqual(Hex.Encode(Sha256.Hash(payload)), Hex.Encode(verifier.ManufacturerImageHash), at);
                Assert.AreEqual((long)payload.Length, verifier.ManufacturerImageLength, at);
                if (layout == OtaImageLayout.GbcsSigned)
                {
                    Assert.AreEqual(Hex.Encode(signature), Hex.Encode(verifier.Signature), at);
                    Assert.AreEqual(forceReplace, verifier.ForceReplace, at);
                }
            }
        }

        [TestMethod]
        public void Verifier_HeaderKnownEarly_TotalSizeAvailableBeforeTheBody()
        {
            byte[] bytes = OtaTestImages.FromHex(OtaTestImages.HeaderHex("3800", "0000", "3C000000", "") + "CAFEF00D");
            OtaImageVerifier verifier = new OtaImageVerifier();
            verifier.Append(bytes, 0, 55);
            Assert.IsFalse(verifier.HeaderDecoded);
            verifier.Append(bytes, 55, 1);
            Assert.IsTrue(verifier.HeaderDecoded);
            Assert.AreEqual(60U, verifier.Header.TotalImageSize);
            Assert.AreEqual(56L, verifier.BytesReceived);
        }

        [TestMethod]
        public void Verifier_BytesBeyondTotalSize_IsTotalSizeMismatch_AndSticks()
        {
            byte[] bytes = OtaTestImages.FromHex(OtaTestImages.HeaderHex("3800", "0000", "3C000000", "") + "CAFEF00D" + "00");
            OtaImageVerifier verifier = new OtaImageVerifier();
            Assert.AreEqual((byte)OtaFileStatus.TotalSizeMismatch, (byte)verifier.Append(bytes, 0, bytes.Length));
            Assert.AreEqual(60L, verifier.BytesReceived);
            Assert.AreEqual((byte)OtaFileStatus.TotalSizeMismatch, (byte)verifier.Append(bytes, 0, 1));
            Assert.AreEqual((byte)OtaFileStatus.TotalSizeMismatch, (byte)verifier.Complete());
        }

        [TestMethod]
        public void Verifier_StreamEndsEarly_IsTruncated()
        {
            byte[] bytes = OtaTestImages.FromHex(OtaTestImages.HeaderHex("3800", "0000", "3C000000", "") + "CAFEF00D");
            OtaImageVerifier verifier = new OtaImageVerifier();
            for (int length = 0; length < bytes.Length; length++)
            {
                verifier.Reset();
                verifier.Append(bytes, 0, length);
                Assert.AreEqual((byte)OtaFileStatus.Truncated, (byte)verifier.Complete(), "cut at " + length.ToString());
            }
        }

        [TestMethod]
        public void Verifier_NotAnOtaFile_IsBadMagicEvenWhenShort()
        {
            byte[] text = System.Text.Encoding.UTF8.GetBytes("PK");
            OtaImageVerifier verifier = new OtaImageVerifier();
            verifier.Append(text, 0, text.Length);
            Assert.AreEqual((byte)OtaFileStatus.Truncated, (byte)verifier.Complete());
            text = System.Text.Encoding.UTF8.GetBytes("PK\u0003\u0004 and more");
            verifier.Reset();
            Assert.AreEqual((byte)OtaFileStatus.BadMagic, (byte)verifier.Append(text, 0, text.Length));
            verifier.Reset();
            verifier.Append(text, 0, 5);
            Assert.AreEqual((byte)OtaFileStatus.BadMagic, (byte)verifier.Complete());
        }

        [TestMethod]
        public void Verifier_AppendAfterComplete_Throws_CompleteTwice_SameAnswer()
        {
            byte[] bytes = OtaTestImages.FromHex(OtaTestImages.HeaderHex("3800", "0000", "3C000000", "") + "CAFEF00D");
            OtaImageVerifier verifier = new OtaImageVerifier();
            verifier.Append(bytes, 0, bytes.Length);
            Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)verifier.Complete());
            Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)verifier.Complete());
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => verifier.Append(bytes, 0, 1));
            byte[] hash = new byte[32];
            verifier.GetManufacturerImageHash(hash, 0);
            Assert.AreEqual(Hex.Encode(Sha256.Hash(OtaTestImages.FromHex("CAFEF00D"))), Hex.Encode(hash));
            verifier.Reset();
            Assert.IsFalse(verifier.IsComplete);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => verifier.GetManufacturerImageHash(hash, 0));
        }

        [TestMethod]
        public void Verifier_LongerHeaderThanKnownFields_SkipsItWhileStreaming()
        {
            ulong seed = 0x5EE1F1E0003UL;
            TestRandom random = new TestRandom(seed);
            byte[] bytes = OtaTestImages.RandomImage(random, OtaImageLayout.Gbcs, 50, out byte[] payload, out byte[] _, out byte _);
            bytes = OtaTestImages.ExtendHeader(bytes, 150, random);
            OtaImageVerifier verifier = new OtaImageVerifier();
            verifier.Reset(OtaImageLayout.Gbcs);
            for (int i = 0; i < bytes.Length; i += 7)
            {
                verifier.Append(bytes, i, bytes.Length - i < 7 ? bytes.Length - i : 7);
            }

            Assert.AreEqual((byte)OtaFileStatus.Ok, (byte)verifier.Complete(), "seed 0x" + seed.ToString("X"));
            Assert.AreEqual(Hex.Encode(Sha256.Hash(payload)), Hex.Encode(verifier.ManufacturerImageHash));
            Assert.IsTrue(verifier.Header.HeaderLength > 200);
        }

        private static OtaFileStatus Stream(OtaImageVerifier verifier, OtaImageLayout expected, byte[] bytes, TestRandom random)
        {
            verifier.Reset(expected);
            int position = 0;
            int maxBlock = 1 + random.Next(random.Next(2) == 0 ? 8 : 300);
            while (position < bytes.Length)
            {
                int take = random.Next(maxBlock + 1);
                if (take > bytes.Length - position)
                {
                    take = bytes.Length - position;
                }

                verifier.Append(bytes, position, take);
                position += take;
            }

            return verifier.Complete();
        }
    }
}
