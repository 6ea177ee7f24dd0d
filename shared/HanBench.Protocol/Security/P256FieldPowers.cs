namespace HanBench.Protocol.Security
{
    /// <summary>
    /// Fixed exponentiations in GF(p) for P-256 by addition chains: the inverse a^(p−2) (to leave Jacobian
    /// coordinates) and the square root a^((p+1)/4) (to decompress a point; p ≡ 3 mod 4). They need temporaries:
    /// arrays allocated once per instance (one per owner; not thread-safe).
    /// </summary>
    internal sealed class P256FieldPowers
    {
        private readonly uint[] _x2 = new uint[P256Field.Limbs];
        private readonly uint[] _x3 = new uint[P256Field.Limbs];
        private readonly uint[] _x15 = new uint[P256Field.Limbs];
        private readonly uint[] _x30 = new uint[P256Field.Limbs];
        private readonly uint[] _x32 = new uint[P256Field.Limbs];
        private readonly uint[] _check = new uint[P256Field.Limbs];

        /// <summary>
        /// r = a^(p−2) = a^−1 mod p (Fermat; 0 maps to 0), by an addition chain of 255 squarings and 12
        /// multiplications over the bits of p − 2 = FFFFFFFF 00000001 0…0 FFFFFFFF FFFFFFFF FFFFFFFD.
        /// </summary>
        public void Invert(uint[] a, uint[] r)
        {
            uint[] x2 = _x2;
            uint[] x3 = _x3;
            uint[] x15 = _x15;
            uint[] x30 = _x30;
            uint[] x32 = _x32;
            PowerOfOnes(a, x2, x3, x15, x30, x32);

            // p − 2 from the top: 32 ones, 31 zeros, a one, 96 zeros, 94 ones, a zero, a one.
            P256Field.SquareRepeatedly(x32, 32, r);
            P256Field.Multiply(r, a, r);
            P256Field.SquareRepeatedly(r, 128, r);
            P256Field.Multiply(r, x32, r);
            P256Field.SquareRepeatedly(r, 32, r);
            P256Field.Multiply(r, x32, r);
            P256Field.SquareRepeatedly(r, 30, r);
            P256Field.Multiply(r, x30, r);
            P256Field.SquareRepeatedly(r, 2, r);
            P256Field.Multiply(r, a, r);
        }

        /// <summary>
        /// r = √a mod p when a is a square (p ≡ 3 mod 4, so r = a^((p+1)/4)) and returns true; returns false, leaving
        /// a non-root in r, when a is not a square. Used to decompress points.
        /// </summary>
        public bool SquareRoot(uint[] a, uint[] r)
        {
            uint[] x32 = _x32;
            PowerOfOnes(a, _x2, _x3, _x15, _x30, x32);

            // (p+1)/4 = 2^254 − 2^222 + 2^190 + 2^94: 32 ones, 31 zeros, a one, 95 zeros, a one, 94 zeros.
            P256Field.SquareRepeatedly(x32, 32, r);
            P256Field.Multiply(r, a, r);
            P256Field.SquareRepeatedly(r, 96, r);
            P256Field.Multiply(r, a, r);
            P256Field.SquareRepeatedly(r, 94, r);
            P256Field.Square(r, _check);
            return P256Field.AreEqual(_check, a);
        }

        // x2 = a^(2^2−1), x3 = a^(2^3−1), x15, x30, x32 likewise: the runs of ones both exponents start with.
        private static void PowerOfOnes(uint[] a, uint[] x2, uint[] x3, uint[] x15, uint[] x30, uint[] x32)
        {
            P256Field.Square(a, x2);
            P256Field.Multiply(x2, a, x2);
            P256Field.Square(x2, x3);
            P256Field.Multiply(x3, a, x3);
            P256Field.SquareRepeatedly(x3, 3, x15);
            P256Field.Multiply(x15, x3, x15);             // x6
            P256Field.SquareRepeatedly(x15, 6, x30);
            P256Field.Multiply(x30, x15, x30);            // x12
            P256Field.SquareRepeatedly(x30, 3, x15);
            P256Field.Multiply(x15, x3, x15);             // x15
            P256Field.SquareRepeatedly(x15, 15, x30);
            P256Field.Multiply(x30, x15, x30);            // x30
            P256Field.SquareRepeatedly(x30, 2, x32);
            P256Field.Multiply(x32, x2, x32);             // x32
        }
    }
}
