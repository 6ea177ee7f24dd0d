using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Security
{
    /// <summary>
    /// ECDSA P-256 / SHA-256 verification (FIPS 186-4 §6.4.2) of an r ‖ s signature (IEEE P1363, 64 octets) under a
    /// SEC 1 public key (04 ‖ X ‖ Y, or compressed). Hostile input never throws: a wrong length, an r or s outside
    /// [1, n − 1], a key off the curve or a signature that does not match each return their own
    /// <see cref="P256Status"/>. Buffers are allocated once; not thread-safe.
    /// </summary>
    public sealed class EcdsaP256Verifier
    {
        private const int Limbs = P256Field.Limbs;

        private readonly P256Multiplier _multiplier = new P256Multiplier();
        private readonly P256Scalar _scalar = new P256Scalar();
        private readonly Sha256 _sha = new Sha256();
        private readonly P256Point _sum = new P256Point();
        private readonly P256Point _keyTerm = new P256Point();
        private readonly uint[] _qx = new uint[Limbs];
        private readonly uint[] _qy = new uint[Limbs];
        private readonly uint[] _r = new uint[Limbs];
        private readonly uint[] _s = new uint[Limbs];
        private readonly uint[] _e = new uint[Limbs];
        private readonly uint[] _w = new uint[Limbs];
        private readonly uint[] _u1 = new uint[Limbs];
        private readonly uint[] _u2 = new uint[Limbs];
        private readonly uint[] _x = new uint[Limbs];
        private readonly uint[] _y = new uint[Limbs];
        private readonly byte[] _digest = new byte[EcdsaP256Signer.DigestLength];

        /// <summary>
        /// Whether <paramref name="signature"/> (<paramref name="signatureLength"/> octets, r ‖ s) signs SHA-256 of
        /// <paramref name="count"/> octets of <paramref name="message"/> under <paramref name="publicKey"/>
        /// (<paramref name="keyLength"/> octets): <see cref="P256Status.Ok"/> when it does.
        /// </summary>
        public P256Status VerifyMessage(byte[] publicKey, int keyOffset, int keyLength, byte[] message, int offset, int count, byte[] signature, int signatureOffset, int signatureLength)
        {
            DataWindow.Check(message, offset, count, nameof(message));
            _sha.Reset();
            _sha.Append(message, offset, count);
            _sha.GetHash(_digest, 0);
            return VerifyDigest(publicKey, keyOffset, keyLength, _digest, 0, signature, signatureOffset, signatureLength);
        }

        /// <summary>As <see cref="VerifyMessage"/>, over a 32-octet SHA-256 digest computed elsewhere.</summary>
        public P256Status VerifyDigest(byte[] publicKey, int keyOffset, int keyLength, byte[] digest, int digestOffset, byte[] signature, int signatureOffset, int signatureLength)
        {
            DataWindow.Check(digest, digestOffset, EcdsaP256Signer.DigestLength, nameof(digest));
            if (signatureLength != EcdsaP256Signer.SignatureLength || signature == null || signatureOffset < 0
                || signatureOffset > signature.Length - signatureLength)
            {
                return P256Status.WrongLength;
            }

            // §6.4.2 step 1: r and s in [1, n − 1].
            uint[] r = _r;
            uint[] s = _s;
            if (!P256Scalar.ReadInRange(signature, signatureOffset, r))
            {
                return P256Status.SignatureROutOfRange;
            }

            if (!P256Scalar.ReadInRange(signature, signatureOffset + P256Field.ByteLength, s))
            {
                return P256Status.SignatureSOutOfRange;
            }

            P256Curve curve = _multiplier.Curve;
            P256Status keyStatus = curve.DecodePoint(publicKey, keyOffset, keyLength, _qx, _qy);
            if (keyStatus != P256Status.Ok)
            {
                return keyStatus;
            }

            // Steps 2–6: e = H mod n, w = s⁻¹, u1 = e·w, u2 = r·w, R = u1·G + u2·Q.
            uint[] e = _e;
            P256Field.ReadBigEndian(digest, digestOffset, e, P256Scalar.Order);
            P256Scalar.ReduceOnce(e);
            _scalar.Invert(s, _w);
            _scalar.Multiply(e, _w, _u1);
            _scalar.Multiply(r, _w, _u2);
            _multiplier.MultiplyGenerator(_u1, _sum);
            _multiplier.Multiply(_u2, _qx, _qy, _keyTerm);
            curve.Add(_sum, _keyTerm, _sum);

            // Steps 7–8: valid when R is finite and x(R) mod n = r.
            if (!curve.ToAffine(_sum, _x, _y))
            {
                return P256Status.SignatureMismatch;
            }

            P256Scalar.ReduceOnce(_x);
            return P256Field.AreEqual(_x, r) ? P256Status.Ok : P256Status.SignatureMismatch;
        }
    }
}
