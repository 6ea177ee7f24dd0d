namespace HanBench.Transports;

/// <summary>Helpers every link gets: bounded reads, and reading an exact count.</summary>
public static class ByteStreamLinkExtensions
{
    /// <summary>
    /// Reads with a time limit: returns the bytes read, or <see cref="LinkReadResult.TimedOut"/> when nothing
    /// arrived within <paramref name="timeout"/>, or <see cref="LinkReadResult.PeerGone"/>. Cancelling
    /// <paramref name="cancellationToken"/> still throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async ValueTask<LinkReadResult> ReadAsync(this IByteStreamLink link, Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            int count = await link.ReadAsync(buffer, limit.Token).ConfigureAwait(false);
            return new LinkReadResult(count, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LinkReadResult(0, true);
        }
    }

    /// <summary>
    /// Reads exactly <c>buffer.Length</c> bytes, in as many partial reads as it takes. Returns false when the peer
    /// went away first (the bytes read so far stay in the buffer).
    /// </summary>
    public static async ValueTask<bool> ReadExactlyAsync(this IByteStreamLink link, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        int filled = 0;
        while (filled < buffer.Length)
        {
            int count = await link.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                return false;
            }

            filled += count;
        }

        return true;
    }
}
