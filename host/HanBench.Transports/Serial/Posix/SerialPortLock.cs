namespace HanBench.Transports.Serial.Posix;

/// <summary>
/// An advisory exclusive lock (flock(2) LOCK_EX) on a serial port's device, held while a link has the port open, so a
/// second HanBench process is refused the port even as root: TIOCEXCL, which System.IO.Ports sets, does not bind a
/// holder of CAP_SYS_ADMIN (tty_ioctl(4)), and two openers would split the line's bytes. The lock is on the device's
/// inode (a symlink such as socat's names the same port), taken through a descriptor of its own opened as
/// <see cref="SerialPortEnumerator.Probe"/> opens (non-blocking, not as controlling tty, no line settings changed), and
/// released when that descriptor closes, by <see cref="Dispose"/> or by the process ending however it ends.
/// </summary>
internal sealed class SerialPortLock : IDisposable
{
    private readonly FileDescriptorHandle _descriptor;

    private SerialPortLock(FileDescriptorHandle descriptor) => _descriptor = descriptor;

    /// <summary>
    /// Locks <paramref name="path"/> before it is opened as a link. Throws <see cref="IOException"/> ("in use by another
    /// program") when another opener holds the lock; null off Linux, or when the port cannot be opened at all (the link's
    /// own open then says why: missing, permissions, or held under TIOCEXCL, which is "in use" too).
    /// </summary>
    public static SerialPortLock? Take(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        int fd = LibC.Open(path, LinuxConstants.O_RDWR | LinuxConstants.O_NOCTTY | LinuxConstants.O_NONBLOCK | LinuxConstants.O_CLOEXEC);
        if (fd < 0)
        {
            return null;
        }

        var descriptor = new FileDescriptorHandle(fd);
        if (LibC.Flock(fd, LinuxConstants.LOCK_EX | LinuxConstants.LOCK_NB) == 0)
        {
            return new SerialPortLock(descriptor);
        }

        (int errno, string text) = LibC.LastError();
        descriptor.Dispose();
        throw errno == LinuxConstants.EAGAIN
            ? new IOException($"serial port {path} is in use by another program")
            : new IOException($"cannot lock serial port {path}: {text}");
    }

    public void Dispose() => _descriptor.Dispose();
}
