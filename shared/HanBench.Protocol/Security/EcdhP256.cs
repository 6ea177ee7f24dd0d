using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Security
{
    /// <summary>
    /// Elliptic-curve Diffie–Hellman on P-256 (SP 800-56A §5.7.1.2, the ECC CDH primitive; cofactor 1): the shared
    /// secret Z is the 32-octet x-coordinate of d·Q. GBCS uses it static-static between two key-agreement keys
    /// (docs/GBCS-SECURITY.md §2), so Z for a pair of keys never changes: compute it once per remote party and keep it.
    /// Also derives a private key's public key. A peer key that is malformed, off the curve or the point at infinity
    /// is refused with a status, never thrown (SP 800-56A §5.6.2.3.3 full validation: with cofactor 1, a point on the
    /// curve has order n). Not thread-safe.
    /// </summary>
    public sealed class EcdhP256
    {
        /// <summary>Octets of the shared secret Z.</summary>
        public const int SharedSecretLength = P256Field.ByteLength;

        /// <summary>Octets of an uncompressed public key (04 ‖ X ‖ Y).</summary>
        public const int PublicKeyLength = P256Curve.UncompressedLength;

        /// <summary>Octets of a compressed public key (02|03 ‖ X).</summary>
        public const int CompressedPublicKeyLength = P256Curve.CompressedLength;

        private const int Limbs = P256Field.Limbs;

        private readonly P256Multiplier _multiplier = new P256Multiplier();
        private readonly P256Point _product = new P256Point();
        private readonly uint[] _d = new uint[Limbs];
        private readonly uint[] _qx = new uint[Limbs];
        private readonly uint[] _qy = new uint[Limbs];
        private readonly uint[] _x = new uint[Limbs];
        private readonly uint[] _y = new uint[Limbs];

        /// <summary>
        /// Z = x(d·Q) for the 32-octet <paramref name="privateKey"/> d and the SEC 1-encoded
        /// <paramref name="peerPublicKey"/> Q (<paramref name="peerLength"/> octets), written to <paramref name="z"/>.
        /// </summary>
        public P256Status ComputeSharedSecret(byte[] privateKey, int keyOffset, byte[] peerPublicKey, int peerOffset, int peerLength, byte[] z, int zOffset)
        {
            DataWindow.Check(privateKey, keyOffset, EcdsaP256Signer.PrivateKeyLength, nameof(privateKey));
            DataWindow.Check(z, zOffset, SharedSecretLength, nameof(z));
            if (!P256Scalar.ReadInRange(privateKey, keyOffset, _d))
            {
                return P256Status.PrivateKeyOutOfRange;
            }

            P256Curve curve = _multiplier.Curve;
            P256Status peerStatus = curve.DecodePoint(peerPublicKey, peerOffset, peerLength, _qx, _qy);
            if (peerStatus != P256Status.Ok)
            {
                return peerStatus;
            }

            _multiplier.Multiply(_d, _qx, _qy, _product);
            if (!curve.ToAffine(_product, _x, _y))
            {
                return P256Status.PointAtInfinity;
            }

            P256Field.WriteBigEndian(_x, z, zOffset);
            return P256Status.Ok;
        }

        /// <summary>
        /// Writes the public key d·G of <paramref name="privateKey"/>: 65 octets 04 ‖ X ‖ Y, or 33 octets 02|03 ‖ X
        /// when <paramref name="compressed"/>.
        /// </summary>
        public P256Status DerivePublicKey(byte[] privateKey, int keyOffset, byte[] publicKey, int publicKeyOffset, bool compressed)
        {
            DataWindow.Check(privateKey, keyOffset, EcdsaP256Signer.PrivateKeyLength, nameof(privateKey));
            DataWindow.Check(publicKey, publicKeyOffset, compressed ? CompressedPublicKeyLength : PublicKeyLength, nameof(publicKey));
            if (!P256Scalar.ReadInRange(privateKey, keyOffset, _d))
            {
                return P256Status.PrivateKeyOutOfRange;
            }

            _multiplier.MultiplyGenerator(_d, _product);
            _multiplier.Curve.ToAffine(_product, _x, _y);
            if (compressed)
            {
                P256Curve.EncodeCompressed(_x, _y, publicKey, publicKeyOffset);
            }
            else
            {
                P256Curve.EncodeUncompressed(_x, _y, publicKey, publicKeyOffset);
            }

            return P256Status.Ok;
        }
    }
}
