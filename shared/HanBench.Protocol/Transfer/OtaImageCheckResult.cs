namespace HanBench.Protocol.Transfer
{
    /// <summary>What an <see cref="IOtaImageCheck"/> found; anything but <see cref="Valid"/> makes the client report INVALID_IMAGE.</summary>
    public enum OtaImageCheckResult : byte
    {
        /// <summary>Not checked yet.</summary>
        None = 0x00,

        /// <summary>The image passed every check.</summary>
        Valid = 0x01,

        /// <summary>The bytes received differ from the size offered or the size the header declares.</summary>
        SizeMismatch = 0x02,

        /// <summary>The OTA header does not decode (magic, version, lengths).</summary>
        MalformedImage = 0x03,

        /// <summary>The header names another manufacturer code, image type or file version than the one offered.</summary>
        WrongImage = 0x04,

        /// <summary>The header's hardware version range excludes this device.</summary>
        HardwareVersionMismatch = 0x05,

        /// <summary>The Manufacturer Image's SHA-256 differs from the one expected.</summary>
        HashMismatch = 0x06,

        /// <summary>The image is signed and the signature does not verify, or a signature is required and missing.</summary>
        SignatureInvalid = 0x07,
    }
}
