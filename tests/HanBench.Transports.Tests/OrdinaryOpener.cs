using System.Runtime.InteropServices;

namespace HanBench.Transports.Tests;

/// <summary>
/// Runs an action as an ordinary program would, without CAP_SYS_ADMIN: Linux lets a process holding it open a tty in
/// exclusive mode (TIOCEXCL, tty_ioctl(4)), so a check of "a second opener is refused" means nothing under root with
/// full capabilities (CI containers, this bench). Capabilities are per thread on Linux, so the action runs on a thread
/// of its own that drops CAP_SYS_ADMIN from its effective set (capset(2)) and then ends; the rest of the process keeps
/// its capabilities.
/// </summary>
internal static partial class OrdinaryOpener
{
    private const int CapSysAdmin = 21; // linux/capability.h
    private const uint LinuxCapabilityVersion3 = 0x20080522;

    /// <summary>
    /// Runs <paramref name="action"/> on a thread without CAP_SYS_ADMIN and returns what it threw (null when nothing).
    /// Inconclusive, naming the reason, when the thread cannot drop it.
    /// </summary>
    public static Exception? Run(Action action)
    {
        Exception? thrown = null;
        string? cannot = null;
        var thread = new Thread(() =>
        {
            if (DropSysAdmin() is { } reason)
            {
                cannot = reason;
                return;
            }

            try
            {
                action();
            }
            catch (Exception e)
            {
                thrown = e;
            }
        });
        thread.Start();
        thread.Join();
        if (cannot is not null)
        {
            Assert.Inconclusive($"cannot open as an ordinary program: {cannot}");
        }

        return thrown;
    }

    /// <summary>Whether this thread's effective capabilities hold CAP_SYS_ADMIN.</summary>
    public static bool HoldsSysAdmin()
    {
        var header = new CapHeader { Version = LinuxCapabilityVersion3, Pid = 0 };
        var data = new CapData[2];
        return CapGet(ref header, data) == 0 && (data[0].Effective & (1u << CapSysAdmin)) != 0;
    }

    /// <summary>Drops CAP_SYS_ADMIN from this thread's effective set; the reason it could not, or null.</summary>
    private static string? DropSysAdmin()
    {
        var header = new CapHeader { Version = LinuxCapabilityVersion3, Pid = 0 };
        var data = new CapData[2];
        if (CapGet(ref header, data) != 0)
        {
            return $"capget failed (errno {Marshal.GetLastPInvokeError()})";
        }

        data[0].Effective &= ~(1u << CapSysAdmin);
        if (CapSet(ref header, data) != 0)
        {
            return $"capset failed (errno {Marshal.GetLastPInvokeError()})";
        }

        return HoldsSysAdmin() ? "CAP_SYS_ADMIN is still effective after capset" : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int CapGet(ref CapHeader header, [In, Out] CapData[] data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int CapSet(ref CapHeader header, [In] CapData[] data);
}
