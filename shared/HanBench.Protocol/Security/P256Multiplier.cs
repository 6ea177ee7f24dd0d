namespace HanBench.Protocol.Security
{
    /// <summary>
    /// Scalar multiplication on P-256: k·P for any valid point (a regular signed 4-bit window) and k·G for the
    /// generator (the fixed-base comb of <see cref="P256GeneratorTable"/>). Both run the same sequence of doublings and
    /// additions whatever the scalar's digits ("constant-time-ish": the schedule is regular, but table indexing, the
    /// field reduction's conditional subtraction and carry folding, and rare exceptional additions still depend on the
    /// data; HanBench is a test bench, not a product hardened against side channels). An instance owns its
    /// temporaries; it is not thread-safe.
    /// </summary>
    internal sealed class P256Multiplier
    {
        private const int WindowBits = 4;
        private const int Digits = 256 / WindowBits;
        private const int OddMultiples = 1 << (WindowBits - 1);

        private readonly P256Point[] _odd = new P256Point[OddMultiples];
        private readonly P256Point _twice = new P256Point();
        private readonly P256Point _dummy = new P256Point();
        private readonly uint[] _negatedY = new uint[P256Field.Limbs];
        private readonly uint[] _k = new uint[P256Field.Limbs];
        private readonly int[] _digits = new int[Digits + 1];

        /// <summary>Allocates the temporaries.</summary>
        public P256Multiplier()
        {
            for (int i = 0; i < _odd.Length; i++)
            {
                _odd[i] = new P256Point();
            }
        }

        /// <summary>The point arithmetic (and its temporaries) this multiplier uses; free between multiplications.</summary>
        public P256Curve Curve { get; } = new P256Curve();

        /// <summary>r = k·(x, y) for k in [1, n − 1] and (x, y) a validated affine point.</summary>
        public void Multiply(uint[] k, uint[] x, uint[] y, P256Point r)
        {
            P256Curve curve = Curve;

            // The regular recoding needs an odd scalar: for an even k use n − k (odd, as n is) and negate the result.
            bool even = (k[0] & 1) == 0;
            uint[] m = _k;
            if (even)
            {
                long borrow = 0;
                uint[] n = P256Scalar.Order;
                for (int i = 0; i < P256Field.Limbs; i++)
                {
                    borrow += (long)n[i] - k[i];
                    m[i] = (uint)borrow;
                    borrow >>= 32;
                }
            }
            else
            {
                System.Array.Copy(k, m, P256Field.Limbs);
            }

            int[] digits = _digits;
            RecodeOdd(m, digits);

            // P, 3P, 5P, …, 15P.
            P256Point[] odd = _odd;
            odd[0].SetAffine(x, y);
            curve.Double(odd[0], _twice);
            for (int i = 1; i < odd.Length; i++)
            {
                curve.Add(odd[i - 1], _twice, odd[i]);
            }

            r.CopyFrom(odd[(digits[Digits] - 1) >> 1]);
            uint[] negatedY = _negatedY;
            for (int i = Digits - 1; i >= 0; i--)
            {
                curve.Double(r, r);
                curve.Double(r, r);
                curve.Double(r, r);
                curve.Double(r, r);
                int digit = digits[i];
                P256Point entry = odd[((digit < 0 ? -digit : digit) - 1) >> 1];
                curve.Negate(entry.Y, negatedY);
                curve.Add(r, entry.X, digit < 0 ? negatedY : entry.Y, entry.Z, r);
            }

            if (even)
            {
                curve.Negate(r.Y, r.Y);
            }
        }

        /// <summary>r = k·G for any k below 2^256 (0 gives the point at infinity).</summary>
        public void MultiplyGenerator(uint[] k, P256Point r)
        {
            P256Curve curve = Curve;
            uint[][] tableX = P256GeneratorTable.X;
            uint[][] tableY = P256GeneratorTable.Y;
            r.SetInfinity();
            for (int column = P256GeneratorTable.Spacing - 1; column >= 0; column--)
            {
                curve.Double(r, r);
                int index = 0;
                for (int tooth = 0; tooth < P256GeneratorTable.Teeth; tooth++)
                {
                    int bit = column + (tooth * P256GeneratorTable.Spacing);
                    if (bit < 256)
                    {
                        index |= (int)((k[bit >> 5] >> (bit & 31)) & 1) << tooth;
                    }
                }

                if (index != 0)
                {
                    curve.AddAffine(r, tableX[index], tableY[index], r);
                }
                else
                {
                    // An empty column still costs one addition, into a point nobody reads.
                    _dummy.SetAffine(tableX[2], tableY[2]);
                    curve.AddAffine(_dummy, tableX[1], tableY[1], _dummy);
                }
            }
        }

        // Regular signed-window recoding (Joye–Tunstall): an odd m < 2^256 becomes Σ digits[i]·16^i with every digit
        // odd in [−15, 15] and digits[64] = 1, so every window is four doublings and exactly one addition.
        private static void RecodeOdd(uint[] m, int[] digits)
        {
            for (int i = 0; i < Digits; i++)
            {
                int digit = (int)(m[0] & 31) - 16;
                digits[i] = digit;
                if (digit < 0)
                {
                    ulong carry = (ulong)m[0] + (uint)(-digit);
                    m[0] = (uint)carry;
                    for (int j = 1; j < P256Field.Limbs && (carry >> 32) != 0; j++)
                    {
                        carry = (ulong)m[j] + (carry >> 32);
                        m[j] = (uint)carry;
                    }
                }
                else
                {
                    m[0] -= (uint)digit;
                }

                for (int j = 0; j < P256Field.Limbs - 1; j++)
                {
                    m[j] = (m[j] >> WindowBits) | (m[j + 1] << (32 - WindowBits));
                }

                m[P256Field.Limbs - 1] >>= WindowBits;
            }

            digits[Digits] = (int)m[0];
        }
    }
}
