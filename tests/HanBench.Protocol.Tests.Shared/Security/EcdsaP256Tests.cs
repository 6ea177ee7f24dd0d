using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Security
{
    [TestClass]
    public class EcdsaP256Tests
    {
        // RFC 6979 §A.2.5: the P-256 key and the SHA-256 signatures of "sample" and "test".
        private const string Rfc6979PrivateKey = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721";
        private const string Rfc6979PublicKey = "04"
            + "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
            + "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";
        private const string SampleK = "A6E3C57DD01ABE90086538398355DD4C3B17AA873382B0F24D6129493D8AAD60";
        private const string SampleR = "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716";
        private const string SampleS = "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8";
        private const string TestK = "D16B6AE827F17175E040871A1C7EC3500192C4C92677336EC2537ACAEE0008E0";
        private const string TestR = "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367";
        private const string TestS = "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083";

        // NIST CAVP FIPS 186-4 ECDSA test vectors, [P-256,SHA-256]: SigVer.rsp (a Result = P case) and the first
        // SigGen record (a valid signature too).
        private const string SigVerMessage = "e1130af6a38ccb412a9c8d13e15dbfc9e69a16385af3c3f1e5da954fd5e7c45f"
            + "d75e2b8c36699228e92840c0562fbf3772f07e17f1add56588dd45f7450e1217"
            + "ad239922dd9c32695dc71ff2424ca0dec1321aa47064a044b7fe3c2b97d03ce4"
            + "70a592304c5ef21eed9f93da56bb232d1eeb0035f9bf0dfafdcc4606272b20a3";
        private const string SigVerKey = "04"
            + "e424dc61d4bb3cb7ef4344a7f8957a0c5134e16f7a67c074f82e6e12f49abf3c"
            + "970eed7aa2bc48651545949de1dddaf0127e5965ac85d1243d6f60e7dfaee927";
        private const string SigVerSignature = "bf96b99aa49c705c910be33142017c642ff540c76349b9dab72f981fd9347f4f"
            + "17c55095819089c2e03b9cd415abdf12444e323075d98f31920b9e0f57ec871c";
        private const string SigGenMessage = "5905238877c77421f73e43ee3da6f2d9e2ccad5fc942dcec0cbd25482935faaf"
            + "416983fe165b1a045ee2bcd2e6dca3bdf46c4310a7461f9a37960ca672d3feb5"
            + "473e253605fb1ddfd28065b53cb5858a8ad28175bf9bd386a5e471ea7a65c17c"
            + "c934a9d791e91491eb3754d03799790fe2d308d16146d5c9b0d0debd97d79ce8";
        private const string SigGenPrivateKey = "519b423d715f8b581f4fa8ee59f4771a5b44c8130b4e3eacca54a56dda72b464";
        private const string SigGenKey = "04"
            + "1ccbe91c075fc7f4f033bfa248db8fccd3565de94bbfb12f3c59ff46c271bf83"
            + "ce4014c68811f9a21a1fdb2c0e6113e06db7ca93b7404e78dc7ccd5ca89a4ca9";
        private const string SigGenSignature = "f3ac8061b514795b8843e3d6629527ed2afd6b1f6a555a7acabb5e6f79c8c2ac"
            + "8bf77819ca05a6b2786c76262bf7371cef97b218e96f175a3ccdda2acc058903";

        private const string Order = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

        [TestMethod]
        public void SignMessage_Rfc6979Sample_GivesVectorRAndS()
        {
            AssertRfc6979Signature("sample", SampleR + SampleS);
        }

        [TestMethod]
        public void SignMessage_Rfc6979Test_GivesVectorRAndS()
        {
            AssertRfc6979Signature("test", TestR + TestS);
        }

        [TestMethod]
        public void Rfc6979Nonces_TimesGenerator_GiveTheVectorsR()
        {
            // r = x(k·G) mod n: the vector's k, multiplied by G here, must give the vector's r.
            EcdhP256 keys = new EcdhP256();
            byte[] point = new byte[EcdhP256.PublicKeyLength];
            Assert.AreEqual(P256Status.Ok, keys.DerivePublicKey(SecurityVectors.Bytes(SampleK), 0, point, 0, false));
            SecurityVectors.AssertOctets(SampleR, point, 1, 32);
            Assert.AreEqual(P256Status.Ok, keys.DerivePublicKey(SecurityVectors.Bytes(TestK), 0, point, 0, false));
            SecurityVectors.AssertOctets(TestR, point, 1, 32);
        }

        [TestMethod]
        public void DerivePublicKey_Rfc6979Key_GivesVectorPoint()
        {
            EcdhP256 keys = new EcdhP256();
            byte[] point = new byte[EcdhP256.PublicKeyLength];
            Assert.AreEqual(P256Status.Ok, keys.DerivePublicKey(SecurityVectors.Bytes(Rfc6979PrivateKey), 0, point, 0, false));
            SecurityVectors.AssertOctets(Rfc6979PublicKey, point, 0, point.Length);
        }

        [TestMethod]
        public void VerifyMessage_CavpVectors_Ok()
        {
            Assert.AreEqual(P256Status.Ok, Verify(SigVerKey, SecurityVectors.Bytes(SigVerMessage), SigVerSignature));
            Assert.AreEqual(P256Status.Ok, Verify(SigGenKey, SecurityVectors.Bytes(SigGenMessage), SigGenSignature));
        }

        [TestMethod]
        public void DerivePublicKey_CavpSigGenKey_GivesVectorPoint()
        {
            byte[] point = new byte[EcdhP256.PublicKeyLength];
            Assert.AreEqual(P256Status.Ok, new EcdhP256().DerivePublicKey(SecurityVectors.Bytes(SigGenPrivateKey), 0, point, 0, false));
            SecurityVectors.AssertOctets(SigGenKey, point, 0, point.Length);
        }

        [TestMethod]
        public void VerifyMessage_Rfc6979Vectors_Ok()
        {
            Assert.AreEqual(P256Status.Ok, Verify(Rfc6979PublicKey, SecurityVectors.Ascii("sample"), SampleR + SampleS));
            Assert.AreEqual(P256Status.Ok, Verify(Rfc6979PublicKey, SecurityVectors.Ascii("test"), TestR + TestS));
        }

        [TestMethod]
        public void VerifyMessage_CompressedKey_Ok()
        {
            // 02|03 ‖ X of the SigVer key (Y ends in 0x27: odd, so 03).
            string compressed = "03" + SigVerKey.Substring(2, 64);
            Assert.AreEqual(P256Status.Ok, Verify(compressed, SecurityVectors.Bytes(SigVerMessage), SigVerSignature));
            string wrongParity = "02" + SigVerKey.Substring(2, 64);
            Assert.AreEqual(P256Status.SignatureMismatch, Verify(wrongParity, SecurityVectors.Bytes(SigVerMessage), SigVerSignature));
        }

        [TestMethod]
        public void VerifyMessage_AnyOctetOfMessageOrSignatureFlipped_Refused()
        {
            byte[] message = SecurityVectors.Bytes(SigVerMessage);
            byte[] signature = SecurityVectors.Bytes(SigVerSignature);
            byte[] key = SecurityVectors.Bytes(SigVerKey);
            EcdsaP256Verifier verifier = new EcdsaP256Verifier();
            for (int i = 0; i < message.Length; i += 9)
            {
                message[i] ^= 0x01;
                Assert.AreEqual(P256Status.SignatureMismatch, verifier.VerifyMessage(key, 0, key.Length, message, 0, message.Length, signature, 0, 64), "message octet " + i);
                message[i] ^= 0x01;
            }

            for (int i = 0; i < signature.Length; i += 5)
            {
                signature[i] ^= 0x80;
                Assert.AreNotEqual(P256Status.Ok, verifier.VerifyMessage(key, 0, key.Length, message, 0, message.Length, signature, 0, 64), "signature octet " + i);
                signature[i] ^= 0x80;
            }

            Assert.AreEqual(P256Status.Ok, verifier.VerifyMessage(key, 0, key.Length, message, 0, message.Length, signature, 0, 64));
        }

        [TestMethod]
        public void VerifyMessage_ROrSOutOfRange_RefusedByName()
        {
            byte[] message = SecurityVectors.Bytes(SigVerMessage);
            string zero = "0000000000000000000000000000000000000000000000000000000000000000";
            string r = SigVerSignature.Substring(0, 64);
            string s = SigVerSignature.Substring(64);
            Assert.AreEqual(P256Status.SignatureROutOfRange, Verify(SigVerKey, message, zero + s));
            Assert.AreEqual(P256Status.SignatureROutOfRange, Verify(SigVerKey, message, Order + s));
            Assert.AreEqual(P256Status.SignatureSOutOfRange, Verify(SigVerKey, message, r + zero));
            Assert.AreEqual(P256Status.SignatureSOutOfRange, Verify(SigVerKey, message, r + Order));
        }

        [TestMethod]
        public void VerifyMessage_KeyOffCurveOrMalformed_RefusedByName()
        {
            byte[] message = SecurityVectors.Bytes(SigVerMessage);
            string offCurve = SigVerKey.Substring(0, SigVerKey.Length - 2) + "28";
            Assert.AreEqual(P256Status.PointNotOnCurve, Verify(offCurve, message, SigVerSignature));
            Assert.AreEqual(P256Status.UnknownPointFormat, Verify("05" + SigVerKey.Substring(2), message, SigVerSignature));
            Assert.AreEqual(P256Status.WrongLength, Verify(SigVerKey.Substring(0, SigVerKey.Length - 2), message, SigVerSignature));
            Assert.AreEqual(P256Status.PointAtInfinity, Verify("00", message, SigVerSignature));
            string xAtPrime = "04FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF" + SigVerKey.Substring(66);
            Assert.AreEqual(P256Status.CoordinateOutOfRange, Verify(xAtPrime, message, SigVerSignature));
        }

        [TestMethod]
        public void VerifyMessage_SignatureNot64Octets_WrongLength()
        {
            byte[] key = SecurityVectors.Bytes(SigVerKey);
            byte[] message = SecurityVectors.Bytes(SigVerMessage);
            byte[] signature = SecurityVectors.Bytes(SigVerSignature + "00");
            EcdsaP256Verifier verifier = new EcdsaP256Verifier();
            Assert.AreEqual(P256Status.WrongLength, verifier.VerifyMessage(key, 0, key.Length, message, 0, message.Length, signature, 0, 65));
            Assert.AreEqual(P256Status.WrongLength, verifier.VerifyMessage(key, 0, key.Length, message, 0, message.Length, signature, 2, 64));
            Assert.AreEqual(P256Status.WrongLength, verifier.VerifyMessage(key, 0, key.Length, message, 0, message.Length, null!, 0, 64));
        }

        [TestMethod]
        public void SignDigest_PrivateKeyZeroOrOrder_RefusedNothingWritten()
        {
            EcdsaP256Signer signer = new EcdsaP256Signer();
            byte[] digest = new byte[32];
            byte[] signature = new byte[64];
            Assert.AreEqual(P256Status.PrivateKeyOutOfRange, signer.SignDigest(new byte[32], 0, digest, 0, signature, 0));
            Assert.AreEqual(P256Status.PrivateKeyOutOfRange, signer.SignDigest(SecurityVectors.Bytes(Order), 0, digest, 0, signature, 0));
            for (int i = 0; i < signature.Length; i++)
            {
                Assert.AreEqual((byte)0, signature[i]);
            }
        }

        [TestMethod]
        public void SignMessage_AtOffsets_SameSignatureVerifiesThere()
        {
            EcdsaP256Signer signer = new EcdsaP256Signer();
            byte[] key = SecurityVectors.Concat(new byte[3], SecurityVectors.Bytes(Rfc6979PrivateKey));
            byte[] message = SecurityVectors.Concat(new byte[5], SecurityVectors.Ascii("sample"));
            byte[] signature = new byte[70];
            Assert.AreEqual(P256Status.Ok, signer.SignMessage(key, 3, message, 5, 6, signature, 6));
            SecurityVectors.AssertOctets(SampleR + SampleS, signature, 6, 64);
            byte[] publicKey = SecurityVectors.Concat(new byte[1], SecurityVectors.Bytes(Rfc6979PublicKey));
            Assert.AreEqual(P256Status.Ok, new EcdsaP256Verifier().VerifyMessage(publicKey, 1, 65, message, 5, 6, signature, 6, 64));
        }

        private static void AssertRfc6979Signature(string message, string expected)
        {
            byte[] signature = new byte[EcdsaP256Signer.SignatureLength];
            byte[] text = SecurityVectors.Ascii(message);
            P256Status status = new EcdsaP256Signer().SignMessage(SecurityVectors.Bytes(Rfc6979PrivateKey), 0, text, 0, text.Length, signature, 0);
            Assert.AreEqual(P256Status.Ok, status);
            SecurityVectors.AssertOctets(expected, signature, 0, signature.Length);
        }

        private static P256Status Verify(string publicKeyHex, byte[] message, string signatureHex)
        {
            byte[] key = SecurityVectors.Bytes(publicKeyHex);
            byte[] signature = SecurityVectors.Bytes(signatureHex);
            return new EcdsaP256Verifier().VerifyMessage(key, 0, key.Length, message, 0, message.Length, signature, 0, signature.Length);
        }
    }
}
