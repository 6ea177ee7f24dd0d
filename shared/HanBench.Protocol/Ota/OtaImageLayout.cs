namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// What follows the OTA header (docs/PROTOCOL.md §2). Passed to a parser as <see cref="Unknown"/> it means
    /// "detect"; see <see cref="OtaImage"/> for the detection rule.
    /// </summary>
    public enum OtaImageLayout : byte
    {
        /// <summary>Not determined (or, as a parser argument, "detect the layout").</summary>
        Unknown = 0,

        /// <summary>Plain ZigBee: tagged sub-elements, the Manufacturer Image being the first upgrade image (tag 0x0000).</summary>
        ZigBee = 1,

        /// <summary>GBCS without a signature trailer: everything after the header is the Manufacturer Image (a PPMID image, SRV 11.4).</summary>
        Gbcs = 2,

        /// <summary>GBCS signed: Manufacturer Image, then force-replace byte, 0x40 and a 64-byte ECDSA P-256 signature (SRV 11.1).</summary>
        GbcsSigned = 3,
    }
}
