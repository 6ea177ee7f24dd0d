namespace HanBench.Transports.Serial;

/// <summary>Opens a serial port on whichever platform this is, behind <see cref="IByteStreamLink"/>.</summary>
public static class SerialPortLink
{
    /// <summary>
    /// Opens <paramref name="path"/> (<c>/dev/ttyUSB0</c>, a socat pty, <c>COM3</c>) raw 8N1 at <paramref name="baudRate"/>
    /// through System.IO.Ports (<see cref="PortsSerialLink"/>), on every OS.
    /// </summary>
    public static IByteStreamLink Open(string path, int baudRate = LinkSpec.DefaultBaudRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!SerialBaudRates.IsStandard(baudRate))
        {
            throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate, $"{baudRate} is not a supported baud rate (one of {SerialBaudRates.Describe()})");
        }

        return PortsSerialLink.Open(path, baudRate);
    }
}
