namespace HanBench.Protocol.Transfer
{
    /// <summary>How an <see cref="OtaServer"/> answered a Query Next Image Request, for its observer.</summary>
    public enum OtaQueryOutcome : byte
    {
        /// <summary>SUCCESS: an image was offered.</summary>
        Offered = 0x00,

        /// <summary>NO_IMAGE_AVAILABLE: no image for that manufacturer code and image type is newer than the client's.</summary>
        NoNewerImage = 0x01,

        /// <summary>
        /// NO_IMAGE_AVAILABLE, and the only reason is the client's hardware version, outside the newer image's range. A
        /// Comms Hub reports that as 0x8F89 with response code 2, hardware version mismatch (docs/PROTOCOL.md §3).
        /// </summary>
        HardwareVersionMismatch = 0x02,
    }
}
