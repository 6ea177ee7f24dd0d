namespace HanBench.Transports;

/// <summary>
/// One byte-stream link: a serial port, a TCP connection, a TCP listener's current peer or one end of an
/// in-memory pair. A link moves bytes only; framing (COBS + CRC) and frames live above it.
/// </summary>
/// <remarks>
/// Contract, the same for every implementation:
/// <list type="bullet">
/// <item><see cref="ReadAsync"/> waits until at least one byte is available and returns how many were copied
/// (1…buffer length, never more than were available: partial reads are normal). It returns 0 when the peer is
/// gone (end of stream, hang-up, unplugged device). It throws <see cref="OperationCanceledException"/> when the
/// token is cancelled; no received byte is lost by a cancelled read.</item>
/// <item><see cref="WriteAsync"/> writes every byte or throws <see cref="LinkClosedException"/> when the peer is
/// gone or the link is disposed.</item>
/// <item>One reader and one writer may run at the same time; two concurrent reads (or writes) are not allowed.</item>
/// <item>The creator of a link disposes it; disposing wakes a pending read, which then returns 0.</item>
/// </list>
/// For a bounded wait use <see cref="ByteStreamLinkExtensions.ReadAsync(IByteStreamLink, Memory{byte}, TimeSpan, CancellationToken)"/>.
/// </remarks>
public interface IByteStreamLink : IDisposable, IAsyncDisposable
{
    /// <summary>A name for logs and errors, in link-spec form where there is one (<c>serial:/dev/ttyUSB0@115200</c>).</summary>
    string Name { get; }

    /// <summary>Whether a peer is there right now (false after end of stream, before a listener's first accept, after dispose).</summary>
    bool IsConnected { get; }

    /// <summary>Reads at least one byte, or returns 0 when the peer is gone. See the interface remarks.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <summary>Writes all of <paramref name="data"/>, or throws <see cref="LinkClosedException"/>.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);
}
