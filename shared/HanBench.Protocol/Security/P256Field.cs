namespace HanBench.Protocol.Security
{
    /// <summary>
    /// Arithmetic modulo the NIST P-256 prime p = 2^256 − 2^224 + 2^192 + 2^96 − 1 (FIPS 186-4 §D.1.2.3) on field
    /// elements held as eight 32-bit limbs, least significant first, always fully reduced (0 ≤ a &lt; p).
    /// <para>
    /// Written for the nanoFramework interpreter as much as for .NET: the product is unrolled over locals, and the
    /// 512-bit product is reduced with the NIST fast reduction (FIPS 186-4 §D.2.3 / "Routines for the NIST primes"),
    /// so a multiplication makes one call and touches each operand limb once. The operations allocate nothing and
    /// accept a result array that is also an operand; inversion and square roots are in <see cref="P256FieldPowers"/>.
    /// </para>
    /// <para>
    /// Why the file is over the house's ~400 lines: the 8×8 limb product (<see cref="Multiply"/>, about 160 lines) and the
    /// square (<see cref="Square"/>, about 130) are unrolled over locals, because on nanoCLR a loop over array elements
    /// costs several times as much per limb product as straight-line code over locals; split, they would still be one
    /// concept each, so the field stays in one file.
    /// </para>
    /// </summary>
    internal static class P256Field
    {
        /// <summary>Limbs in a field element.</summary>
        public const int Limbs = 8;

        /// <summary>Octets in a big-endian field element or scalar.</summary>
        public const int ByteLength = 32;

        /// <summary>p, least significant limb first.</summary>
        public static readonly uint[] Prime = new uint[]
        {
            0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF,
        };

        /// <summary>r = a + b mod p.</summary>
        public static void Add(uint[] a, uint[] b, uint[] r)
        {
            ulong s = (ulong)a[0] + b[0];
            uint r0 = (uint)s;
            s = (ulong)a[1] + b[1] + (s >> 32);
            uint r1 = (uint)s;
            s = (ulong)a[2] + b[2] + (s >> 32);
            uint r2 = (uint)s;
            s = (ulong)a[3] + b[3] + (s >> 32);
            uint r3 = (uint)s;
            s = (ulong)a[4] + b[4] + (s >> 32);
            uint r4 = (uint)s;
            s = (ulong)a[5] + b[5] + (s >> 32);
            uint r5 = (uint)s;
            s = (ulong)a[6] + b[6] + (s >> 32);
            uint r6 = (uint)s;
            s = (ulong)a[7] + b[7] + (s >> 32);
            uint r7 = (uint)s;
            StoreReduced(r0, r1, r2, r3, r4, r5, r6, r7, (uint)(s >> 32), r);
        }

        /// <summary>r = a − b mod p.</summary>
        public static void Subtract(uint[] a, uint[] b, uint[] r)
        {
            long d = (long)a[0] - b[0];
            uint r0 = (uint)d;
            d = (long)a[1] - b[1] + (d >> 32);
            uint r1 = (uint)d;
            d = (long)a[2] - b[2] + (d >> 32);
            uint r2 = (uint)d;
            d = (long)a[3] - b[3] + (d >> 32);
            uint r3 = (uint)d;
            d = (long)a[4] - b[4] + (d >> 32);
            uint r4 = (uint)d;
            d = (long)a[5] - b[5] + (d >> 32);
            uint r5 = (uint)d;
            d = (long)a[6] - b[6] + (d >> 32);
            uint r6 = (uint)d;
            d = (long)a[7] - b[7] + (d >> 32);
            uint r7 = (uint)d;
            if (d < 0)
            {
                // Borrow out: a − b + 2^256 is held; adding p (limbs FFFFFFFF FFFFFFFF FFFFFFFF 0 0 0 1 FFFFFFFF)
                // wraps it back to a − b + p.
                ulong s = (ulong)r0 + 0xFFFFFFFF;
                r0 = (uint)s;
                s = (ulong)r1 + 0xFFFFFFFF + (s >> 32);
                r1 = (uint)s;
                s = (ulong)r2 + 0xFFFFFFFF + (s >> 32);
                r2 = (uint)s;
                s = (ulong)r3 + (s >> 32);
                r3 = (uint)s;
                s = (ulong)r4 + (s >> 32);
                r4 = (uint)s;
                s = (ulong)r5 + (s >> 32);
                r5 = (uint)s;
                s = (ulong)r6 + 1 + (s >> 32);
                r6 = (uint)s;
                s = (ulong)r7 + 0xFFFFFFFF + (s >> 32);
                r7 = (uint)s;
            }

            r[0] = r0;
            r[1] = r1;
            r[2] = r2;
            r[3] = r3;
            r[4] = r4;
            r[5] = r5;
            r[6] = r6;
            r[7] = r7;
        }

        /// <summary>r = a · b mod p.</summary>
        public static void Multiply(uint[] a, uint[] b, uint[] r)
        {
            // Schoolbook product, row by row: each step is at most (2^32−1)^2 + 2(2^32−1) = 2^64 − 1, so no overflow.
            uint a0 = a[0];
            uint a1 = a[1];
            uint a2 = a[2];
            uint a3 = a[3];
            uint a4 = a[4];
            uint a5 = a[5];
            uint a6 = a[6];
            uint a7 = a[7];
            uint b0 = b[0];
            uint b1 = b[1];
            uint b2 = b[2];
            uint b3 = b[3];
            uint b4 = b[4];
            uint b5 = b[5];
            uint b6 = b[6];
            uint b7 = b[7];
            ulong t;
            t = (ulong)a0 * b0;
            uint c0 = (uint)t;
            t = ((ulong)a0 * b1) + (t >> 32);
            uint c1 = (uint)t;
            t = ((ulong)a0 * b2) + (t >> 32);
            uint c2 = (uint)t;
            t = ((ulong)a0 * b3) + (t >> 32);
            uint c3 = (uint)t;
            t = ((ulong)a0 * b4) + (t >> 32);
            uint c4 = (uint)t;
            t = ((ulong)a0 * b5) + (t >> 32);
            uint c5 = (uint)t;
            t = ((ulong)a0 * b6) + (t >> 32);
            uint c6 = (uint)t;
            t = ((ulong)a0 * b7) + (t >> 32);
            uint c7 = (uint)t;
            uint c8 = (uint)(t >> 32);
            t = ((ulong)a1 * b0) + c1;
            c1 = (uint)t;
            t = ((ulong)a1 * b1) + c2 + (t >> 32);
            c2 = (uint)t;
            t = ((ulong)a1 * b2) + c3 + (t >> 32);
            c3 = (uint)t;
            t = ((ulong)a1 * b3) + c4 + (t >> 32);
            c4 = (uint)t;
            t = ((ulong)a1 * b4) + c5 + (t >> 32);
            c5 = (uint)t;
            t = ((ulong)a1 * b5) + c6 + (t >> 32);
            c6 = (uint)t;
            t = ((ulong)a1 * b6) + c7 + (t >> 32);
            c7 = (uint)t;
            t = ((ulong)a1 * b7) + c8 + (t >> 32);
            c8 = (uint)t;
            uint c9 = (uint)(t >> 32);
            t = ((ulong)a2 * b0) + c2;
            c2 = (uint)t;
            t = ((ulong)a2 * b1) + c3 + (t >> 32);
            c3 = (uint)t;
            t = ((ulong)a2 * b2) + c4 + (t >> 32);
            c4 = (uint)t;
            t = ((ulong)a2 * b3) + c5 + (t >> 32);
            c5 = (uint)t;
            t = ((ulong)a2 * b4) + c6 + (t >> 32);
            c6 = (uint)t;
            t = ((ulong)a2 * b5) + c7 + (t >> 32);
            c7 = (uint)t;
            t = ((ulong)a2 * b6) + c8 + (t >> 32);
            c8 = (uint)t;
            t = ((ulong)a2 * b7) + c9 + (t >> 32);
            c9 = (uint)t;
            uint c10 = (uint)(t >> 32);
            t = ((ulong)a3 * b0) + c3;
            c3 = (uint)t;
            t = ((ulong)a3 * b1) + c4 + (t >> 32);
            c4 = (uint)t;
            t = ((ulong)a3 * b2) + c5 + (t >> 32);
            c5 = (uint)t;
            t = ((ulong)a3 * b3) + c6 + (t >> 32);
            c6 = (uint)t;
            t = ((ulong)a3 * b4) + c7 + (t >> 32);
            c7 = (uint)t;
            t = ((ulong)a3 * b5) + c8 + (t >> 32);
            c8 = (uint)t;
            t = ((ulong)a3 * b6) + c9 + (t >> 32);
            c9 = (uint)t;
            t = ((ulong)a3 * b7) + c10 + (t >> 32);
            c10 = (uint)t;
            uint c11 = (uint)(t >> 32);
            t = ((ulong)a4 * b0) + c4;
            c4 = (uint)t;
            t = ((ulong)a4 * b1) + c5 + (t >> 32);
            c5 = (uint)t;
            t = ((ulong)a4 * b2) + c6 + (t >> 32);
            c6 = (uint)t;
            t = ((ulong)a4 * b3) + c7 + (t >> 32);
            c7 = (uint)t;
            t = ((ulong)a4 * b4) + c8 + (t >> 32);
            c8 = (uint)t;
            t = ((ulong)a4 * b5) + c9 + (t >> 32);
            c9 = (uint)t;
            t = ((ulong)a4 * b6) + c10 + (t >> 32);
            c10 = (uint)t;
            t = ((ulong)a4 * b7) + c11 + (t >> 32);
            c11 = (uint)t;
            uint c12 = (uint)(t >> 32);
            t = ((ulong)a5 * b0) + c5;
            c5 = (uint)t;
            t = ((ulong)a5 * b1) + c6 + (t >> 32);
            c6 = (uint)t;
            t = ((ulong)a5 * b2) + c7 + (t >> 32);
            c7 = (uint)t;
            t = ((ulong)a5 * b3) + c8 + (t >> 32);
            c8 = (uint)t;
            t = ((ulong)a5 * b4) + c9 + (t >> 32);
            c9 = (uint)t;
            t = ((ulong)a5 * b5) + c10 + (t >> 32);
            c10 = (uint)t;
            t = ((ulong)a5 * b6) + c11 + (t >> 32);
            c11 = (uint)t;
            t = ((ulong)a5 * b7) + c12 + (t >> 32);
            c12 = (uint)t;
            uint c13 = (uint)(t >> 32);
            t = ((ulong)a6 * b0) + c6;
            c6 = (uint)t;
            t = ((ulong)a6 * b1) + c7 + (t >> 32);
            c7 = (uint)t;
            t = ((ulong)a6 * b2) + c8 + (t >> 32);
            c8 = (uint)t;
            t = ((ulong)a6 * b3) + c9 + (t >> 32);
            c9 = (uint)t;
            t = ((ulong)a6 * b4) + c10 + (t >> 32);
            c10 = (uint)t;
            t = ((ulong)a6 * b5) + c11 + (t >> 32);
            c11 = (uint)t;
            t = ((ulong)a6 * b6) + c12 + (t >> 32);
            c12 = (uint)t;
            t = ((ulong)a6 * b7) + c13 + (t >> 32);
            c13 = (uint)t;
            uint c14 = (uint)(t >> 32);
            t = ((ulong)a7 * b0) + c7;
            c7 = (uint)t;
            t = ((ulong)a7 * b1) + c8 + (t >> 32);
            c8 = (uint)t;
            t = ((ulong)a7 * b2) + c9 + (t >> 32);
            c9 = (uint)t;
            t = ((ulong)a7 * b3) + c10 + (t >> 32);
            c10 = (uint)t;
            t = ((ulong)a7 * b4) + c11 + (t >> 32);
            c11 = (uint)t;
            t = ((ulong)a7 * b5) + c12 + (t >> 32);
            c12 = (uint)t;
            t = ((ulong)a7 * b6) + c13 + (t >> 32);
            c13 = (uint)t;
            t = ((ulong)a7 * b7) + c14 + (t >> 32);
            c14 = (uint)t;
            uint c15 = (uint)(t >> 32);

            Reduce(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, r);
        }

        /// <summary>r = a² mod p: 36 limb products instead of 64 (squarings are most of an inversion and a doubling).</summary>
        public static void Square(uint[] a, uint[] r)
        {
            uint a0 = a[0];
            uint a1 = a[1];
            uint a2 = a[2];
            uint a3 = a[3];
            uint a4 = a[4];
            uint a5 = a[5];
            uint a6 = a[6];
            uint a7 = a[7];
            ulong t;
            
            // Cross products a_i·a_j (i < j), row by row.
            t = (ulong)a0 * a1;
            uint c1 = (uint)t;
            t = ((ulong)a0 * a2) + (t >> 32);
            uint c2 = (uint)t;
            t = ((ulong)a0 * a3) + (t >> 32);
            uint c3 = (uint)t;
            t = ((ulong)a0 * a4) + (t >> 32);
            uint c4 = (uint)t;
            t = ((ulong)a0 * a5) + (t >> 32);
            uint c5 = (uint)t;
            t = ((ulong)a0 * a6) + (t >> 32);
            uint c6 = (uint)t;
            t = ((ulong)a0 * a7) + (t >> 32);
            uint c7 = (uint)t;
            uint c8 = (uint)(t >> 32);
            t = ((ulong)a1 * a2) + c3;
            c3 = (uint)t;
            t = ((ulong)a1 * a3) + c4 + (t >> 32);
            c4 = (uint)t;
            t = ((ulong)a1 * a4) + c5 + (t >> 32);
            c5 = (uint)t;
            t = ((ulong)a1 * a5) + c6 + (t >> 32);
            c6 = (uint)t;
            t = ((ulong)a1 * a6) + c7 + (t >> 32);
            c7 = (uint)t;
            t = ((ulong)a1 * a7) + c8 + (t >> 32);
            c8 = (uint)t;
            uint c9 = (uint)(t >> 32);
            t = ((ulong)a2 * a3) + c5;
            c5 = (uint)t;
            t = ((ulong)a2 * a4) + c6 + (t >> 32);
            c6 = (uint)t;
            t = ((ulong)a2 * a5) + c7 + (t >> 32);
            c7 = (uint)t;
            t = ((ulong)a2 * a6) + c8 + (t >> 32);
            c8 = (uint)t;
            t = ((ulong)a2 * a7) + c9 + (t >> 32);
            c9 = (uint)t;
            uint c10 = (uint)(t >> 32);
            t = ((ulong)a3 * a4) + c7;
            c7 = (uint)t;
            t = ((ulong)a3 * a5) + c8 + (t >> 32);
            c8 = (uint)t;
            t = ((ulong)a3 * a6) + c9 + (t >> 32);
            c9 = (uint)t;
            t = ((ulong)a3 * a7) + c10 + (t >> 32);
            c10 = (uint)t;
            uint c11 = (uint)(t >> 32);
            t = ((ulong)a4 * a5) + c9;
            c9 = (uint)t;
            t = ((ulong)a4 * a6) + c10 + (t >> 32);
            c10 = (uint)t;
            t = ((ulong)a4 * a7) + c11 + (t >> 32);
            c11 = (uint)t;
            uint c12 = (uint)(t >> 32);
            t = ((ulong)a5 * a6) + c11;
            c11 = (uint)t;
            t = ((ulong)a5 * a7) + c12 + (t >> 32);
            c12 = (uint)t;
            uint c13 = (uint)(t >> 32);
            t = ((ulong)a6 * a7) + c13;
            c13 = (uint)t;
            uint c14 = (uint)(t >> 32);
            
            // Doubled, then the squares a_i² added on the diagonal.
            uint c15 = c14 >> 31;
            c14 = (c14 << 1) | (c13 >> 31);
            c13 = (c13 << 1) | (c12 >> 31);
            c12 = (c12 << 1) | (c11 >> 31);
            c11 = (c11 << 1) | (c10 >> 31);
            c10 = (c10 << 1) | (c9 >> 31);
            c9 = (c9 << 1) | (c8 >> 31);
            c8 = (c8 << 1) | (c7 >> 31);
            c7 = (c7 << 1) | (c6 >> 31);
            c6 = (c6 << 1) | (c5 >> 31);
            c5 = (c5 << 1) | (c4 >> 31);
            c4 = (c4 << 1) | (c3 >> 31);
            c3 = (c3 << 1) | (c2 >> 31);
            c2 = (c2 << 1) | (c1 >> 31);
            c1 <<= 1;
            t = (ulong)a0 * a0;
            uint c0 = (uint)t;
            t = (t >> 32) + c1;
            c1 = (uint)t;
            t = ((ulong)a1 * a1) + c2 + (t >> 32);
            c2 = (uint)t;
            t = (t >> 32) + c3;
            c3 = (uint)t;
            t = ((ulong)a2 * a2) + c4 + (t >> 32);
            c4 = (uint)t;
            t = (t >> 32) + c5;
            c5 = (uint)t;
            t = ((ulong)a3 * a3) + c6 + (t >> 32);
            c6 = (uint)t;
            t = (t >> 32) + c7;
            c7 = (uint)t;
            t = ((ulong)a4 * a4) + c8 + (t >> 32);
            c8 = (uint)t;
            t = (t >> 32) + c9;
            c9 = (uint)t;
            t = ((ulong)a5 * a5) + c10 + (t >> 32);
            c10 = (uint)t;
            t = (t >> 32) + c11;
            c11 = (uint)t;
            t = ((ulong)a6 * a6) + c12 + (t >> 32);
            c12 = (uint)t;
            t = (t >> 32) + c13;
            c13 = (uint)t;
            t = ((ulong)a7 * a7) + c14 + (t >> 32);
            c14 = (uint)t;
            t = (t >> 32) + c15;
            c15 = (uint)t;

            Reduce(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, r);
        }

        // r = c mod p for the 512-bit c = c15..c0 (32-bit words, most significant first).
        private static void Reduce(uint c0, uint c1, uint c2, uint c3, uint c4, uint c5, uint c6, uint c7, uint c8, uint c9, uint c10, uint c11, uint c12, uint c13, uint c14, uint c15, uint[] r)
        {
            // FIPS 186-4 §D.2.3: with the product's words c15..c0, the result is
            // s1 + 2·s2 + 2·s3 + s4 + s5 − s6 − s7 − s8 − s9 (mod p), summed here word by word.
            long acc = (long)c0 + c8 + c9 - c11 - c12 - c13 - c14;
            uint r0 = (uint)acc;
            acc = (acc >> 32) + c1 + c9 + c10 - c12 - c13 - c14 - c15;
            uint r1 = (uint)acc;
            acc = (acc >> 32) + c2 + c10 + c11 - c13 - c14 - c15;
            uint r2 = (uint)acc;
            acc = (acc >> 32) + c3 + (2L * c11) + (2L * c12) + c13 - c15 - c8 - c9;
            uint r3 = (uint)acc;
            acc = (acc >> 32) + c4 + (2L * c12) + (2L * c13) + c14 - c9 - c10;
            uint r4 = (uint)acc;
            acc = (acc >> 32) + c5 + (2L * c13) + (2L * c14) + c15 - c10 - c11;
            uint r5 = (uint)acc;
            acc = (acc >> 32) + c6 + (3L * c14) + (2L * c15) + c13 - c8 - c9;
            uint r6 = (uint)acc;
            acc = (acc >> 32) + c7 + (3L * c15) + c8 - c10 - c11 - c12 - c13;
            uint r7 = (uint)acc;
            long carry = acc >> 32;

            // Fold the small signed carry back with 2^256 ≡ 2^224 − 2^192 − 2^96 + 1 (mod p); at most three rounds.
            while (carry != 0)
            {
                acc = (long)r0 + carry;
                r0 = (uint)acc;
                acc = (acc >> 32) + r1;
                r1 = (uint)acc;
                acc = (acc >> 32) + r2;
                r2 = (uint)acc;
                acc = (acc >> 32) + r3 - carry;
                r3 = (uint)acc;
                acc = (acc >> 32) + r4;
                r4 = (uint)acc;
                acc = (acc >> 32) + r5;
                r5 = (uint)acc;
                acc = (acc >> 32) + r6 - carry;
                r6 = (uint)acc;
                acc = (acc >> 32) + r7 + carry;
                r7 = (uint)acc;
                carry = acc >> 32;
            }

            StoreReduced(r0, r1, r2, r3, r4, r5, r6, r7, 0, r);
        }


        /// <summary>r = a^(2^count) mod p: <paramref name="count"/> squarings of <paramref name="a"/>.</summary>
        public static void SquareRepeatedly(uint[] a, int count, uint[] r)
        {
            Square(a, r);
            for (int i = 1; i < count; i++)
            {
                Square(r, r);
            }
        }

        /// <summary>Whether a = b.</summary>
        public static bool AreEqual(uint[] a, uint[] b)
        {
            return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])
                | (a[4] ^ b[4]) | (a[5] ^ b[5]) | (a[6] ^ b[6]) | (a[7] ^ b[7])) == 0;
        }

        /// <summary>Whether a = 0.</summary>
        public static bool IsZero(uint[] a)
        {
            return (a[0] | a[1] | a[2] | a[3] | a[4] | a[5] | a[6] | a[7]) == 0;
        }

        /// <summary>Sets a to the small value <paramref name="value"/>.</summary>
        public static void SetSmall(uint[] a, uint value)
        {
            a[0] = value;
            for (int i = 1; i < Limbs; i++)
            {
                a[i] = 0;
            }
        }

        /// <summary>
        /// Reads a 32-octet big-endian integer into limbs (any value below 2^256); returns whether it is below
        /// <paramref name="modulus"/> (p for coordinates, n for scalars).
        /// </summary>
        public static bool ReadBigEndian(byte[] source, int offset, uint[] a, uint[] modulus)
        {
            for (int i = 0; i < Limbs; i++)
            {
                int o = offset + ByteLength - 4 - (4 * i);
                a[i] = ((uint)source[o] << 24) | ((uint)source[o + 1] << 16) | ((uint)source[o + 2] << 8) | source[o + 3];
            }

            return IsLess(a, modulus);
        }

        /// <summary>Writes limbs as a 32-octet big-endian integer.</summary>
        public static void WriteBigEndian(uint[] a, byte[] destination, int offset)
        {
            for (int i = 0; i < Limbs; i++)
            {
                int o = offset + ByteLength - 4 - (4 * i);
                uint w = a[i];
                destination[o] = (byte)(w >> 24);
                destination[o + 1] = (byte)(w >> 16);
                destination[o + 2] = (byte)(w >> 8);
                destination[o + 3] = (byte)w;
            }
        }

        /// <summary>Whether a &lt; b as 256-bit integers.</summary>
        public static bool IsLess(uint[] a, uint[] b)
        {
            for (int i = Limbs - 1; i >= 0; i--)
            {
                uint x = a[i];
                uint y = b[i];
                if (x != y)
                {
                    return x < y;
                }
            }

            return false;
        }

        // Writes r0..r7 (+ carry · 2^256) reduced below p: the value is below 2p, so one conditional subtraction of
        // p (limbs FFFFFFFF FFFFFFFF FFFFFFFF 0 0 0 1 FFFFFFFF) suffices.
        private static void StoreReduced(uint r0, uint r1, uint r2, uint r3, uint r4, uint r5, uint r6, uint r7, uint carry, uint[] r)
        {
            long d = (long)r0 - 0xFFFFFFFF;
            uint d0 = (uint)d;
            d = (long)r1 - 0xFFFFFFFF + (d >> 32);
            uint d1 = (uint)d;
            d = (long)r2 - 0xFFFFFFFF + (d >> 32);
            uint d2 = (uint)d;
            d = (long)r3 + (d >> 32);
            uint d3 = (uint)d;
            d = (long)r4 + (d >> 32);
            uint d4 = (uint)d;
            d = (long)r5 + (d >> 32);
            uint d5 = (uint)d;
            d = (long)r6 - 1 + (d >> 32);
            uint d6 = (uint)d;
            d = (long)r7 - 0xFFFFFFFF + (d >> 32);
            uint d7 = (uint)d;
            if (carry != 0 || d >= 0)
            {
                r[0] = d0;
                r[1] = d1;
                r[2] = d2;
                r[3] = d3;
                r[4] = d4;
                r[5] = d5;
                r[6] = d6;
                r[7] = d7;
            }
            else
            {
                r[0] = r0;
                r[1] = r1;
                r[2] = r2;
                r[3] = r3;
                r[4] = r4;
                r[5] = r5;
                r[6] = r6;
                r[7] = r7;
            }
        }
    }
}
