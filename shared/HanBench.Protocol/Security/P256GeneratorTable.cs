namespace HanBench.Protocol.Security
{
    /// <summary>
    /// The fixed-base comb table for the P-256 generator G (Lim–Lee comb, <see cref="Teeth"/> teeth spaced
    /// <see cref="Spacing"/> bits apart): entry i (1 ≤ i &lt; 2^Teeth) is Σ bit_t(i) · 2^(Spacing·t) · G, in affine
    /// coordinates. Built once, at first use, for every signer, verifier and key derivation in the process:
    /// 63 points, 4 KB, so it fits a nanoFramework heap; a multiplication by G then costs 42 doublings and 43 mixed
    /// additions instead of 256 doublings and 65 additions.
    /// </summary>
    internal static class P256GeneratorTable
    {
        /// <summary>Bits of the scalar combined into one table index.</summary>
        public const int Teeth = 6;

        /// <summary>Distance between teeth: ⌈256 / Teeth⌉.</summary>
        public const int Spacing = 43;

        /// <summary>Entries, index 0 (the point at infinity) unused.</summary>
        public const int Size = 1 << Teeth;

        private static readonly object Gate = new object();
        private static uint[][]? _x;
        private static uint[][]? _y;

        /// <summary>The table's x coordinates (built on first call).</summary>
        public static uint[][] X
        {
            get
            {
                EnsureBuilt();
                return _x!;
            }
        }

        /// <summary>The table's y coordinates (built on first call).</summary>
        public static uint[][] Y
        {
            get
            {
                EnsureBuilt();
                return _y!;
            }
        }

        // Always under the lock (no double-checked read): the cost is nothing next to a scalar multiplication.
        private static void EnsureBuilt()
        {
            lock (Gate)
            {
                if (_y == null)
                {
                    Build();
                }
            }
        }

        private static void Build()
        {
            P256Curve curve = new P256Curve();
            P256Point[] points = new P256Point[Size];
            for (int i = 1; i < Size; i++)
            {
                points[i] = new P256Point();
            }

            // Teeth: points[2^t] = 2^(Spacing·t)·G.
            points[1].SetAffine(P256Curve.GeneratorX, P256Curve.GeneratorY);
            for (int t = 1; t < Teeth; t++)
            {
                P256Point tooth = points[1 << t];
                tooth.CopyFrom(points[1 << (t - 1)]);
                for (int d = 0; d < Spacing; d++)
                {
                    curve.Double(tooth, tooth);
                }
            }

            // Every other entry: its lowest tooth plus the entry without that tooth (distinct multiples of G).
            for (int i = 3; i < Size; i++)
            {
                int lowest = i & -i;
                if (lowest != i)
                {
                    curve.Add(points[i - lowest], points[lowest], points[i]);
                }
            }

            // To affine with one inversion (Montgomery's trick): prefix[i] = Z1·…·Zi, then walk back.
            uint[][] x = new uint[Size][];
            uint[][] y = new uint[Size][];
            uint[][] prefix = new uint[Size][];
            for (int i = 0; i < Size; i++)
            {
                x[i] = new uint[P256Field.Limbs];
                y[i] = new uint[P256Field.Limbs];
                prefix[i] = new uint[P256Field.Limbs];
            }

            P256Field.SetSmall(prefix[0], 1);
            for (int i = 1; i < Size; i++)
            {
                P256Field.Multiply(prefix[i - 1], points[i].Z, prefix[i]);
            }

            uint[] inverse = new uint[P256Field.Limbs];
            uint[] zInverse = new uint[P256Field.Limbs];
            uint[] z2 = new uint[P256Field.Limbs];
            new P256FieldPowers().Invert(prefix[Size - 1], inverse);
            for (int i = Size - 1; i >= 1; i--)
            {
                P256Field.Multiply(inverse, prefix[i - 1], zInverse);     // 1/Zi
                P256Field.Multiply(inverse, points[i].Z, inverse);        // 1/(Z1·…·Zi−1)
                P256Field.Square(zInverse, z2);
                P256Field.Multiply(points[i].X, z2, x[i]);
                P256Field.Multiply(z2, zInverse, z2);
                P256Field.Multiply(points[i].Y, z2, y[i]);
            }

            _x = x;
            _y = y;
        }
    }
}
