namespace HanBench.Protocol.Gbcs
{
    /// <summary>What <see cref="GbcsBlockReassembler.Accept"/> made of a block.</summary>
    public enum GbcsBlockStatus : byte
    {
        /// <summary>Taken; more blocks to come.</summary>
        InProgress = 0,

        /// <summary>The last block: the whole message is in the reassembler.</summary>
        Complete = 1,

        /// <summary>Not a general-block-transfer APDU, or its length fields disagree: dropped.</summary>
        Malformed = 2,

        /// <summary>Not the block expected next (first block not 1, a gap, an earlier block): the message so far is dropped.</summary>
        OutOfOrder = 3,

        /// <summary>The message would outgrow the reassembler: dropped.</summary>
        TooLong = 4,

        /// <summary>From another source while a message is in progress: ignored, the message in progress kept.</summary>
        Busy = 5,

        /// <summary>An exact repeat of the last block taken (a retransmission): ignored, the message in progress kept.</summary>
        Repeat = 6,
    }
}
