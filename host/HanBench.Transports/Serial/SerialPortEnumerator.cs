using System.IO.Ports;
using HanBench.Transports.Serial.Posix;

namespace HanBench.Transports.Serial;

/// <summary>
/// Lists serial ports: what <see cref="SerialPort.GetPortNames"/> reports, <c>/dev/ttyUSB*</c>, <c>/dev/ttyACM*</c>,
/// the <c>/dev/ttyS*</c> that answer (most machines have 4–32 ttyS nodes with no UART behind them: opening those fails
/// with EIO) and every <c>/dev/serial/by-id</c> target, each with its by-id aliases; on Windows the COM ports.
/// </summary>
public static class SerialPortEnumerator
{
    /// <summary>Lists the ports under <paramref name="deviceRoot"/> (default <c>/dev</c>; tests pass a folder of their own).</summary>
    public static IReadOnlyList<SerialPortInfo> List(string deviceRoot = "/dev")
    {
        if (OperatingSystem.IsWindows())
        {
            return SerialPort.GetPortNames().Order(StringComparer.OrdinalIgnoreCase)
                .Select(p => new SerialPortInfo(p, "com", [], "ok")).ToArray();
        }

        if (!Directory.Exists(deviceRoot))
        {
            return [];
        }

        // What System.IO.Ports knows (on Linux: the ttys in /sys/class/tty with a device behind them), what the
        // usual patterns find under the root, and every /dev/serial/by-id target.
        Dictionary<string, List<string>> aliases = ReadById(deviceRoot);
        var candidates = new SortedSet<string>(NaturalOrder.Instance);
        if (string.Equals(Path.GetFullPath(deviceRoot), "/dev", StringComparison.Ordinal))
        {
            candidates.UnionWith(SerialPort.GetPortNames());
        }

        foreach (string pattern in new[] { "ttyUSB*", "ttyACM*", "ttyS*" })
        {
            candidates.UnionWith(Directory.EnumerateFileSystemEntries(deviceRoot, pattern));
        }

        candidates.UnionWith(aliases.Keys);
        var ports = new List<SerialPortInfo>();
        foreach (string path in candidates.OrderBy(KindRank).ThenBy(p => p, NaturalOrder.Instance))
        {
            string kind = KindOf(path);
            string status = Probe(path);

            // Most machines have 4–32 ttyS nodes with no UART behind them; list those only when they answer.
            if (kind == "uart" && status != "ok" && !aliases.ContainsKey(path))
            {
                continue;
            }

            IReadOnlyList<string> names = aliases.TryGetValue(path, out List<string>? list) ? list.Order(StringComparer.Ordinal).ToArray() : [];
            ports.Add(new SerialPortInfo(path, kind, names, status));
        }

        return ports;
    }

    private static string KindOf(string path)
    {
        string name = Path.GetFileName(path);
        return name.StartsWith("ttyUSB", StringComparison.Ordinal) ? "usb-serial"
            : name.StartsWith("ttyACM", StringComparison.Ordinal) ? "usb-acm"
            : name.StartsWith("ttyS", StringComparison.Ordinal) ? "uart"
            : "tty";
    }

    private static int KindRank(string path) => KindOf(path) switch
    {
        "usb-serial" => 0,
        "usb-acm" => 1,
        "uart" => 2,
        _ => 3,
    };

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

    /// <summary>
    /// Opens the port without side effects worth noting (non-blocking, not as controlling tty, no line settings
    /// changed, so no DTR/RTS toggle resets a board) and asks for its line settings: "ok", "permission denied",
    /// "in use", "not a tty" or "does not answer (…)"; "not checked" off Linux.
    /// </summary>
    internal static unsafe string Probe(string path)
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
            if (LibC.TcGetAttr(fd, &t) != 0)
            {
                return "not a tty";
            }

            // A HanBench link holds an exclusive flock on its port (SerialPortLock), which binds root too where TIOCEXCL
            // does not; a shared one that cannot be had now means the port is taken (released as the descriptor closes).
            return LibC.Flock(fd, LinuxConstants.LOCK_SH | LinuxConstants.LOCK_NB) == 0 ? "ok" : "in use";
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
