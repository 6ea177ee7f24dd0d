using System.Runtime.InteropServices;

namespace HanBench.Transports.Serial.Posix;

/// <summary>
/// glibc's <c>struct termios</c> on Linux x86-64 and arm64 (both use the asm-generic layout): four 32-bit flag
/// words, <c>c_line</c>, <c>c_cc[NCCS = 32]</c>, then the two 32-bit speeds — 60 bytes. macOS differs (64-bit
/// flags, NCCS 20) and is refused before this is used.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LinuxTermios
{
    public const int Size = 60;
    public const int Nccs = 32;

    public uint InputFlags;
    public uint OutputFlags;
    public uint ControlFlags;
    public uint LocalFlags;
    public byte LineDiscipline;
    public fixed byte ControlCharacters[Nccs];
    public uint InputSpeed;
    public uint OutputSpeed;
}

/// <summary>Linux termios, fcntl and poll constants (include/uapi/asm-generic/termbits.h, fcntl.h, poll.h).</summary>
internal static class LinuxConstants
{
    // c_iflag
    public const uint BRKINT = 0x2;
    public const uint PARMRK = 0x8;
    public const uint ISTRIP = 0x20;
    public const uint INLCR = 0x40;
    public const uint IGNCR = 0x80;
    public const uint ICRNL = 0x100;
    public const uint IXON = 0x400;
    public const uint IXOFF = 0x1000;

    // c_oflag
    public const uint OPOST = 0x1;

    // c_cflag
    public const uint CSIZE = 0x30;
    public const uint CS8 = 0x30;
    public const uint CSTOPB = 0x40;
    public const uint CREAD = 0x80;
    public const uint PARENB = 0x100;
    public const uint CLOCAL = 0x800;
    public const uint CRTSCTS = 0x80000000;

    // c_lflag
    public const uint ISIG = 0x1;
    public const uint ICANON = 0x2;
    public const uint ECHO = 0x8;

    // c_cc indices
    public const int VTIME = 5;
    public const int VMIN = 6;

    // tcsetattr / tcflush
    public const int TCSANOW = 0;
    public const int TCIOFLUSH = 2;

    // ioctl
    public const ulong TIOCEXCL = 0x540C;

    // open flags (same numbers on x86-64 and arm64)
    public const int O_RDWR = 0x2;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    // flock(2) operations
    public const int LOCK_SH = 1;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    // poll events
    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    // errno
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int ENOENT = 2;
    public const int ENOTTY = 25;

    /// <summary>Linux speed codes (Bnnn) for each supported rate; the extended ones carry the CBAUDEX bit 0x1000.</summary>
    public static uint SpeedCode(int baudRate) => baudRate switch
    {
        1200 => 0x9,
        2400 => 0xB,
        4800 => 0xC,
        9600 => 0xD,
        19200 => 0xE,
        38400 => 0xF,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        500000 => 0x1005,
        576000 => 0x1006,
        921600 => 0x1007,
        1000000 => 0x1008,
        1152000 => 0x1009,
        1500000 => 0x100A,
        2000000 => 0x100B,
        _ => throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate, $"{baudRate} is not a supported baud rate (one of {SerialBaudRates.Describe()})"),
    };

    /// <summary>The rate a speed code stands for, or 0 for a code HanBench does not use.</summary>
    public static int BaudRate(uint speedCode)
    {
        foreach (int rate in SerialBaudRates.Standard)
        {
            if (SpeedCode(rate) == speedCode)
            {
                return rate;
            }
        }

        return 0;
    }
}
