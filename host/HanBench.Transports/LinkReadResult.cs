namespace HanBench.Transports;

/// <summary>What a bounded read saw: bytes, the time running out, or the peer going away.</summary>
/// <param name="Count">Bytes copied into the buffer (0 when <see cref="TimedOut"/> or <see cref="PeerGone"/>).</param>
/// <param name="TimedOut">The timeout passed with no byte received.</param>
public readonly record struct LinkReadResult(int Count, bool TimedOut)
{
    /// <summary>The peer is gone: end of stream, hang-up or disposal.</summary>
    public bool PeerGone => Count == 0 && !TimedOut;
}
