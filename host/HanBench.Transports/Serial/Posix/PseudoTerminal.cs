using System.Runtime.Versioning;
using System.Text;

namespace HanBench.Transports.Serial.Posix;

/// <summary>
/// A pseudo-terminal pair made in-process (posix_openpt, grantpt, unlockpt, ptsname_r): <see cref="Master"/>
/// is a link this process keeps; <see cref="SlavePath"/> (<c>/dev/pts/N</c>) is opened like a real serial
/// port by whoever plays the other side — a virtual board exposing itself as a "serial port", or a test.
/// Closing the master hangs the slave up, as unplugging a USB adapter does.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed unsafe class PseudoTerminal : IDisposable
{
    private PseudoTerminal(PosixTtyLink master, string slavePath)
    {
        Master = master;
        SlavePath = slavePath;
    }

    /// <summary>The master side, as a link (raw: the line discipline is set raw 8N1 at creation).</summary>
    public PosixTtyLink Master { get; }

    /// <summary>The slave device path to open as a serial port.</summary>
    public string SlavePath { get; }

    /// <summary>Creates a pty pair; the shared line is set raw 8N1 at <paramref name="baudRate"/> so nothing is echoed or translated.</summary>
    public static PseudoTerminal Open(int baudRate = LinkSpec.DefaultBaudRate)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"in-process pseudo-terminals are implemented for Linux only, not {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        }

        int fd = LibC.PosixOpenPt(LinuxConstants.O_RDWR | LinuxConstants.O_NOCTTY | LinuxConstants.O_NONBLOCK | LinuxConstants.O_CLOEXEC);
        if (fd < 0)
        {
            (int errno, string text) = LibC.LastError();
            throw new IOException($"posix_openpt failed (errno {errno}: {text})");
        }

        var handle = new FileDescriptorHandle(fd);
        try
        {
            if (LibC.GrantPt(fd) != 0 || LibC.UnlockPt(fd) != 0)
            {
                (int errno, string text) = LibC.LastError();
                throw new IOException($"grantpt/unlockpt failed (errno {errno}: {text})");
            }

            byte* name = stackalloc byte[256];
            if (LibC.PtsNameR(fd, name, 256) != 0)
            {
                (int errno, string text) = LibC.LastError();
                throw new IOException($"ptsname_r failed (errno {errno}: {text})");
            }

            string slavePath = Encoding.UTF8.GetString(name, new ReadOnlySpan<byte>(name, 256).IndexOf((byte)0));
            LinuxTermios t;
            if (LibC.TcGetAttr(fd, &t) == 0)
            {
                PosixTtyLink.ConfigureRaw(ref t, LinuxConstants.SpeedCode(baudRate));
                _ = LibC.TcSetAttr(fd, LinuxConstants.TCSANOW, &t);
            }

            return new PseudoTerminal(new PosixTtyLink($"pty-master:{slavePath}", handle), slavePath);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Closes the master: the slave side sees a hang-up.</summary>
    public void Dispose() => Master.Dispose();
}
