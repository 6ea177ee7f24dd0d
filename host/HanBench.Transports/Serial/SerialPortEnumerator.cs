using System.Runtime.InteropServices;
using HanBench.Transports.Serial.Posix;

namespace HanBench.Transports.Serial;

/// <summary>
/// Lists serial ports: on Linux <c>/dev/ttyUSB*</c>, <c>/dev/ttyACM*</c>, and the <c>/dev/ttyS*</c> that answer
/// (most machines have 4–32 ttyS nodes with no UART behind them: opening those fails with EIO), each with its
/// <c>/dev/serial/by-id</c> aliases; on Windows the COM ports.
/// </summary>
public static class SerialPortEnumerator
{
    /// <summary>Lists the ports under <paramref name="deviceRoot"/> (default <c>/dev</c>; tests pass a folder of their own).</summary>
    public static IReadOnlyList<SerialPortInfo> List(string deviceRoot = "/dev")
    {
        if (OperatingSystem.IsWindows())
        {
#if HANBENCH_WINDOWS_SERIAL
            return Windows.WindowsSerialPortLink.GetPortNames().Order(StringComparer.OrdinalIgnoreCase)
                .Select(p => new SerialPortInfo(p, "com", [], "ok")).ToArray();
#else
            throw new PlatformNotSupportedException("this build of HanBench has no Windows serial support: build it with -p:HanBenchWindowsSerial=true");
#endif
        }

        if (!Directory.Exists(deviceRoot))
        {
            return [];
        }

        Dictionary<string, List<string>> aliases = ReadById(deviceRoot);
        var ports = new List<SerialPortInfo>();
        foreach ((string pattern, string kind, bool mustAnswer) in new[] { ("ttyUSB*", "usb-serial", false), ("ttyACM*", "usb-acm", false), ("ttyS*", "uart", true) })
        {
            foreach (string path in Directory.EnumerateFileSystemEntries(deviceRoot, pattern).Order(NaturalOrder.Instance))
            {
                string status = Probe(path);
                if (mustAnswer && status != "ok")
                {
                    continue;
                }

                IReadOnlyList<string> names = aliases.TryGetValue(path, out List<string>? list) ? list.Order(StringComparer.Ordinal).ToArray() : [];
                ports.Add(new SerialPortInfo(path, kind, names, status));
            }
        }

        return ports;
    }

    private static Dictionary<string, List<string>> ReadById(string deviceRoot)
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string byId = Path.Combine(deviceRoot, "serial", "by-id");
        if (!Directory.Exists(byId))
        {
            return map;
        }

        foreach (string link in Directory.EnumerateFileSystemEntries(byId))
        {
            string? target = new FileInfo(link).LinkTarget;
            if (target is null)
            {
                continue;
            }

            string resolved = Path.GetFullPath(Path.Combine(byId, target));
            if (!map.TryGetValue(resolved, out List<string>? list))
            {
                map[resolved] = list = [];
            }

            list.Add(link);
        }

        return map;
    }

    /// <summary>Opens the port without side effects worth noting (non-blocking, not as controlling tty) and asks for its line settings.</summary>
    private static unsafe string Probe(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not checked";
        }

        int fd = LibC.Open(path, LinuxConstants.O_RDWR | LinuxConstants.O_NOCTTY | LinuxConstants.O_NONBLOCK | LinuxConstants.O_CLOEXEC);
        if (fd < 0)
        {
            (int errno, string text) = LibC.LastError();
            return errno switch
            {
                LinuxConstants.EACCES => "permission denied",
                LinuxConstants.EBUSY => "in use",
                _ => $"does not answer ({text})",
            };
        }

        try
        {
            LinuxTermios t;
            return LibC.TcGetAttr(fd, &t) == 0 ? "ok" : "not a tty";
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    /// <summary>ttyUSB2 before ttyUSB10.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            (string px, long nx) = Split(x ?? string.Empty);
            (string py, long ny) = Split(y ?? string.Empty);
            int byPrefix = string.CompareOrdinal(px, py);
            return byPrefix != 0 ? byPrefix : nx.CompareTo(ny);
        }

        private static (string Prefix, long Number) Split(string s)
        {
            int i = s.Length;
            while (i > 0 && char.IsAsciiDigit(s[i - 1]))
            {
                i--;
            }

            return i < s.Length && long.TryParse(s.AsSpan(i), out long n) ? (s[..i], n) : (s, -1);
        }
    }
}
