namespace HanBench.Protocol.Gbcs
{
    /// <summary>CS08 response code (docs/PROTOCOL.md §3; the RTDS 11.2 responses call them read success / read failure).</summary>
    public enum ReadFirmwareVersionResponseCode : byte
    {
        /// <summary>The firmware version was read.</summary>
        Success = 0x00,

        /// <summary>The device could not read its firmware version.</summary>
        Failure = 0x01,
    }
}
