namespace HanBench.Transports.Serial;

/// <summary>
/// The baud rates HanBench opens ports at: the POSIX/Linux standard rates from 1200 up, including Linux's
/// 1,000,000 and 1,500,000 (nanoff flashes ESP32s at 1,500,000), which every USB-UART bridge on the supported
/// boards (CP210x, CH34x, FTDI) accepts.
/// </summary>
public static class SerialBaudRates
{
    private static readonly int[] s_standard =
    [
        1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600,
        1000000, 1152000, 1500000, 2000000,
    ];

    /// <summary>Every supported rate, ascending.</summary>
    public static IReadOnlyList<int> Standard => s_standard;

    /// <summary>Whether <paramref name="baudRate"/> is one of <see cref="Standard"/>.</summary>
    public static bool IsStandard(int baudRate) => Array.IndexOf(s_standard, baudRate) >= 0;

    /// <summary>The list for an error message.</summary>
    public static string Describe() => string.Join(", ", s_standard);
}
