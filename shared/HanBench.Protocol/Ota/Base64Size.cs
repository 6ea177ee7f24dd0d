namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// The DUIS firmware-image size rule. A firmware image travels in a DUIS request as Base64, and the DCC
    /// refuses one longer than 1,024,000 characters with E110405 (SECMP0170 impact assessment, as recorded in
    /// docs/PROTOCOL.md §4): 4·ceil(n/3) characters for n bytes, so 768,000 bytes is the largest image accepted.
    /// The limit is a setting; the DUIS 5.4 schema itself would allow 10,240,000 characters.
    /// </summary>
    public static class Base64Size
    {
        /// <summary>Default limit on a FirmwareImage element, in Base64 characters.</summary>
        public const int DefaultLimitCharacters = 1024000;

        /// <summary>Base64 characters (with padding) for <paramref name="byteCount"/> bytes: 4·ceil(n/3).</summary>
        public static long EncodedLength(long byteCount)
        {
            if (byteCount < 0)
            {
                throw new System.ArgumentOutOfRangeException(nameof(byteCount));
            }

            return ((byteCount + 2) / 3) * 4;
        }

        /// <summary>Largest image, in bytes, whose Base64 form fits in <paramref name="limitCharacters"/>.</summary>
        public static long MaxImageBytes(long limitCharacters)
        {
            if (limitCharacters < 0)
            {
                throw new System.ArgumentOutOfRangeException(nameof(limitCharacters));
            }

            return (limitCharacters / 4) * 3;
        }

        /// <summary>Whether an image of <paramref name="byteCount"/> bytes fits in <paramref name="limitCharacters"/> as Base64.</summary>
        public static bool Fits(long byteCount, long limitCharacters)
        {
            return EncodedLength(byteCount) <= limitCharacters;
        }
    }
}
