namespace HanBench.Protocol.Gbcs
{
    /// <summary>Result carried by the 0x8F8B PPMID/HCALCS firmware activation alert (docs/PROTOCOL.md §3; DUIS N39).</summary>
    public enum PpmidFirmwareActivationResult : byte
    {
        /// <summary>The new image is running (DUIS ActivationSuccess).</summary>
        Success = 0x00,

        /// <summary>Activation failed; the previous image still runs (DUIS ActivationFailure).</summary>
        Failure = 0x01,
    }
}
