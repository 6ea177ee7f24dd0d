namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// Reserved values of the OTA header's image type (ZCL OTA Upgrade cluster, "Image Type"). Values below
    /// 0xFFC0 are manufacturer specific (the RTDS ESME image uses 0x0000, the PPMID image 0x0084).
    /// </summary>
    public static class OtaImageType
    {
        /// <summary>First value of the reserved range; every lower value is manufacturer specific.</summary>
        public const ushort FirstReserved = 0xFFC0;

        /// <summary>Client security credentials.</summary>
        public const ushort SecurityCredential = 0xFFC0;

        /// <summary>Client configuration.</summary>
        public const ushort Configuration = 0xFFC1;

        /// <summary>Server log.</summary>
        public const ushort Log = 0xFFC2;

        /// <summary>Wildcard: matches any image type in a query.</summary>
        public const ushort Wildcard = 0xFFFF;

        /// <summary>Whether <paramref name="imageType"/> is in the manufacturer-specific range (below 0xFFC0).</summary>
        public static bool IsManufacturerSpecific(ushort imageType)
        {
            return imageType < FirstReserved;
        }
    }
}
