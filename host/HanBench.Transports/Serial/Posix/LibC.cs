using System.Runtime.InteropServices;

namespace HanBench.Transports.Serial.Posix;

/// <summary>The libc calls the POSIX serial code needs (Linux glibc/musl).</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    internal static partial int Pipe2(int* fds, int flags);

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(int fd, int operation);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, ulong request);

    [LibraryImport(Library, EntryPoint = "tcgetattr", SetLastError = true)]
    internal static partial int TcGetAttr(int fd, LinuxTermios* termios);

    [LibraryImport(Library, EntryPoint = "tcsetattr", SetLastError = true)]
    internal static partial int TcSetAttr(int fd, int optionalActions, LinuxTermios* termios);

    [LibraryImport(Library, EntryPoint = "tcflush", SetLastError = true)]
    internal static partial int TcFlush(int fd, int queueSelector);

    [LibraryImport(Library, EntryPoint = "cfmakeraw")]
    internal static partial void CfMakeRaw(LinuxTermios* termios);

    [LibraryImport(Library, EntryPoint = "cfsetispeed", SetLastError = true)]
    internal static partial int CfSetInputSpeed(LinuxTermios* termios, uint speed);

    [LibraryImport(Library, EntryPoint = "cfsetospeed", SetLastError = true)]
    internal static partial int CfSetOutputSpeed(LinuxTermios* termios, uint speed);

    [LibraryImport(Library, EntryPoint = "cfgetispeed")]
    internal static partial uint CfGetInputSpeed(LinuxTermios* termios);

    [LibraryImport(Library, EntryPoint = "cfgetospeed")]
    internal static partial uint CfGetOutputSpeed(LinuxTermios* termios);

    [LibraryImport(Library, EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int PosixOpenPt(int flags);

    [LibraryImport(Library, EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int GrantPt(int fd);

    [LibraryImport(Library, EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int UnlockPt(int fd);

    [LibraryImport(Library, EntryPoint = "ptsname_r", SetLastError = true)]
    internal static partial int PtsNameR(int fd, byte* buffer, nuint length);

    /// <summary>errno of the last call made with SetLastError, and its text.</summary>
    internal static (int Errno, string Text) LastError()
    {
        int errno = Marshal.GetLastPInvokeError();
        return (errno, Marshal.GetPInvokeErrorMessage(errno));
    }
}
