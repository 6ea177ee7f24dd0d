namespace HanBench.Protocol.Han
{
    /// <summary>The outcome of <see cref="Cobs.TryDecode"/>; anything but <see cref="Ok"/> names the defect.</summary>
    public enum CobsStatus : byte
    {
        /// <summary>The input decoded.</summary>
        Ok = 0,

        /// <summary>The input is empty or a code byte promises more bytes than remain (the block was cut short).</summary>
        Truncated = 1,

        /// <summary>A 0x00 byte inside the encoded data, where COBS never puts one (it is the delimiter).</summary>
        UnexpectedZero = 2,
    }
}
