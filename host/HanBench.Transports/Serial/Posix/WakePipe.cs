namespace HanBench.Transports.Serial.Posix;

/// <summary>
/// A non-blocking pipe polled beside the tty so that cancellation and disposal wake a thread blocked in
/// poll() at once — no timed polling loop.
/// </summary>
internal sealed unsafe class WakePipe : IDisposable
{
    private readonly FileDescriptorHandle _readEnd;
    private readonly FileDescriptorHandle _writeEnd;

    public WakePipe()
    {
        int* fds = stackalloc int[2];
        if (LibC.Pipe2(fds, LinuxConstants.O_NONBLOCK | LinuxConstants.O_CLOEXEC) != 0)
        {
            (int errno, string text) = LibC.LastError();
            throw new IOException($"cannot create a wake-up pipe (errno {errno}: {text})");
        }

        _readEnd = new FileDescriptorHandle(fds[0]);
        _writeEnd = new FileDescriptorHandle(fds[1]);
    }

    public FileDescriptorHandle ReadEnd => _readEnd;

    /// <summary>Makes the read end readable (best effort: a full pipe is already readable).</summary>
    public void Signal()
    {
        bool added = false;
        try
        {
            _writeEnd.DangerousAddRef(ref added);
            byte one = 1;
            _ = LibC.Write(_writeEnd.Fd, &one, 1);
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: whoever waited has been woken by the disposal itself.
        }
        finally
        {
            if (added)
            {
                _writeEnd.DangerousRelease();
            }
        }
    }

    /// <summary>Empties the pipe so the next poll blocks again.</summary>
    public void Drain()
    {
        byte* scratch = stackalloc byte[64];
        while (LibC.Read(_readEnd.Fd, scratch, 64) > 0)
        {
        }
    }

    public void Dispose()
    {
        _writeEnd.Dispose();
        _readEnd.Dispose();
    }
}
