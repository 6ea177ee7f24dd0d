using HanBench.Protocol.Bytes;
using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Security
{
    [TestClass]
    public class AesGcm128Tests
    {
        // The GCM specification's test cases 1-4 (McGrew & Viega, as in NIST's GCM validation) and a CAVS
        // gcmEncryptExtIV128 authentication-only case (PTlen 0, AADlen 128).
        private const string Tc3Key = "FEFFE9928665731C6D6A8F9467308308";
        private const string Tc3Iv = "CAFEBABEFACEDBADDECAF888";
        private const string Tc3Plaintext = "D9313225F88406E5A55909C5AFF5269A86A7A9531534F7DA2E4C303D8A318A72"
            + "1C3C0C95956809532FCF0E2449A6B525B16AEDF5AA0DE657BA637B391AAFD255";
        private const string Tc3Ciphertext = "42831EC2217774244B7221B784D0D49CE3AA212F2C02A4E035C17E2329ACA12E"
            + "21D514B25466931C7D8F6A5AAC84AA051BA30B396A0AAC973D58E091473F5985";
        private const string Tc4Aad = "FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2";
        private const string GmacKey = "77BE63708971C4E240D1CB79E8D77FEB";
        private const string GmacIv = "E0E00F19FED7BA0136A797F3";
        private const string GmacAad = "7A43EC1D9C0A5A78A0B16533A6213CAB";
        private const string GmacTag = "209FCC8D3675ED938E9C7166709DD946";

        [TestMethod]
        public void GetTag_ZeroKeyEmptyEverything_MatchesTestCase1()
        {
            var gcm = new AesGcm128();
            gcm.SetKey(new byte[16], 0);
            gcm.Start(new byte[12], 0);
            Assert.AreEqual("58E2FCCEFA7E3061367F1D57A4E7455A", Tag(gcm, 16));
        }

        [TestMethod]
        public void Encrypt_OneZeroBlock_MatchesTestCase2()
        {
            var gcm = new AesGcm128();
            gcm.SetKey(new byte[16], 0);
            gcm.Start(new byte[12], 0);
            byte[] text = new byte[16];
            gcm.Encrypt(text, 0, 16, text, 0);
            Assert.AreEqual("0388DACE60B6A392F328C2B971B2FE78", Hex.Encode(text));
            Assert.AreEqual("AB6E47D42CEC13BDF53A67B21257BDDF", Tag(gcm, 16));
        }

        [TestMethod]
        public void Encrypt_FourBlocks_MatchesTestCase3()
        {
            var gcm = Keyed(Tc3Key, Tc3Iv);
            byte[] text = Aes128Tests.Bytes(Tc3Plaintext);
            gcm.Encrypt(text, 0, text.Length, text, 0);
            Assert.AreEqual(Tc3Ciphertext, Hex.Encode(text));
            Assert.AreEqual("4D5C2AF327CD64A62CF35ABD2BA6FAB4", Tag(gcm, 16));
        }

        [TestMethod]
        public void Encrypt_PartialBlockWithAad_MatchesTestCase4()
        {
            var gcm = Keyed(Tc3Key, Tc3Iv);
            byte[] aad = Aes128Tests.Bytes(Tc4Aad);
            gcm.AppendAad(aad, 0, aad.Length);
            byte[] text = Aes128Tests.Bytes(Tc3Plaintext);
            byte[] output = new byte[60];
            gcm.Encrypt(text, 0, 60, output, 0);
            Assert.AreEqual(Tc3Ciphertext.Substring(0, 120), Hex.Encode(output));
            Assert.AreEqual("5BC94FBC3221A5DB94FAE95AE7121A47", Tag(gcm, 16));
        }

        [TestMethod]
        public void Decrypt_TestCase4_GivesPlaintextAndTagChecks()
        {
            var gcm = Keyed(Tc3Key, Tc3Iv);
            byte[] aad = Aes128Tests.Bytes(Tc4Aad);
            gcm.AppendAad(aad, 0, aad.Length);
            byte[] text = Aes128Tests.Bytes(Tc3Ciphertext.Substring(0, 120));
            gcm.Decrypt(text, 0, text.Length, text, 0);
            Assert.AreEqual(Tc3Plaintext.Substring(0, 120), Hex.Encode(text));
            Assert.IsTrue(gcm.CheckTag(Aes128Tests.Bytes("5BC94FBC3221A5DB94FAE95AE7121A47"), 0, 16));
        }

        [TestMethod]
        public void GetTag_AuthenticationOnly_MatchesCavsVector()
        {
            var gcm = Keyed(GmacKey, GmacIv);
            byte[] aad = Aes128Tests.Bytes(GmacAad);
            gcm.AppendAad(aad, 0, aad.Length);
            Assert.AreEqual(GmacTag, Tag(gcm, 16));
        }

        [TestMethod]
        public void GetTag_TruncatedTo12_IsTheFullTagsFirst12Octets()
        {
            var gcm = Keyed(GmacKey, GmacIv);
            byte[] aad = Aes128Tests.Bytes(GmacAad);
            gcm.AppendAad(aad, 0, aad.Length);
            Assert.AreEqual(GmacTag.Substring(0, 24), Tag(gcm, 12));
        }

        [TestMethod]
        public void AppendAad_InOddPieces_SameTagAsOnePiece()
        {
            byte[] aad = Aes128Tests.Bytes(Tc4Aad + GmacAad + Tc3Plaintext);
            var gcm = Keyed(GmacKey, GmacIv);
            gcm.AppendAad(aad, 0, aad.Length);
            string whole = Tag(gcm, 16);
            for (int piece = 1; piece <= 17; piece += 4)
            {
                gcm.Start(Aes128Tests.Bytes(GmacIv), 0);
                for (int i = 0; i < aad.Length; i += piece)
                {
                    gcm.AppendAad(aad, i, aad.Length - i < piece ? aad.Length - i : piece);
                }

                Assert.AreEqual(whole, Tag(gcm, 16), "piece " + piece.ToString());
            }
        }

        [TestMethod]
        public void CheckTag_TruncatedTagRight_TrueAndEachFlippedBit_False()
        {
            byte[] aad = Aes128Tests.Bytes(GmacAad);
            byte[] expected = Aes128Tests.Bytes(GmacTag.Substring(0, 24));
            var gcm = Keyed(GmacKey, GmacIv);
            gcm.AppendAad(aad, 0, aad.Length);
            Assert.IsTrue(gcm.CheckTag(expected, 0, 12));
            for (int bit = 0; bit < 96; bit++)
            {
                expected[bit >> 3] ^= (byte)(1 << (bit & 7));
                gcm.Start(Aes128Tests.Bytes(GmacIv), 0);
                gcm.AppendAad(aad, 0, aad.Length);
                Assert.IsFalse(gcm.CheckTag(expected, 0, 12), "bit " + bit.ToString());
                expected[bit >> 3] ^= (byte)(1 << (bit & 7));
            }
        }

        [TestMethod]
        public void CheckTag_WindowOutsideBuffer_FalseNotThrow()
        {
            var gcm = Keyed(GmacKey, GmacIv);
            Assert.IsFalse(gcm.CheckTag(new byte[8], 0, 12));
            Assert.IsFalse(gcm.CheckTag(new byte[16], 0, 3));
        }

        [TestMethod]
        public void FixedTimeEquals_DifferenceAnywhere_False()
        {
            byte[] left = Aes128Tests.Bytes("000102030405060708090A0B");
            byte[] right = Aes128Tests.Bytes("000102030405060708090A0B");
            Assert.IsTrue(AesGcm128.FixedTimeEquals(left, 0, right, 0, 12));
            for (int i = 0; i < 12; i++)
            {
                right[i] ^= 0x80;
                Assert.IsFalse(AesGcm128.FixedTimeEquals(left, 0, right, 0, 12), "octet " + i.ToString());
                right[i] ^= 0x80;
            }
        }

        private static AesGcm128 Keyed(string key, string iv)
        {
            var gcm = new AesGcm128();
            gcm.SetKey(Aes128Tests.Bytes(key), 0);
            gcm.Start(Aes128Tests.Bytes(iv), 0);
            return gcm;
        }

        private static string Tag(AesGcm128 gcm, int length)
        {
            byte[] tag = new byte[length];
            gcm.GetTag(tag, 0, length);
            return Hex.Encode(tag);
        }
    }
}
