namespace HanBench.Transports.Memory;

/// <summary>
/// One direction of an in-memory link: an unbounded byte queue with one waiting reader. Bytes are copied out
/// only by a read that returns them, so a cancelled read loses nothing.
/// </summary>
internal sealed class ByteChannel
{
    private readonly object _gate = new();
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _count;
    private bool _writerClosed;
    private bool _readerClosed;
    private TaskCompletionSource? _dataOrClose;

    /// <summary>Appends bytes; false when the reading side is closed.</summary>
    public bool TryWrite(ReadOnlySpan<byte> data)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_readerClosed || _writerClosed)
            {
                return false;
            }

            EnsureRoom(data.Length);
            int end = _start + _count;
            data.CopyTo(_buffer.AsSpan(end));
            _count += data.Length;
            wake = _dataOrClose;
            _dataOrClose = null;
        }

        wake?.TrySetResult();
        return true;
    }

    /// <summary>Reads at least one byte, or 0 once the writer closed and the queue is drained (or the reader closed).</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task wait;
            lock (_gate)
            {
                if (_readerClosed)
                {
                    return 0;
                }

                if (_count > 0)
                {
                    int n = Math.Min(_count, destination.Length);
                    _buffer.AsSpan(_start, n).CopyTo(destination.Span);
                    _start += n;
                    _count -= n;
                    if (_count == 0)
                    {
                        _start = 0;
                    }

                    return n;
                }

                if (_writerClosed)
                {
                    return 0;
                }

                _dataOrClose ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _dataOrClose.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The writer is done: the reader drains what is queued, then reads 0.</summary>
    public void CloseWriter()
    {
        Close(ref _writerClosed);
    }

    /// <summary>The reader is gone: writes fail from now on and a pending read returns 0.</summary>
    public void CloseReader()
    {
        Close(ref _readerClosed);
    }

    /// <summary>Whether either side has closed.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _writerClosed || _readerClosed;
            }
        }
    }

    private void Close(ref bool flag)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            flag = true;
            wake = _dataOrClose;
            _dataOrClose = null;
        }

        wake?.TrySetResult();
    }

    private void EnsureRoom(int extra)
    {
        if (_start + _count + extra <= _buffer.Length)
        {
            return;
        }

        if (_count + extra <= _buffer.Length)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _count);
        }
        else
        {
            var bigger = new byte[Math.Max(_buffer.Length * 2, _count + extra)];
            Array.Copy(_buffer, _start, bigger, 0, _count);
            _buffer = bigger;
        }

        _start = 0;
    }
}
