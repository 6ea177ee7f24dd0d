namespace HanBench.Protocol.Han
{
    /// <summary>
    /// Why a <see cref="StreamDeframer"/> dropped the bytes between two delimiters. Each reason has its own counter
    /// on the deframer; <see cref="StreamDeframer.LastDrop"/> holds the most recent one.
    /// </summary>
    public enum DeframeDrop : byte
    {
        /// <summary>Nothing has been dropped yet.</summary>
        None = 0,

        /// <summary>The CRC-32 carried after the frame does not match the frame's bytes (line noise, a lost byte).</summary>
        BadCrc = 1,

        /// <summary>More bytes arrived before the delimiter than the largest frame the deframer accepts.</summary>
        Oversize = 2,

        /// <summary>The COBS encoding is broken: the last code byte promises more bytes than came before the delimiter.</summary>
        CobsError = 3,

        /// <summary>Fewer decoded bytes than a HAN frame header plus its CRC: cannot be a frame.</summary>
        TooShort = 4,

        /// <summary>The CRC matched but <see cref="HanFrame.TryDecode"/> refused the frame; see <see cref="StreamDeframer.LastBadFrameStatus"/>.</summary>
        BadFrame = 5,
    }
}
