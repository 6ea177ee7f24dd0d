using System.Runtime.InteropServices;
using HanBench.Transports.Serial.Posix;

namespace HanBench.Transports.Serial;

/// <summary>Opens a serial port on whichever platform this is, behind <see cref="IByteStreamLink"/>.</summary>
public static class SerialPortLink
{
    /// <summary>
    /// Opens <paramref name="path"/> (<c>/dev/ttyUSB0</c>, <c>COM3</c>) raw 8N1 at <paramref name="baudRate"/>.
    /// Linux: <see cref="PosixTtyLink"/>. Windows: System.IO.Ports, in builds made with
    /// <c>-p:HanBenchWindowsSerial=true</c>. Anything else: <see cref="PlatformNotSupportedException"/> naming the OS.
    /// </summary>
    public static IByteStreamLink Open(string path, int baudRate = LinkSpec.DefaultBaudRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!SerialBaudRates.IsStandard(baudRate))
        {
            throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate, $"{baudRate} is not a supported baud rate (one of {SerialBaudRates.Describe()})");
        }

        if (OperatingSystem.IsLinux())
        {
            return PosixTtyLink.OpenSerial(path, baudRate);
        }

        if (OperatingSystem.IsWindows())
        {
#if HANBENCH_WINDOWS_SERIAL
            return Windows.WindowsSerialPortLink.Open(path, baudRate);
#else
            throw new PlatformNotSupportedException("this build of HanBench has no Windows serial support: build it with -p:HanBenchWindowsSerial=true (see host/HanBench.Transports/Serial/Windows/README.md), or use a tcp: link");
#endif
        }

        if (OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("serial ports are not implemented on macOS: its struct termios differs from Linux's (64-bit flag words, NCCS 20, rates above 230400 need the IOSSIOSPEED ioctl) and HanBench has no tested layout for it; use a Linux host, or a tcp: link through a serial-to-TCP bridge");
        }

        throw new PlatformNotSupportedException($"serial ports are not implemented on {RuntimeInformation.OSDescription}");
    }
}
