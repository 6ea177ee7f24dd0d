namespace HanBench.Protocol.Han
{
    /// <summary>The outcome of decoding a <see cref="HanFrame"/>; anything but <see cref="Ok"/> names the defect.</summary>
    public enum HanFrameStatus : byte
    {
        /// <summary>The frame decoded.</summary>
        Ok = 0,

        /// <summary>Fewer bytes than the 20-byte header.</summary>
        TruncatedHeader = 1,

        /// <summary>The kind byte is not a <see cref="HanFrameKind"/>.</summary>
        UnknownKind = 2,

        /// <summary>The payload is longer than <see cref="HanFrame.MaxPayloadLength"/>.</summary>
        PayloadTooLong = 3,
    }
}
