namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// GBCS alert codes carried inside the firmware alert payloads (docs/PROTOCOL.md §3; values as in the RTDS 4.5.0
    /// alerts).
    /// </summary>
    public static class GbcsAlertCode
    {
        /// <summary>Future-dated HAN interface command (CS06) successfully actioned.</summary>
        public const ushort FutureDatedCommandActioned = 0x8F66;

        /// <summary>Future-dated HAN interface command (CS06) not successfully actioned.</summary>
        public const ushort FutureDatedCommandNotActioned = 0x8F67;

        /// <summary>
        /// Firmware Verification Failed: a device refuses a firmware image it received whose verification (the supplier
        /// signature, the hash) fails (GBCS alert code table; named so in SmartDCCInnovation/gbcs-parser's alert list).
        /// </summary>
        public const ushort FirmwareVerificationFailed = 0x8F1C;

        /// <summary>Firmware Distribution Receipt: firmware verification successful (carries the calculated hash).</summary>
        public const ushort FirmwareVerificationSuccessful = 0x8F72;

        /// <summary>CCS08 Firmware Transfer alert: the transfer to a HAN device failed.</summary>
        public const ushort FirmwareTransferFailure = 0x8F89;

        /// <summary>CCS08 Firmware Transfer alert: the transfer to a HAN device succeeded.</summary>
        public const ushort FirmwareTransferSuccess = 0x8F8A;

        /// <summary>PPMID/HCALCS firmware activation alert (result success or failure in the payload).</summary>
        public const ushort PpmidHcalcsFirmwareActivation = 0x8F8B;
    }
}
