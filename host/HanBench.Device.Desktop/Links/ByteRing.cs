namespace HanBench.Device.Desktop.Links;

/// <summary>
/// A bounded first-in first-out byte queue between two threads (an I/O task and the board's loop thread), allocation
/// free after construction. Every operation takes one short lock; no operation blocks.
/// </summary>
public sealed class ByteRing
{
    private readonly byte[] _buffer;
    private readonly Lock _gate = new();
    private int _head;
    private int _count;

    /// <summary>A ring holding at most <paramref name="capacity"/> bytes.</summary>
    public ByteRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _buffer = new byte[capacity];
    }

    /// <summary>Most bytes the ring holds.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Bytes held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Room left now.</summary>
    public int Free
    {
        get
        {
            lock (_gate)
            {
                return _buffer.Length - _count;
            }
        }
    }

    /// <summary>Appends all of <paramref name="data"/> if it fits, else nothing; returns whether it did.</summary>
    public bool TryWriteAll(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (data.Length > _buffer.Length - _count)
            {
                return false;
            }

            WriteLocked(data);
            return true;
        }
    }

    /// <summary>Appends as much of <paramref name="data"/> as fits and returns how much that was.</summary>
    public int Write(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            int take = Math.Min(data.Length, _buffer.Length - _count);
            WriteLocked(data[..take]);
            return take;
        }
    }

    /// <summary>Moves up to <paramref name="destination"/>'s length of the oldest bytes out and returns how many.</summary>
    public int Read(Span<byte> destination)
    {
        lock (_gate)
        {
            int take = Math.Min(destination.Length, _count);
            int first = Math.Min(take, _buffer.Length - _head);
            _buffer.AsSpan(_head, first).CopyTo(destination);
            _buffer.AsSpan(0, take - first).CopyTo(destination[first..]);
            _head = (_head + take) % _buffer.Length;
            _count -= take;
            return take;
        }
    }

    /// <summary>Drops everything held.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _head = 0;
            _count = 0;
        }
    }

    private void WriteLocked(ReadOnlySpan<byte> data)
    {
        int tail = (_head + _count) % _buffer.Length;
        int first = Math.Min(data.Length, _buffer.Length - tail);
        data[..first].CopyTo(_buffer.AsSpan(tail, first));
        data[first..].CopyTo(_buffer);
        _count += data.Length;
    }
}
