namespace HanBench.Transports.Memory;

/// <summary>
/// One end of an in-process duplex pair: what one end writes, the other reads. For tests and for many virtual
/// boards in one process. Disposing one end lets the other drain what was sent, then read 0; its writes fail.
/// </summary>
public sealed class InMemoryLink : IByteStreamLink
{
    private readonly ByteChannel _inbound;
    private readonly ByteChannel _outbound;
    private int _disposed;

    private InMemoryLink(string name, ByteChannel inbound, ByteChannel outbound)
    {
        Name = name;
        _inbound = inbound;
        _outbound = outbound;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsConnected => Volatile.Read(ref _disposed) == 0 && !_outbound.IsClosed;

    /// <summary>Creates two connected ends named <c>memory:NAME/a</c> and <c>memory:NAME/b</c>.</summary>
    public static (InMemoryLink A, InMemoryLink B) CreatePair(string name = "pair")
    {
        var aToB = new ByteChannel();
        var bToA = new ByteChannel();
        return (new InMemoryLink($"memory:{name}/a", bToA, aToB), new InMemoryLink($"memory:{name}/b", aToB, bToA));
    }

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inbound.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(Name);
        }

        if (!_outbound.TryWrite(data.Span))
        {
            throw new LinkClosedException($"{Name}: the other end is closed");
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _outbound.CloseWriter();
        _inbound.CloseReader();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
