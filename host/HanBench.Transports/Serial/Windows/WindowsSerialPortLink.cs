using System.IO.Ports;
using System.Runtime.Versioning;

namespace HanBench.Transports.Serial.Windows;

/// <summary>
/// Windows: System.IO.Ports behind <see cref="IByteStreamLink"/>. Compiled only with
/// <c>-p:HanBenchWindowsSerial=true</c> (the package cannot be restored on the Linux build machines).
/// Keep it this small: everything else about links is shared and tested on Linux.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsSerialPortLink : IByteStreamLink
{
    private readonly SerialPort _port;
    private readonly Stream _stream;
    private int _gone;

    private WindowsSerialPortLink(SerialPort port)
    {
        _port = port;
        _stream = port.BaseStream;
        Name = $"serial:{port.PortName}@{port.BaudRate}";
    }

    public string Name { get; }

    public bool IsConnected => Volatile.Read(ref _gone) == 0 && _port.IsOpen;

    public static WindowsSerialPortLink Open(string portName, int baudRate)
    {
        var port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One) { Handshake = Handshake.None };
        port.Open();
        port.DiscardInBuffer();
        return new WindowsSerialPortLink(port);
    }

    /// <summary>Lists the COM ports Windows knows.</summary>
    public static string[] GetPortNames() => SerialPort.GetPortNames();

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            int count = await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                Volatile.Write(ref _gone, 1);
            }

            return count;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            Volatile.Write(ref _gone, 1);
            return 0;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        try
        {
            await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            Volatile.Write(ref _gone, 1);
            throw new LinkClosedException($"{Name}: the port is gone", ex);
        }
    }

    public void Dispose() => _port.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
