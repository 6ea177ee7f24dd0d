namespace HanBench.Protocol.Gbcs
{
    /// <summary>CCS08 Firmware Transfer alert response code (docs/PROTOCOL.md §3; DUIS N62 FirmwareTransferAlert).</summary>
    public enum FirmwareTransferResponseCode : byte
    {
        /// <summary>The HAN device received the whole image (DUIS FileTransferSuccess).</summary>
        Success = 0x00,

        /// <summary>The image was discarded (DUIS FirmwareImageDiscarded).</summary>
        ImageDiscarded = 0x01,

        /// <summary>The image does not fit the device's hardware version (DUIS HardwareVersionMismatch).</summary>
        HardwareVersionMismatch = 0x02,

        /// <summary>The transfer to the device failed (DUIS FileTransferFailure).</summary>
        FileTransferFailure = 0x03,
    }
}
