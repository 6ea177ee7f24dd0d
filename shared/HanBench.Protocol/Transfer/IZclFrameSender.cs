namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Where an OTA engine sends a ZCL frame of the OTA Upgrade cluster (ZCL header and command, nothing around it). The
    /// role wraps it in a <see cref="HanBench.Protocol.Han.HanFrame"/> of kind Zcl, cluster id 0x0019, with its own
    /// EUI-64 as source, and sends it on the link the peer is reached by. The engines allocate nothing per frame: the
    /// buffer is theirs and is reused as soon as <see cref="Send"/> returns, so the implementation copies what it keeps
    /// (an <c>IFrameLink</c> does).
    /// </summary>
    public interface IZclFrameSender
    {
        /// <summary>
        /// Sends <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/> to
        /// <paramref name="destination"/> (an EUI-64, or <see cref="HanBench.Protocol.Han.HanFrame.Broadcast"/>).
        /// Returns false when the link refused the frame; true says it left, not that it arrived.
        /// </summary>
        bool Send(ulong destination, byte[] buffer, int offset, int count);
    }
}
