namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// The outcome of decoding an OTA file header, parsing a whole OTA image or verifying a streamed one.
    /// Anything but <see cref="Ok"/> names the defect, so the host can print it and a device can refuse the image.
    /// </summary>
    public enum OtaFileStatus : byte
    {
        /// <summary>The header or image is well formed.</summary>
        Ok = 0,

        /// <summary>The input ends before the header, or before the total image size the header announces.</summary>
        Truncated = 1,

        /// <summary>The first four bytes are not the OTA file identifier 0x0BEEF11E: not an OTA file.</summary>
        BadMagic = 2,

        /// <summary>The header version is not 0x0100, the only one the ZCL OTA cluster defines.</summary>
        UnsupportedHeaderVersion = 3,

        /// <summary>The header length field is shorter than the fields the field control announces.</summary>
        HeaderLengthMismatch = 4,

        /// <summary>
        /// The total image size in the header is smaller than the header, or the input holds more bytes than it
        /// announces.
        /// </summary>
        TotalSizeMismatch = 5,

        /// <summary>The caller asked for a specific <see cref="OtaImageLayout"/> and the image does not have it.</summary>
        LayoutMismatch = 6,
    }
}
