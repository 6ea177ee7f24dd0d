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

        /// <summary>The storage has no room for the image now (it may once other images are deleted).</summary>
        NoSpace = 0x04,

        /// <summary>The image is larger than the whole storage: it can never be taken.</summary>
        TooLarge = 0x05,
    }
}
