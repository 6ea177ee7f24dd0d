namespace HanBench.Protocol.Security
{
    /// <summary>
    /// Outcome of a P-256 operation (point decoding, ECDSA signing and verification, ECDH): <see cref="Ok"/> or the
    /// one thing that was wrong. The portable crypto returns these instead of throwing on hostile input.
    /// </summary>
    public enum P256Status : byte
    {
        /// <summary>Done; for a verification, the signature is valid.</summary>
        Ok = 0,

        /// <summary>A key, digest or signature does not have its fixed length, or does not fit its buffer.</summary>
        WrongLength,

        /// <summary>The point encoding's first octet is not 04 (uncompressed), 02 or 03 (compressed) (SEC 1 §2.3.3).</summary>
        UnknownPointFormat,

        /// <summary>A coordinate is not below p.</summary>
        CoordinateOutOfRange,

        /// <summary>The point does not satisfy y² = x³ − 3x + b: an invalid-curve point, refused.</summary>
        PointNotOnCurve,

        /// <summary>The point at infinity, where a finite point is required (a peer key, or a product d·Q).</summary>
        PointAtInfinity,

        /// <summary>The private key is not in [1, n − 1].</summary>
        PrivateKeyOutOfRange,

        /// <summary>The signature's r is not in [1, n − 1] (FIPS 186-4 §6.4.2 step 1).</summary>
        SignatureROutOfRange,

        /// <summary>The signature's s is not in [1, n − 1].</summary>
        SignatureSOutOfRange,

        /// <summary>The signature is well formed but does not verify under this key and digest.</summary>
        SignatureMismatch,
    }
}
