using System.Buffers;
using System.Runtime.Versioning;

namespace HanBench.Transports.Serial.Posix;

/// <summary>
/// A pty master opened through libc on Linux (<see cref="PseudoTerminal"/>), which System.IO.Ports cannot open;
/// serial ports themselves (<c>/dev/ttyUSB0</c>, a pty slave) go through System.IO.Ports (<see cref="SerialPortLink"/>). The descriptor is non-blocking; a read or write that has to
/// wait does so in poll() on a thread-pool thread, next to a wake-up pipe that cancellation and disposal signal.
/// A hang-up (unplugged adapter, pty master closed) makes reads return 0 and writes throw
/// <see cref="LinkClosedException"/>.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed unsafe class PosixTtyLink : IByteStreamLink
{
    private const short HangUpEvents = LinuxConstants.POLLHUP | LinuxConstants.POLLERR;

    private readonly FileDescriptorHandle _fd;
    private readonly WakePipe _readWake = new();
    private readonly WakePipe _writeWake = new();
    private int _gone;
    private int _disposed;

    internal PosixTtyLink(string name, FileDescriptorHandle fd)
    {
        Name = name;
        _fd = fd;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsConnected => Volatile.Read(ref _gone) == 0 && Volatile.Read(ref _disposed) == 0;

    /// <summary>The line settings the tty reports now (tcgetattr).</summary>
    public SerialLineSettings ReadLineSettings()
    {
        bool added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            LinuxTermios t;
            if (LibC.TcGetAttr(_fd.Fd, &t) != 0)
            {
                (int errno, string text) = LibC.LastError();
                throw new IOException($"{Name}: tcgetattr failed (errno {errno}: {text})");
            }

            return SerialLineSettings.From(t, LinuxConstants.BaudRate(LibC.CfGetInputSpeed(&t)), LinuxConstants.BaudRate(LibC.CfGetOutputSpeed(&t)));
        }
        finally
        {
            if (added)
            {
                _fd.DangerousRelease();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsConnected || buffer.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }

        return new ValueTask<int>(Task.Run(() => ReadBlocking(buffer, cancellationToken), CancellationToken.None));
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _gone) != 0)
        {
            throw new LinkClosedException($"{Name}: the line has hung up");
        }

        if (data.IsEmpty)
        {
            return ValueTask.CompletedTask;
        }

        return new ValueTask(Task.Run(() => WriteBlocking(data, cancellationToken), CancellationToken.None));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _readWake.Signal();
        _writeWake.Signal();
        _fd.Dispose();
        _readWake.Dispose();
        _writeWake.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal static void ConfigureRaw(ref LinuxTermios t, uint speed)
    {
        fixed (LinuxTermios* p = &t)
        {
            // cfmakeraw: no input translation (CR/LF, parity marking, stripping, XON/XOFF), no output
            // post-processing, no echo, no canonical mode, no signals, 8-bit characters.
            LibC.CfMakeRaw(p);
            p->ControlFlags &= ~(LinuxConstants.CSTOPB | LinuxConstants.PARENB | LinuxConstants.CRTSCTS | LinuxConstants.CSIZE);
            p->ControlFlags |= LinuxConstants.CS8 | LinuxConstants.CREAD | LinuxConstants.CLOCAL;
            p->InputFlags &= ~(LinuxConstants.IXON | LinuxConstants.IXOFF);

            // VMIN 1, VTIME 0 with O_NONBLOCK: "no data" is EAGAIN and read() == 0 means hang-up only
            // (with VMIN 0 the tty would also return 0 for "nothing yet"); poll() does the waiting.
            p->ControlCharacters[LinuxConstants.VMIN] = 1;
            p->ControlCharacters[LinuxConstants.VTIME] = 0;
            _ = LibC.CfSetInputSpeed(p, speed);
            _ = LibC.CfSetOutputSpeed(p, speed);
        }
    }

    private int ReadBlocking(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        bool added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }

        try
        {
            using CancellationTokenRegistration registration = cancellationToken.Register(static s => ((WakePipe)s!).Signal(), _readWake);
            using MemoryHandle pin = buffer.Pin();
            short lastEvents = 0;
            while (true)
            {
                nint n = LibC.Read(_fd.Fd, (byte*)pin.Pointer, buffer.Length);
                if (n > 0)
                {
                    return (int)n;
                }

                if (n == 0)
                {
                    return HungUp();
                }

                (int errno, string text) = LibC.LastError();
                switch (errno)
                {
                    case LinuxConstants.EINTR:
                        continue;
                    case LinuxConstants.EAGAIN when (lastEvents & HangUpEvents) != 0:
                        // poll said hang-up or error and there is nothing left to read.
                        return HungUp();
                    case LinuxConstants.EAGAIN:
                        break;
                    case LinuxConstants.EIO:
                    case LinuxConstants.ENXIO:
                    case LinuxConstants.ENODEV:
                        return HungUp();
                    default:
                        throw new IOException($"{Name}: read failed (errno {errno}: {text})");
                }

                lastEvents = WaitFor(LinuxConstants.POLLIN, _readWake, cancellationToken);
                if (lastEvents < 0)
                {
                    return 0;
                }
            }
        }
        finally
        {
            _fd.DangerousRelease();
        }
    }

    private void WriteBlocking(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        bool added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException ex)
        {
            throw new LinkClosedException($"{Name}: the link is closed", ex);
        }

        try
        {
            using CancellationTokenRegistration registration = cancellationToken.Register(static s => ((WakePipe)s!).Signal(), _writeWake);
            using MemoryHandle pin = data.Pin();
            int written = 0;
            short lastEvents = 0;
            while (written < data.Length)
            {
                nint n = LibC.Write(_fd.Fd, (byte*)pin.Pointer + written, data.Length - written);
                if (n > 0)
                {
                    written += (int)n;
                    continue;
                }

                (int errno, string text) = n < 0 ? LibC.LastError() : (LinuxConstants.EAGAIN, "no progress");
                switch (errno)
                {
                    case LinuxConstants.EINTR:
                        continue;
                    case LinuxConstants.EAGAIN when (lastEvents & HangUpEvents) == 0:
                        break;
                    case LinuxConstants.EAGAIN:
                    case LinuxConstants.EIO:
                    case LinuxConstants.ENXIO:
                    case LinuxConstants.ENODEV:
                        HungUp();
                        throw new LinkClosedException($"{Name}: the line has hung up (errno {errno}: {text})");
                    default:
                        throw new IOException($"{Name}: write failed (errno {errno}: {text})");
                }

                lastEvents = WaitFor(LinuxConstants.POLLOUT, _writeWake, cancellationToken);
                if (lastEvents < 0)
                {
                    throw new LinkClosedException($"{Name}: the link was closed during a write");
                }
            }
        }
        finally
        {
            _fd.DangerousRelease();
        }
    }

    /// <summary>
    /// Blocks in poll() until the tty reports <paramref name="wanted"/> (or an error/hang-up, which the next
    /// read or write turns into a result), or the wake pipe fires. Returns the tty's events, or −1 when the link
    /// was disposed; throws <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    private short WaitFor(short wanted, WakePipe wake, CancellationToken cancellationToken)
    {
        LibC.PollFd* fds = stackalloc LibC.PollFd[2];
        while (true)
        {
            fds[0] = new LibC.PollFd { Fd = _fd.Fd, Events = wanted };
            fds[1] = new LibC.PollFd { Fd = wake.ReadEnd.Fd, Events = LinuxConstants.POLLIN };
            int ready = LibC.Poll(fds, 2, -1);
            if (ready < 0)
            {
                (int errno, string text) = LibC.LastError();
                if (errno == LinuxConstants.EINTR)
                {
                    continue;
                }

                throw new IOException($"{Name}: poll failed (errno {errno}: {text})");
            }

            if (fds[1].Returned != 0)
            {
                wake.Drain();
                if (Volatile.Read(ref _disposed) != 0)
                {
                    return -1;
                }

                cancellationToken.ThrowIfCancellationRequested();

                // A late signal from an earlier, already finished operation: wait again.
                if (fds[0].Returned == 0)
                {
                    continue;
                }
            }

            short events = fds[0].Returned;
            if ((events & LinuxConstants.POLLNVAL) != 0)
            {
                return -1;
            }

            if (events != 0)
            {
                return events;
            }
        }
    }

    private int HungUp()
    {
        Volatile.Write(ref _gone, 1);
        return 0;
    }
}
