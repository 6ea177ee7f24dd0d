using System.Diagnostics;

namespace HanBench.Transports.Serial;

/// <summary>
/// A link whose writes take the time a UART at <see cref="BaudRate"/> needs to shift the bytes out: 10 bits a byte
/// (start, 8 data, stop; 8N1), back to back. A pty or socat pair moves bytes as fast as memory allows and ignores the
/// baud rate it was given (issue 13: 500 KB in 0.34 s where a 115,200-baud UART needs ~44 s per hop); paced, a bench
/// on ptys takes the time real boards would. Each write ends when its last byte would have left the wire; a write
/// that follows at once queues behind the one before, as bytes in a UART's FIFO do. Reads are not paced: the far end's
/// writes are.
/// </summary>
public sealed class PacedLink : IByteStreamLink
{
    /// <summary>Bits on the wire per byte at 8N1.</summary>
    public const int BitsPerByte = 10;

    private readonly IByteStreamLink _inner;
    private long _lineFreeTicks;

    /// <summary>Paces <paramref name="inner"/> (which this link then owns) to <paramref name="baudRate"/>.</summary>
    public PacedLink(IByteStreamLink inner, int baudRate)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(baudRate, 1);
        _inner = inner;
        BaudRate = baudRate;
        _lineFreeTicks = Stopwatch.GetTimestamp();
    }

    /// <summary>The rate writes are paced to.</summary>
    public int BaudRate { get; }

    /// <inheritdoc/>
    public string Name => _inner.Name + " (paced)";

    /// <inheritdoc/>
    public bool IsConnected => _inner.IsConnected;

    /// <summary>How long <paramref name="bytes"/> take on the wire at <paramref name="baudRate"/> (8N1).</summary>
    public static TimeSpan WireTime(long bytes, int baudRate) => TimeSpan.FromSeconds((double)bytes * BitsPerByte / baudRate);

    /// <inheritdoc/>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        // The line is busy until the bytes before these are out; these go out after them.
        long now = Stopwatch.GetTimestamp();
        long start = Math.Max(now, _lineFreeTicks);
        long done = start + (long)(WireTime(data.Length, BaudRate).TotalSeconds * Stopwatch.Frequency);
        _lineFreeTicks = done;
        await _inner.WriteAsync(data, cancellationToken).ConfigureAwait(false);

        // Task.Delay may wake a timer tick early: wait until the clock says the last byte is out.
        while (Stopwatch.GetTimestamp() < done)
        {
            long left = done - Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(left, 0) / (double)Stopwatch.Frequency) + TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
