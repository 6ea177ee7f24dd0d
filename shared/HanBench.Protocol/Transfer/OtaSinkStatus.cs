namespace HanBench.Protocol.Transfer
{
    /// <summary>The outcome of an <see cref="IOtaImageSink"/> call.</summary>
    public enum OtaSinkStatus : byte
    {
        /// <summary>Done.</summary>
        Ok = 0x00,

        /// <summary>The storage failed or refused (full, wrong size, I/O error): the download cannot go on.</summary>
        Failed = 0x01,

        /// <summary>The sink cannot do this (a digest-only store cannot read back or resume mid-image).</summary>
        NotSupported = 0x02,

        /// <summary>Nothing is held for that image (no partial data to resume).</summary>
        NotFound = 0x03,
    }
}
