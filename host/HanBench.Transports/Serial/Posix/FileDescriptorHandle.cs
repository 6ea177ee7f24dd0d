using System.Runtime.InteropServices;

namespace HanBench.Transports.Serial.Posix;

/// <summary>
/// A file descriptor whose close waits for every in-flight read, write and poll to let go of it
/// (DangerousAddRef/Release), so a disposed link never closes a number another thread is still using.
/// </summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    public FileDescriptorHandle(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Fd => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => LibC.Close(Fd) == 0;
}
