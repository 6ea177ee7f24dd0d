namespace HanBench.Protocol.Security
{
    /// <summary>
    /// Point arithmetic on NIST P-256 (y² = x³ − 3x + b over GF(p), FIPS 186-4 §D.1.2.3) in Jacobian coordinates, and
    /// the SEC 1 §2.3.3–2.3.4 point encodings with validation. An instance owns its temporaries (allocated once) and
    /// is not thread-safe; one per signer, verifier or key-agreement object.
    /// </summary>
    internal sealed class P256Curve
    {
        /// <summary>Octets of an uncompressed point: 04 ‖ X ‖ Y.</summary>
        public const int UncompressedLength = 1 + (2 * P256Field.ByteLength);

        /// <summary>Octets of a compressed point: 02|03 ‖ X.</summary>
        public const int CompressedLength = 1 + P256Field.ByteLength;

        /// <summary>The curve coefficient b.</summary>
        public static readonly uint[] B = new uint[]
        {
            0x27D2604B, 0x3BCE3C3E, 0xCC53B0F6, 0x651D06B0, 0x769886BC, 0xB3EBBD55, 0xAA3A93E7, 0x5AC635D8,
        };

        /// <summary>The generator's x.</summary>
        public static readonly uint[] GeneratorX = new uint[]
        {
            0xD898C296, 0xF4A13945, 0x2DEB33A0, 0x77037D81, 0x63A440F2, 0xF8BCE6E5, 0xE12C4247, 0x6B17D1F2,
        };

        /// <summary>The generator's y.</summary>
        public static readonly uint[] GeneratorY = new uint[]
        {
            0x37BF51F5, 0xCBB64068, 0x6B315ECE, 0x2BCE3357, 0x7C0F9E16, 0x8EE7EB4A, 0xFE1A7F9B, 0x4FE342E2,
        };

        private readonly P256FieldPowers _field = new P256FieldPowers();
        private readonly uint[] _t1 = new uint[P256Field.Limbs];
        private readonly uint[] _t2 = new uint[P256Field.Limbs];
        private readonly uint[] _t3 = new uint[P256Field.Limbs];
        private readonly uint[] _t4 = new uint[P256Field.Limbs];
        private readonly uint[] _t5 = new uint[P256Field.Limbs];
        private readonly uint[] _t6 = new uint[P256Field.Limbs];
        private readonly uint[] _t7 = new uint[P256Field.Limbs];
        private readonly uint[] _t8 = new uint[P256Field.Limbs];
        private readonly uint[] _t9 = new uint[P256Field.Limbs];
        private readonly uint[] _zero = new uint[P256Field.Limbs];

        /// <summary>r = 2p (dbl-2001-b for a = −3: 3M + 5S). r may be p.</summary>
        public void Double(P256Point p, P256Point r)
        {
            uint[] delta = _t1;
            uint[] gamma = _t2;
            uint[] beta = _t3;
            uint[] alpha = _t5;
            uint[] t4 = _t4;
            uint[] t6 = _t6;

            P256Field.Square(p.Z, delta);
            P256Field.Square(p.Y, gamma);
            P256Field.Multiply(p.X, gamma, beta);
            P256Field.Subtract(p.X, delta, t4);
            P256Field.Add(p.X, delta, alpha);
            P256Field.Multiply(t4, alpha, t4);
            P256Field.Add(t4, t4, alpha);
            P256Field.Add(alpha, t4, alpha);          // alpha = 3(X − delta)(X + delta)

            P256Field.Add(p.Y, p.Z, t6);
            P256Field.Square(t6, t6);
            P256Field.Subtract(t6, gamma, t6);
            P256Field.Subtract(t6, delta, r.Z);       // Z3 = (Y + Z)² − gamma − delta

            P256Field.Add(beta, beta, beta);
            P256Field.Add(beta, beta, beta);          // 4·beta
            P256Field.Square(alpha, t6);
            P256Field.Subtract(t6, beta, t6);
            P256Field.Subtract(t6, beta, r.X);        // X3 = alpha² − 8·beta

            P256Field.Subtract(beta, r.X, beta);
            P256Field.Multiply(alpha, beta, beta);
            P256Field.Square(gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Subtract(beta, gamma, r.Y);     // Y3 = alpha(4·beta − X3) − 8·gamma²
        }

        /// <summary>r = p + q, both Jacobian (add-1998-cmo-2: 12M + 4S). r may be p, not q.</summary>
        public void Add(P256Point p, P256Point q, P256Point r)
        {
            if (q.IsInfinity)
            {
                if (r != p)
                {
                    r.CopyFrom(p);
                }

                return;
            }

            Add(p, q.X, q.Y, q.Z, r);
        }

        /// <summary>r = p + (x, y) with (x, y) affine (mixed addition: 8M + 3S). r may be p.</summary>
        public void AddAffine(P256Point p, uint[] x, uint[] y, P256Point r)
        {
            Add(p, x, y, null, r);
        }

        /// <summary>Writes the affine coordinates of p; false (nothing written) for the point at infinity.</summary>
        public bool ToAffine(P256Point p, uint[] x, uint[] y)
        {
            if (p.IsInfinity)
            {
                return false;
            }

            uint[] zInverse = _t1;
            uint[] z2 = _t2;
            _field.Invert(p.Z, zInverse);
            P256Field.Square(zInverse, z2);
            P256Field.Multiply(zInverse, z2, zInverse);
            P256Field.Multiply(p.X, z2, x);
            P256Field.Multiply(p.Y, zInverse, y);
            return true;
        }

        /// <summary>r = −y mod p (the y of the negated point).</summary>
        public void Negate(uint[] y, uint[] r)
        {
            P256Field.Subtract(_zero, y, r);
        }

        /// <summary>Whether (x, y), both below p, satisfies y² = x³ − 3x + b.</summary>
        public bool IsOnCurve(uint[] x, uint[] y)
        {
            RightHandSide(x, _t3);
            P256Field.Square(y, _t4);
            return P256Field.AreEqual(_t3, _t4);
        }

        /// <summary>
        /// Decodes a SEC 1 point (04 ‖ X ‖ Y, or 02|03 ‖ X) into affine (x, y) and validates it (SEC 1 §3.2.2.1:
        /// coordinates below p, on the curve; the single octet 00, the point at infinity, is refused). Never throws on
        /// bad octets.
        /// </summary>
        public P256Status DecodePoint(byte[] source, int offset, int length, uint[] x, uint[] y)
        {
            if (source == null || offset < 0 || length < 1 || offset > source.Length - length)
            {
                return P256Status.WrongLength;
            }

            byte form = source[offset];
            if (form == 0x00)
            {
                return length == 1 ? P256Status.PointAtInfinity : P256Status.WrongLength;
            }

            if (form == 0x04)
            {
                if (length != UncompressedLength)
                {
                    return P256Status.WrongLength;
                }

                if (!P256Field.ReadBigEndian(source, offset + 1, x, P256Field.Prime)
                    || !P256Field.ReadBigEndian(source, offset + 1 + P256Field.ByteLength, y, P256Field.Prime))
                {
                    return P256Status.CoordinateOutOfRange;
                }

                return IsOnCurve(x, y) ? P256Status.Ok : P256Status.PointNotOnCurve;
            }

            if (form != 0x02 && form != 0x03)
            {
                return P256Status.UnknownPointFormat;
            }

            if (length != CompressedLength)
            {
                return P256Status.WrongLength;
            }

            if (!P256Field.ReadBigEndian(source, offset + 1, x, P256Field.Prime))
            {
                return P256Status.CoordinateOutOfRange;
            }

            RightHandSide(x, _t3);
            if (!_field.SquareRoot(_t3, y))
            {
                return P256Status.PointNotOnCurve;
            }

            // SEC 1 §2.3.4 step 2.4.3: pick the root whose parity the prefix names.
            if ((y[0] & 1) != (uint)(form & 1))
            {
                Negate(y, y);
            }

            return P256Status.Ok;
        }

        /// <summary>Writes 04 ‖ X ‖ Y (65 octets).</summary>
        public static void EncodeUncompressed(uint[] x, uint[] y, byte[] destination, int offset)
        {
            destination[offset] = 0x04;
            P256Field.WriteBigEndian(x, destination, offset + 1);
            P256Field.WriteBigEndian(y, destination, offset + 1 + P256Field.ByteLength);
        }

        /// <summary>Writes 02|03 ‖ X (33 octets), the prefix giving y's parity.</summary>
        public static void EncodeCompressed(uint[] x, uint[] y, byte[] destination, int offset)
        {
            destination[offset] = (byte)(0x02 | (y[0] & 1));
            P256Field.WriteBigEndian(x, destination, offset + 1);
        }

        // r = x³ − 3x + b = (x² − 3)·x + b.
        private void RightHandSide(uint[] x, uint[] r)
        {
            uint[] three = _t1;
            P256Field.SetSmall(three, 3);
            P256Field.Square(x, r);
            P256Field.Subtract(r, three, r);
            P256Field.Multiply(r, x, r);
            P256Field.Add(r, B, r);
        }

        /// <summary>
        /// r = p + q where q is (qx, qy, qz), finite, or affine (qx, qy) when qz is null. Handles p at infinity,
        /// p = q (doubles) and p = −q (infinity). r may be p; q's arrays must not be r's.
        /// </summary>
        public void Add(P256Point p, uint[] qx, uint[] qy, uint[]? qz, P256Point r)
        {
            if (p.IsInfinity)
            {
                System.Array.Copy(qx, r.X, P256Field.Limbs);
                System.Array.Copy(qy, r.Y, P256Field.Limbs);
                if (qz == null)
                {
                    P256Field.SetSmall(r.Z, 1);
                }
                else
                {
                    System.Array.Copy(qz, r.Z, P256Field.Limbs);
                }

                return;
            }

            uint[] h = _t2;
            uint[] rr = _t3;
            uint[] t1 = _t1;
            uint[] u1 = p.X;
            uint[] s1 = p.Y;

            P256Field.Square(p.Z, t1);
            P256Field.Multiply(qx, t1, h);            // U2 = X2·Z1²
            P256Field.Multiply(p.Z, t1, t1);
            P256Field.Multiply(qy, t1, rr);           // S2 = Y2·Z1³
            if (qz != null)
            {
                u1 = _t5;
                s1 = _t6;
                P256Field.Square(qz, t1);
                P256Field.Multiply(p.X, t1, u1);      // U1 = X1·Z2²
                P256Field.Multiply(qz, t1, t1);
                P256Field.Multiply(p.Y, t1, s1);      // S1 = Y1·Z2³
            }

            P256Field.Subtract(h, u1, h);             // H = U2 − U1
            P256Field.Subtract(rr, s1, rr);           // r = S2 − S1
            if (P256Field.IsZero(h))
            {
                if (P256Field.IsZero(rr))
                {
                    Double(p, r);
                }
                else
                {
                    r.SetInfinity();
                }

                return;
            }

            uint[] hh = _t4;
            uint[] hhh = _t7;
            uint[] v = _t8;
            uint[] s1hhh = _t9;
            P256Field.Square(h, hh);
            P256Field.Multiply(h, hh, hhh);
            P256Field.Multiply(u1, hh, v);            // V = U1·H²
            P256Field.Multiply(s1, hhh, s1hhh);

            // p is read for the last time here: r (possibly p) can be written from now on.
            P256Field.Multiply(p.Z, h, r.Z);
            if (qz != null)
            {
                P256Field.Multiply(r.Z, qz, r.Z);     // Z3 = Z1·Z2·H
            }

            P256Field.Square(rr, r.X);
            P256Field.Subtract(r.X, hhh, r.X);
            P256Field.Subtract(r.X, v, r.X);
            P256Field.Subtract(r.X, v, r.X);          // X3 = r² − H³ − 2V

            P256Field.Subtract(v, r.X, v);
            P256Field.Multiply(rr, v, v);
            P256Field.Subtract(v, s1hhh, r.Y);        // Y3 = r(V − X3) − S1·H³
        }
    }
}
