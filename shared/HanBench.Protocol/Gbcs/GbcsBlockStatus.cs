namespace HanBench.Protocol.Gbcs
{
    /// <summary>What <see cref="GbcsBlockReassembler.Accept"/> made of a block.</summary>
    public enum GbcsBlockStatus : byte
    {
        /// <summary>Taken; more blocks to come.</summary>
        InProgress = 0,

        /// <summary>The last block: the whole message is in the reassembler.</summary>
        Complete = 1,

        /// <summary>Not a general-block-transfer APDU, or its length fields disagree: ignored, the message so far kept.</summary>
        Malformed = 2,

        /// <summary>Not a block that can continue a message (a first block not 1, an earlier block number with other data): ignored, the message so far kept.</summary>
        OutOfOrder = 3,

        /// <summary>The message would outgrow the reassembler: dropped.</summary>
        TooLong = 4,

        /// <summary>From another source while a message is in progress: ignored, the message in progress kept.</summary>
        Busy = 5,

        /// <summary>An exact repeat of a block taken, of the message in progress or of the one just completed (a retransmission): ignored.</summary>
        Repeat = 6,

        /// <summary>A block beyond the one expected next (one before it was lost): not taken, the message so far kept.</summary>
        Gap = 7,

        /// <summary>
        /// A block of another message than the one in progress that cannot replace it (not its first block, or the first
        /// block of a message whose originator counter is not above the last authenticated one): ignored, the message in progress kept.
        /// </summary>
        OtherMessage = 8,
    }
}
