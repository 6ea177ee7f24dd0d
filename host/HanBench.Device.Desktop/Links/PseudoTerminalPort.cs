using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using HanBench.Transports;
using HanBench.Transports.Serial.Posix;

namespace HanBench.Device.Desktop.Links;

/// <summary>
/// A virtual board's own serial port (<c>hanbench board --pty</c>): an in-process pseudo-terminal whose slave path
/// another program opens as if the board were plugged in over USB. The board reads and writes the master.
/// <para>
/// Linux reports a hang-up (POLLHUP, then EIO) on a pty master whenever no process has the slave open, before the
/// first open and after every close, and a hung-up <see cref="PosixTtyLink"/> stays closed. A board port must outlive
/// the programs that come and go on its slave, so this class keeps one descriptor of the slave open itself (never read
/// from) and sets the slave raw, so the line never hangs up and behaves like a serial port to whoever opens it next.
/// </para>
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class PseudoTerminalPort : IDisposable
{
    // Linux open(2) flags (asm-generic/fcntl.h, the same on x86-64 and arm64).
    private const int ORdWr = 0x2;
    private const int ONoCtty = 0x100;
    private const int OCloExec = 0x80000;
    private const int TcsaNow = 0;

    // glibc's struct termios is 60 bytes; cfmakeraw edits it in place, so its layout never needs to be known here.
    private const int TermiosBufferLength = 128;

    private readonly PseudoTerminal _pty;
    private int _slaveHold;

    private PseudoTerminalPort(PseudoTerminal pty, int slaveHold)
    {
        _pty = pty;
        _slaveHold = slaveHold;
    }

    /// <summary>The path another program opens (<c>/dev/pts/N</c>).</summary>
    public string SlavePath => _pty.SlavePath;

    /// <summary>The board's side of the line.</summary>
    public IByteStreamLink Master => _pty.Master;

    /// <summary>Creates the pseudo-terminal, raw 8N1 at <paramref name="baudRate"/>, and holds its slave open.</summary>
    public static PseudoTerminalPort Open(int baudRate = LinkSpec.DefaultBaudRate)
    {
        PseudoTerminal pty = PseudoTerminal.Open(baudRate);
        try
        {
            int fd = OpenNative(pty.SlavePath, ORdWr | ONoCtty | OCloExec);
            if (fd < 0)
            {
                throw new IOException($"cannot open the pty slave {pty.SlavePath} (errno {Marshal.GetLastPInvokeError()})");
            }

            byte[] termios = new byte[TermiosBufferLength];
            if (TcGetAttr(fd, termios) == 0)
            {
                CfMakeRaw(termios);
                _ = TcSetAttr(fd, TcsaNow, termios);
            }

            return new PseudoTerminalPort(pty, fd);
        }
        catch
        {
            pty.Dispose();
            throw;
        }
    }

    /// <summary>Closes both sides: a program that has the slave open sees a hang-up, as when a USB cable is pulled.</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _slaveHold, -1);
        if (fd >= 0)
        {
            _ = CloseNative(fd);
        }

        _pty.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int TcSetAttr(int fd, int optionalActions, byte[] termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw(byte[] termios);
}
