namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// The trailer a supplier-signed GBCS image carries after the Manufacturer Image (docs/PROTOCOL.md §2, as in the RTDS
    /// SRV 11.1 image): one force-replace byte, the signature length 0x40, then the 64-byte ECDSA P-256/SHA-256
    /// signature r‖s (each 32 bytes, big-endian) over the Manufacturer Image only.
    /// </summary>
    public static class GbcsSignatureTrailer
    {
        /// <summary>Trailer length: force-replace byte + length byte + signature.</summary>
        public const int Length = 66;

        /// <summary>Signature length: r‖s of ECDSA P-256.</summary>
        public const int SignatureLength = 64;

        /// <summary>The length byte before the signature.</summary>
        public const byte SignatureLengthOctet = 0x40;

        /// <summary>Offset of the force-replace byte in the trailer.</summary>
        public const int ForceReplaceOffset = 0;

        /// <summary>Offset of the length byte in the trailer.</summary>
        public const int SignatureLengthOffset = 1;

        /// <summary>Offset of the signature in the trailer.</summary>
        public const int SignatureOffset = 2;

        /// <summary>Force-replace flag clear (the RTDS SRV 11.1 image carries this value).</summary>
        public const byte ForceReplaceNo = 0x00;

        /// <summary>Force-replace flag set.</summary>
        public const byte ForceReplaceYes = 0x01;

        /// <summary>
        /// Whether the <see cref="Length"/> bytes at <paramref name="offset"/> have the trailer's shape: a force-replace
        /// byte of 0x00 or 0x01 and the length byte 0x40. HanBench choice: the public material shows only 0x00; reading
        /// the byte as a boolean flag and refusing other values makes an unsigned image far less likely to be taken for
        /// a signed one (2 in 65,536 for random content instead of 1 in 256).
        /// </summary>
        public static bool Matches(byte[] buffer, int offset)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || offset > buffer.Length - Length)
            {
                throw new System.ArgumentOutOfRangeException(nameof(offset));
            }

            byte forceReplace = buffer[offset + ForceReplaceOffset];
            return (forceReplace == ForceReplaceNo || forceReplace == ForceReplaceYes)
                && buffer[offset + SignatureLengthOffset] == SignatureLengthOctet;
        }
    }
}
