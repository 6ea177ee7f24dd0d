namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// Tags of the sub-elements that follow the header in a plain ZigBee OTA file: each sub-element is
    /// tag (2 bytes, little-endian) + length (4 bytes, little-endian) + data (ZCL OTA Upgrade cluster, "Sub-elements").
    /// GBCS images do not use them (docs/PROTOCOL.md §2).
    /// </summary>
    public static class OtaSubElementTag
    {
        /// <summary>Bytes of tag plus length before each sub-element's data.</summary>
        public const int HeaderLength = 6;

        /// <summary>The upgrade image itself.</summary>
        public const ushort UpgradeImage = 0x0000;

        /// <summary>ECDSA signature (ZigBee Smart Energy).</summary>
        public const ushort EcdsaSignature = 0x0001;

        /// <summary>ECDSA signing certificate (ZigBee Smart Energy).</summary>
        public const ushort EcdsaSigningCertificate = 0x0002;

        /// <summary>Image integrity code (a hash over the file).</summary>
        public const ushort ImageIntegrityCode = 0x0003;
    }
}
