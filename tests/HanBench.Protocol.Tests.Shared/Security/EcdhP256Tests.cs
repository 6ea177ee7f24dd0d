using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Security
{
    [TestClass]
    public class EcdhP256Tests
    {
        // NIST CAVS 14.1 KAS ECC CDH primitive test vectors (SP 800-56A §5.7.1.2), [P-256], COUNT = 0 and 1.
        private static readonly string[] PeerKeys = new string[]
        {
            "04700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac",
            "04809f04289c64348c01515eb03d5ce7ac1a8cb9498f5caa50197e58d43a86a7aeb29d84e811197f25eba8f5194092cb6ff440e26d4421011372461f579271cda3",
        };

        private static readonly string[] PrivateKeys = new string[]
        {
            "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534",
            "38f65d6dce47676044d58ce5139582d568f64bb16098d179dbab07741dd5caf5",
        };

        private static readonly string[] OwnKeys = new string[]
        {
            "04ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b23028af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141",
            "04119f2f047902782ab0c9e27a54aff5eb9b964829ca99c06b02ddba95b0a3f6d08f52b726664cac366fc98ac7a012b2682cbd962e5acb544671d41b9445704d1d",
        };

        private static readonly string[] SharedSecrets = new string[]
        {
            "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b",
            "057d636096cb80b67a8c038c890e887d1adfa4195e9b3ce241c8a778c59cda67",
        };

        [TestMethod]
        public void ComputeSharedSecret_CavsVectors_GiveZ()
        {
            EcdhP256 ecdh = new EcdhP256();
            byte[] z = new byte[EcdhP256.SharedSecretLength];
            for (int i = 0; i < PeerKeys.Length; i++)
            {
                byte[] peer = SecurityVectors.Bytes(PeerKeys[i]);
                Assert.AreEqual(P256Status.Ok, ecdh.ComputeSharedSecret(SecurityVectors.Bytes(PrivateKeys[i]), 0, peer, 0, peer.Length, z, 0), "COUNT " + i);
                SecurityVectors.AssertOctets(SharedSecrets[i], z, 0, z.Length);
            }
        }

        [TestMethod]
        public void DerivePublicKey_CavsVectors_GiveQIut()
        {
            EcdhP256 ecdh = new EcdhP256();
            byte[] point = new byte[EcdhP256.PublicKeyLength];
            byte[] compressed = new byte[EcdhP256.CompressedPublicKeyLength];
            for (int i = 0; i < PrivateKeys.Length; i++)
            {
                Assert.AreEqual(P256Status.Ok, ecdh.DerivePublicKey(SecurityVectors.Bytes(PrivateKeys[i]), 0, point, 0, false));
                SecurityVectors.AssertOctets(OwnKeys[i], point, 0, point.Length);
                Assert.AreEqual(P256Status.Ok, ecdh.DerivePublicKey(SecurityVectors.Bytes(PrivateKeys[i]), 0, compressed, 0, true));
                Assert.AreEqual((byte)(0x02 | (point[64] & 1)), compressed[0]);
                SecurityVectors.AssertOctets(OwnKeys[i].Substring(2, 64), compressed, 1, 32);
            }
        }

        [TestMethod]
        public void ComputeSharedSecret_CompressedPeerKey_SameZ()
        {
            byte[] full = SecurityVectors.Bytes(PeerKeys[0]);
            byte[] peer = new byte[EcdhP256.CompressedPublicKeyLength];
            peer[0] = (byte)(0x02 | (full[64] & 1));
            System.Array.Copy(full, 1, peer, 1, 32);
            byte[] z = new byte[EcdhP256.SharedSecretLength];
            Assert.AreEqual(P256Status.Ok, new EcdhP256().ComputeSharedSecret(SecurityVectors.Bytes(PrivateKeys[0]), 0, peer, 0, peer.Length, z, 0));
            SecurityVectors.AssertOctets(SharedSecrets[0], z, 0, z.Length);
        }

        [TestMethod]
        public void ComputeSharedSecret_InvalidPeerPoints_RefusedByNameZUntouched()
        {
            byte[] d = SecurityVectors.Bytes(PrivateKeys[0]);
            byte[] valid = SecurityVectors.Bytes(PeerKeys[0]);
            byte[] offCurve = SecurityVectors.Bytes(PeerKeys[0]);
            offCurve[64] ^= 0x01;
            // x = 1: 1 − 3 + b is not a square mod p, so no point has this x.
            byte[] noSuchPoint = SecurityVectors.Bytes("020000000000000000000000000000000000000000000000000000000000000001");
            EcdhP256 ecdh = new EcdhP256();
            byte[] z = new byte[EcdhP256.SharedSecretLength];
            Assert.AreEqual(P256Status.PointNotOnCurve, ecdh.ComputeSharedSecret(d, 0, offCurve, 0, offCurve.Length, z, 0));
            Assert.AreEqual(P256Status.PointAtInfinity, ecdh.ComputeSharedSecret(d, 0, new byte[1], 0, 1, z, 0));
            Assert.AreEqual(P256Status.WrongLength, ecdh.ComputeSharedSecret(d, 0, valid, 0, 64, z, 0));
            Assert.AreEqual(P256Status.WrongLength, ecdh.ComputeSharedSecret(d, 0, valid, 0, 0, z, 0));
            Assert.AreEqual(P256Status.WrongLength, ecdh.ComputeSharedSecret(d, 0, valid, 1, 65, z, 0));
            valid[0] = 0x06;
            Assert.AreEqual(P256Status.UnknownPointFormat, ecdh.ComputeSharedSecret(d, 0, valid, 0, valid.Length, z, 0));
            Assert.AreEqual(P256Status.PointNotOnCurve, ecdh.ComputeSharedSecret(d, 0, noSuchPoint, 0, noSuchPoint.Length, z, 0));
            for (int i = 0; i < z.Length; i++)
            {
                Assert.AreEqual((byte)0, z[i]);
            }
        }

        [TestMethod]
        public void ComputeSharedSecret_PrivateKeyZeroOrOrder_Refused()
        {
            byte[] peer = SecurityVectors.Bytes(PeerKeys[0]);
            byte[] z = new byte[EcdhP256.SharedSecretLength];
            EcdhP256 ecdh = new EcdhP256();
            Assert.AreEqual(P256Status.PrivateKeyOutOfRange, ecdh.ComputeSharedSecret(new byte[32], 0, peer, 0, peer.Length, z, 0));
            byte[] order = SecurityVectors.Bytes("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
            Assert.AreEqual(P256Status.PrivateKeyOutOfRange, ecdh.ComputeSharedSecret(order, 0, peer, 0, peer.Length, z, 0));
            Assert.AreEqual(P256Status.PrivateKeyOutOfRange, ecdh.DerivePublicKey(order, 0, new byte[65], 0, false));
        }
    }
}
