namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// Bits of the OTA header field control (ZCL OTA Upgrade cluster, OTA header): each announces an optional
    /// field after the total image size. Bits 3–15 are reserved; a decoder keeps them, since the header length
    /// (not the field control) says where the header ends.
    /// </summary>
    public static class OtaHeaderFieldControl
    {
        /// <summary>Bit 0: the 1-byte security credential version follows.</summary>
        public const ushort SecurityCredentialVersionPresent = 0x0001;

        /// <summary>Bit 1: the 8-byte upgrade file destination (an IEEE address) follows.</summary>
        public const ushort UpgradeFileDestinationPresent = 0x0002;

        /// <summary>Bit 2: the 2-byte minimum and 2-byte maximum hardware versions follow.</summary>
        public const ushort HardwareVersionsPresent = 0x0004;

        /// <summary>The bits this version of the header defines.</summary>
        public const ushort Known = SecurityCredentialVersionPresent | UpgradeFileDestinationPresent | HardwareVersionsPresent;
    }
}
