namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// GBCS message codes (the first two octets of the grouping header's other information, big-endian) for the
    /// firmware use cases HanBench plays (docs/PROTOCOL.md §3; values as the DCC RTDS 4.5.0 messages carry them).
    /// </summary>
    public static class GbcsMessageCode
    {
        /// <summary>CS02a Provide Security Credentials Details: command and response.</summary>
        public const ushort ProvideCredentialsDetails = 0x0008;

        /// <summary>CS02c Issue Security Credentials (the device makes a new key pair): command and response.</summary>
        public const ushort IssueCredentials = 0x000A;

        /// <summary>CS02d Update Device Certificates on Device: command and response.</summary>
        public const ushort UpdateDeviceCertificate = 0x000B;

        /// <summary>CS02e Provide Device Certificates from Device: command and response.</summary>
        public const ushort ProvideDeviceCertificate = 0x000C;

        /// <summary>CS02b future-dated outcome alert (0x8F66 / 0x8F67).</summary>
        public const ushort FutureDatedUpdateCredentialsAlert = 0x00CB;

        /// <summary>CS02b Update Security Credentials, supplier by supplier (6.15.1).</summary>
        public const ushort UpdateCredentialsSupplierBySupplier = 0x0102;

        /// <summary>CS02b Update Security Credentials, ACB by ACB (8.5).</summary>
        public const ushort UpdateCredentialsAcbByAcb = 0x0104;

        /// <summary>CS02b Update Security Credentials, supplier by transitional CoS (6.23).</summary>
        public const ushort UpdateCredentialsSupplierByTransCoS = 0x0107;

        /// <summary>CS06 Activate Firmware: command, response (immediate or acknowledgement).</summary>
        public const ushort ActivateFirmware = 0x0012;

        /// <summary>CS06 future-dated activation outcome alert (0x8F66 success / 0x8F67 failure).</summary>
        public const ushort FutureDatedFirmwareActivationAlert = 0x00CA;

        /// <summary>Firmware Distribution Receipt alert 0x8F72 from an ESME (DLMS data-notification payload).</summary>
        public const ushort FirmwareDistributionReceiptAlertEsme = 0x00CE;

        /// <summary>Firmware Distribution Receipt alert 0x8F72 from a GSME (GBZ payload).</summary>
        public const ushort FirmwareDistributionReceiptAlertGsme = 0x00CF;

        /// <summary>CCS08 Firmware Transfer alert (0x8F8A success / 0x8F89 failure), Comms Hub to ACB.</summary>
        public const ushort FirmwareTransferAlert = 0x0128;

        /// <summary>CS08 Read PPMID/HCALCS Firmware Version: command and response.</summary>
        public const ushort ReadPpmidHcalcsFirmwareVersion = 0x0129;

        /// <summary>CS09 PPMID/HCALCS firmware activation alert 0x8F8B, signed by the device.</summary>
        public const ushort PpmidHcalcsFirmwareActivationAlert = 0x012B;
    }
}
