namespace HanBench.Protocol.Gbcs
{
    /// <summary>Which payload encoding a Firmware Distribution Receipt alert (0x8F72) uses; the message code tells.</summary>
    public enum FirmwareDistributionReceiptForm : byte
    {
        /// <summary>DLMS data-notification, from an ESME (message code 0x00CE).</summary>
        Dlms = 0x01,

        /// <summary>GBZ (ZigBee) alert payload, from a GSME (message code 0x00CF).</summary>
        Gbz = 0x02,
    }
}
