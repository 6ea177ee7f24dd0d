namespace HanBench.Protocol.Gbcs
{
    /// <summary>CS06 execution outcome response code (docs/PROTOCOL.md §3).</summary>
    public enum ActivateFirmwareResponseCode : byte
    {
        /// <summary>The image whose hash was given is now the running firmware.</summary>
        Success = 0x00,

        /// <summary>The device holds no image to activate.</summary>
        NoImageHeld = 0x01,

        /// <summary>The held image's Manufacturer Image hash differs from the one in the command.</summary>
        HashMismatch = 0x02,

        /// <summary>The image matched but activating it failed.</summary>
        ActivationFailure = 0x03,
    }
}
