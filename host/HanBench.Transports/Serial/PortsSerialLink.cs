using System.IO.Ports;
using HanBench.Transports.Serial.Posix;

namespace HanBench.Transports.Serial;

/// <summary>
/// A serial port through System.IO.Ports behind <see cref="IByteStreamLink"/>, the same on Linux, Windows and macOS:
/// raw 8N1, no flow control, stale input discarded. On Linux System.IO.Ports opens the tty exclusively (TIOCEXCL) and the
/// link holds <see cref="SerialPortLock"/> (which binds root too), so a second opener is refused rather than sharing the
/// bytes. A port that goes away (unplugged adapter, socat or a pty
/// master gone) ends reads with 0 and makes writes throw <see cref="LinkClosedException"/>.
/// </summary>
internal sealed class PortsSerialLink : IByteStreamLink
{
    private readonly SerialPort _port;
    private readonly Stream _stream;
    private readonly SerialPortLock? _lock;

    // Cancels writes still queued when the link is disposed: System.IO.Ports' Dispose flushes, and its flush waits for
    // every queued write, so a peer that stops reading (a hung board, a socat blocked on its other side) would
    // otherwise hang Dispose forever.
    private readonly CancellationTokenSource _closing = new();
    private int _gone;

    private PortsSerialLink(SerialPort port, SerialPortLock? held, string name)
    {
        _port = port;
        _lock = held;
        _stream = port.BaseStream;
        Name = name;
    }

    public string Name { get; }

    public bool IsConnected => Volatile.Read(ref _gone) == 0 && _port.IsOpen;

    /// <summary>
    /// Opens <paramref name="path"/>. Throws <see cref="FileNotFoundException"/> (no such port),
    /// <see cref="UnauthorizedAccessException"/> (permissions, or in use on Windows) or <see cref="IOException"/>
    /// (in use, not a serial port, speed refused), each naming the port.
    /// </summary>
    public static PortsSerialLink Open(string path, int baudRate)
    {
        // System.IO.Ports reports a missing device as an access problem; say what it is.
        if (!OperatingSystem.IsWindows() && !File.Exists(path))
        {
            throw new FileNotFoundException($"serial port {path} does not exist", path);
        }

        // Locked before System.IO.Ports sets TIOCEXCL, after which this process could not open a second descriptor.
        SerialPortLock? held = SerialPortLock.Take(path);
        var port = new SerialPort(path, baudRate, Parity.None, 8, StopBits.One) { Handshake = Handshake.None, DtrEnable = false, RtsEnable = false };
        bool opened = false;
        try
        {
            port.Open();
            port.DiscardInBuffer();
            var link = new PortsSerialLink(port, held, $"serial:{path}@{baudRate}");
            opened = true;
            return link;
        }
        catch (UnauthorizedAccessException ex) when (!OperatingSystem.IsWindows())
        {
            // System.IO.Ports reports permissions, a port held by another program and a file that is no tty alike. The
            // port's own lock goes first, or the probe would find this process holding it.
            port.Dispose();
            held?.Dispose();
            throw SerialPortEnumerator.Probe(path) switch
            {
                "in use" => new IOException($"serial port {path} is in use by another program", ex),
                "not a tty" => new IOException($"{path} is not a serial port (not a tty)", ex),
                _ => new UnauthorizedAccessException($"permission denied opening serial port {path} (on Debian/Ubuntu add your user to the 'dialout' group): {ex.Message}", ex),
            };
        }
        catch (IOException ex)
        {
            throw new IOException($"cannot open serial port {path} at {baudRate} baud: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new IOException($"{path} is not a serial port: {ex.Message}", ex);
        }
        finally
        {
            // Whatever went wrong (including exceptions not translated above), the port and its lock go with it.
            if (!opened)
            {
                port.Dispose();
                held?.Dispose();
            }
        }
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsConnected || buffer.IsEmpty)
        {
            return 0;
        }

        try
        {
            int count = await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                Volatile.Write(ref _gone, 1);
            }

            return count;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && IsConnected)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            Volatile.Write(ref _gone, 1);
            return 0;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Volatile.Read(ref _gone) != 0)
        {
            throw new LinkClosedException($"{Name}: the line has hung up");
        }

        using CancellationTokenSource write = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        try
        {
            await _stream.WriteAsync(data, write.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new LinkClosedException($"{Name}: the link was closed while a write was waiting for the peer");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            Volatile.Write(ref _gone, 1);
            throw new LinkClosedException($"{Name}: the line has hung up", ex);
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _gone, 1);
        _closing.Cancel();
        _port.Dispose();
        _lock?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
