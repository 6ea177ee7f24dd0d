namespace HanBench.Protocol.Security
{
    /// <summary>
    /// A P-256 point in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. Three field
    /// elements allocated once; the arithmetic is in <see cref="P256Curve"/>.
    /// </summary>
    internal sealed class P256Point
    {
        /// <summary>X coordinate (Jacobian).</summary>
        public readonly uint[] X = new uint[P256Field.Limbs];

        /// <summary>Y coordinate (Jacobian).</summary>
        public readonly uint[] Y = new uint[P256Field.Limbs];

        /// <summary>Z coordinate; zero for the point at infinity.</summary>
        public readonly uint[] Z = new uint[P256Field.Limbs];

        /// <summary>Whether this is the point at infinity.</summary>
        public bool IsInfinity => P256Field.IsZero(Z);

        /// <summary>Becomes the point at infinity.</summary>
        public void SetInfinity()
        {
            P256Field.SetSmall(X, 1);
            P256Field.SetSmall(Y, 1);
            P256Field.SetSmall(Z, 0);
        }

        /// <summary>Becomes the affine point (x, y).</summary>
        public void SetAffine(uint[] x, uint[] y)
        {
            System.Array.Copy(x, X, P256Field.Limbs);
            System.Array.Copy(y, Y, P256Field.Limbs);
            P256Field.SetSmall(Z, 1);
        }

        /// <summary>Becomes a copy of <paramref name="other"/>.</summary>
        public void CopyFrom(P256Point other)
        {
            System.Array.Copy(other.X, X, P256Field.Limbs);
            System.Array.Copy(other.Y, Y, P256Field.Limbs);
            System.Array.Copy(other.Z, Z, P256Field.Limbs);
        }
    }
}
