using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Security
{
    /// <summary>
    /// ECDSA P-256 / SHA-256 signing (FIPS 186-4 §6.4.1) with deterministic nonces (RFC 6979 §3.2, HMAC-SHA256), so a
    /// device needs no random source; the signature is written as r ‖ s, 32 octets each (IEEE P1363), as GBCS carries
    /// it after the 0x40 length octet (docs/GBCS-SECURITY.md §3). Buffers are allocated once; not thread-safe.
    /// </summary>
    public sealed class EcdsaP256Signer
    {
        /// <summary>Octets of r ‖ s.</summary>
        public const int SignatureLength = 2 * P256Field.ByteLength;

        /// <summary>Octets of a private key (a big-endian scalar in [1, n − 1]).</summary>
        public const int PrivateKeyLength = P256Field.ByteLength;

        /// <summary>Octets of the SHA-256 digest that is signed.</summary>
        public const int DigestLength = Sha256.HashLength;

        private const int Limbs = P256Field.Limbs;

        private readonly P256Multiplier _multiplier = new P256Multiplier();
        private readonly P256Scalar _scalar = new P256Scalar();
        private readonly HmacSha256 _hmac = new HmacSha256();
        private readonly Sha256 _sha = new Sha256();
        private readonly P256Point _point = new P256Point();
        private readonly uint[] _d = new uint[Limbs];
        private readonly uint[] _e = new uint[Limbs];
        private readonly uint[] _k = new uint[Limbs];
        private readonly uint[] _r = new uint[Limbs];
        private readonly uint[] _s = new uint[Limbs];
        private readonly uint[] _x = new uint[Limbs];
        private readonly uint[] _y = new uint[Limbs];
        private readonly byte[] _digest = new byte[DigestLength];
        private readonly byte[] _h1 = new byte[P256Field.ByteLength];
        private readonly byte[] _hmacKey = new byte[HmacSha256.MacLength];
        private readonly byte[] _v = new byte[HmacSha256.MacLength];
        private readonly byte[] _separator = new byte[1];

        /// <summary>
        /// Signs SHA-256 of <paramref name="count"/> octets of <paramref name="message"/>: 64 octets r ‖ s to
        /// <paramref name="signature"/> at <paramref name="signatureOffset"/>. Returns
        /// <see cref="P256Status.PrivateKeyOutOfRange"/> (nothing written) for a key outside [1, n − 1].
        /// </summary>
        public P256Status SignMessage(byte[] privateKey, int keyOffset, byte[] message, int offset, int count, byte[] signature, int signatureOffset)
        {
            DataWindow.Check(message, offset, count, nameof(message));
            _sha.Reset();
            _sha.Append(message, offset, count);
            _sha.GetHash(_digest, 0);
            return SignDigest(privateKey, keyOffset, _digest, 0, signature, signatureOffset);
        }

        /// <summary>Signs a 32-octet SHA-256 digest computed elsewhere; as <see cref="SignMessage"/> otherwise.</summary>
        public P256Status SignDigest(byte[] privateKey, int keyOffset, byte[] digest, int digestOffset, byte[] signature, int signatureOffset)
        {
            DataWindow.Check(privateKey, keyOffset, PrivateKeyLength, nameof(privateKey));
            DataWindow.Check(digest, digestOffset, DigestLength, nameof(digest));
            DataWindow.Check(signature, signatureOffset, SignatureLength, nameof(signature));
            uint[] d = _d;
            if (!P256Scalar.ReadInRange(privateKey, keyOffset, d))
            {
                return P256Status.PrivateKeyOutOfRange;
            }

            // e = bits2int(H) mod n; with qlen = hlen = 256 bits2int is the plain integer (RFC 6979 §2.3.2, §2.3.4).
            uint[] e = _e;
            P256Field.ReadBigEndian(digest, digestOffset, e, P256Scalar.Order);
            P256Scalar.ReduceOnce(e);
            P256Field.WriteBigEndian(e, _h1, 0);

            // RFC 6979 §3.2 steps b–g: V = 01…01, K = 00…00, then two rounds of K = HMAC_K(V ‖ i ‖ x ‖ h1), V = HMAC_K(V).
            byte[] v = _v;
            byte[] key = _hmacKey;
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = 0x01;
                key[i] = 0x00;
            }

            for (byte round = 0; round < 2; round++)
            {
                _separator[0] = round;
                _hmac.SetKey(key, 0, key.Length);
                _hmac.Append(v, 0, v.Length);
                _hmac.Append(_separator, 0, 1);
                _hmac.Append(privateKey, keyOffset, PrivateKeyLength);
                _hmac.Append(_h1, 0, _h1.Length);
                _hmac.GetMac(key, 0);
                _hmac.SetKey(key, 0, key.Length);
                _hmac.Append(v, 0, v.Length);
                _hmac.GetMac(v, 0);
            }

            uint[] k = _k;
            uint[] r = _r;
            uint[] s = _s;
            while (true)
            {
                // Step h: T = V = HMAC_K(V) (one block: qlen = hlen); k = bits2int(T), used if in [1, n − 1].
                _hmac.Append(v, 0, v.Length);
                _hmac.GetMac(v, 0);
                if (P256Scalar.ReadInRange(v, 0, k))
                {
                    // FIPS 186-4 §6.4.1: r = x(k·G) mod n, s = k⁻¹(e + r·d) mod n; retry on r = 0 or s = 0.
                    _multiplier.MultiplyGenerator(k, _point);
                    _multiplier.Curve.ToAffine(_point, _x, _y);
                    System.Array.Copy(_x, r, Limbs);
                    P256Scalar.ReduceOnce(r);
                    if (!P256Field.IsZero(r))
                    {
                        _scalar.Multiply(r, d, s);
                        P256Scalar.Add(s, e, s);
                        _scalar.Invert(k, k);
                        _scalar.Multiply(k, s, s);
                        if (!P256Field.IsZero(s))
                        {
                            P256Field.WriteBigEndian(r, signature, signatureOffset);
                            P256Field.WriteBigEndian(s, signature, signatureOffset + P256Field.ByteLength);
                            return P256Status.Ok;
                        }
                    }
                }

                // Step h.3: K = HMAC_K(V ‖ 00), V = HMAC_K(V), and try again.
                _separator[0] = 0x00;
                _hmac.Append(v, 0, v.Length);
                _hmac.Append(_separator, 0, 1);
                _hmac.GetMac(key, 0);
                _hmac.SetKey(key, 0, key.Length);
                _hmac.Append(v, 0, v.Length);
                _hmac.GetMac(v, 0);
            }
        }
    }
}
