namespace HanBench.Protocol.Security
{
    /// <summary>
    /// Arithmetic modulo the P-256 group order n (FIPS 186-4 §D.1.2.3) on eight 32-bit limbs, least significant
    /// first: what ECDSA needs for k⁻¹, s = k⁻¹(e + r·d) and the verifier's u1, u2. n has no special form, so products
    /// are reduced by Montgomery multiplication (CIOS, R = 2^256). An instance owns its temporaries (allocated once);
    /// it is not thread-safe.
    /// </summary>
    internal sealed class P256Scalar
    {
        /// <summary>n, least significant limb first.</summary>
        public static readonly uint[] Order = new uint[]
        {
            0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF,
        };

        // n − 2: the Fermat exponent of the inverse.
        private static readonly uint[] OrderMinusTwo = new uint[]
        {
            0xFC63254F, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF,
        };

        // R² mod n, which moves a value into Montgomery form.
        private static readonly uint[] MontgomeryRSquared = new uint[]
        {
            0xBE79EEA2, 0x83244C95, 0x49BD6FA6, 0x4699799C, 0x2B6BEC59, 0x2845B239, 0xF3D95620, 0x66E12D94,
        };

        // −n⁻¹ mod 2^32.
        private const uint MontgomeryFactor = 0xEE00BC4F;

        private const int WindowBits = 4;

        private readonly uint[] _t = new uint[P256Field.Limbs + 2];
        private readonly uint[] _product = new uint[P256Field.Limbs];
        private readonly uint[] _one = new uint[P256Field.Limbs];
        private readonly uint[][] _powers = new uint[1 << WindowBits][];

        /// <summary>Allocates the temporaries.</summary>
        public P256Scalar()
        {
            _one[0] = 1;
            for (int i = 0; i < _powers.Length; i++)
            {
                _powers[i] = new uint[P256Field.Limbs];
            }
        }

        /// <summary>Whether 1 ≤ a ≤ n − 1 (a private key, a nonce, or a signature's r or s).</summary>
        public static bool IsInRange(uint[] a)
        {
            return !P256Field.IsZero(a) && P256Field.IsLess(a, Order);
        }

        /// <summary>Reads a 32-octet big-endian scalar and returns whether it is in [1, n − 1].</summary>
        public static bool ReadInRange(byte[] source, int offset, uint[] a)
        {
            return P256Field.ReadBigEndian(source, offset, a, Order) && !P256Field.IsZero(a);
        }

        /// <summary>a = a mod n for any a below 2^256 (which is below 2n, so one subtraction suffices).</summary>
        public static void ReduceOnce(uint[] a)
        {
            if (!P256Field.IsLess(a, Order))
            {
                SubtractOrder(a);
            }
        }

        /// <summary>r = a + b mod n, for a, b below n.</summary>
        public static void Add(uint[] a, uint[] b, uint[] r)
        {
            ulong carry = 0;
            for (int i = 0; i < P256Field.Limbs; i++)
            {
                carry += (ulong)a[i] + b[i];
                r[i] = (uint)carry;
                carry >>= 32;
            }

            if (carry != 0 || !P256Field.IsLess(r, Order))
            {
                SubtractOrder(r);
            }
        }

        /// <summary>r = a · b mod n, for a, b below n.</summary>
        public void Multiply(uint[] a, uint[] b, uint[] r)
        {
            // Mont(Mont(a, b), R²) = a·b·R⁻¹·R²·R⁻¹ = a·b.
            MontgomeryMultiply(a, b, _product);
            MontgomeryMultiply(_product, MontgomeryRSquared, r);
        }

        /// <summary>r = a⁻¹ mod n (Fermat: a^(n−2); 0 maps to 0), with a fixed 4-bit window over the public exponent.</summary>
        public void Invert(uint[] a, uint[] r)
        {
            uint[][] powers = _powers;

            // powers[i] = a^i in Montgomery form (a·R mod n); powers[0] = R mod n, the Montgomery one.
            MontgomeryMultiply(a, MontgomeryRSquared, powers[1]);
            MontgomeryMultiply(_one, MontgomeryRSquared, powers[0]);
            for (int i = 2; i < powers.Length; i++)
            {
                MontgomeryMultiply(powers[i - 1], powers[1], powers[i]);
            }

            uint[] acc = _product;
            System.Array.Copy(powers[0], acc, P256Field.Limbs);
            for (int limb = P256Field.Limbs - 1; limb >= 0; limb--)
            {
                uint word = OrderMinusTwo[limb];
                for (int shift = 32 - WindowBits; shift >= 0; shift -= WindowBits)
                {
                    for (int s = 0; s < WindowBits; s++)
                    {
                        MontgomeryMultiply(acc, acc, acc);
                    }

                    int digit = (int)((word >> shift) & ((1 << WindowBits) - 1));
                    if (digit != 0)
                    {
                        MontgomeryMultiply(acc, powers[digit], acc);
                    }
                }
            }

            MontgomeryMultiply(acc, _one, r);
        }

        // r = a·b·R⁻¹ mod n (coarsely integrated operand scanning). r may be a or b: it is written last.
        private void MontgomeryMultiply(uint[] a, uint[] b, uint[] r)
        {
            uint[] t = _t;
            uint[] n = Order;
            for (int i = 0; i < t.Length; i++)
            {
                t[i] = 0;
            }

            for (int i = 0; i < P256Field.Limbs; i++)
            {
                ulong ai = a[i];
                ulong c = 0;
                for (int j = 0; j < P256Field.Limbs; j++)
                {
                    c += t[j] + (ai * b[j]);
                    t[j] = (uint)c;
                    c >>= 32;
                }

                c += t[8];
                t[8] = (uint)c;
                t[9] = (uint)(c >> 32);

                uint m = unchecked(t[0] * MontgomeryFactor);
                c = (t[0] + ((ulong)m * n[0])) >> 32;
                for (int j = 1; j < P256Field.Limbs; j++)
                {
                    c += t[j] + ((ulong)m * n[j]);
                    t[j - 1] = (uint)c;
                    c >>= 32;
                }

                c += t[8];
                t[7] = (uint)c;
                t[8] = t[9] + (uint)(c >> 32);
            }

            // t < 2n: one conditional subtraction.
            uint top = t[8];
            System.Array.Copy(t, r, P256Field.Limbs);
            if (top != 0 || !P256Field.IsLess(r, n))
            {
                SubtractOrder(r);
            }
        }

        // a = a − n modulo 2^256: the callers know the true result (a plus a possible 2^256 carry, minus n) lies in
        // [0, n), so the borrow out cancels that carry.
        private static void SubtractOrder(uint[] a)
        {
            uint[] n = Order;
            long borrow = 0;
            for (int i = 0; i < P256Field.Limbs; i++)
            {
                borrow += (long)a[i] - n[i];
                a[i] = (uint)borrow;
                borrow >>= 32;
            }
        }
    }
}
