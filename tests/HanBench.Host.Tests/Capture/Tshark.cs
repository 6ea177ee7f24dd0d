using System.Diagnostics;

namespace HanBench.Host.Tests.Capture;

/// <summary>
/// Runs Wireshark's <c>tshark</c> (installed by <c>.ci/setup</c>) on a capture, with HanBench's Lua dissector loaded. Tests
/// that need it are inconclusive, with a message saying so, where tshark is absent.
/// </summary>
internal static class Tshark
{
    /// <summary>Wall-clock limit of one tshark run (a loaded 2-core machine reads a demo capture in about 20 s).</summary>
    private const int TimeoutMs = 300_000;

    /// <summary>tools/wireshark/hanbench.lua of this repository.</summary>
    public static string Dissector
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tools", "wireshark", "hanbench.lua");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("tools/wireshark/hanbench.lua not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Skips the calling test (inconclusive) when tshark is not installed.</summary>
    public static void RequireInstalled()
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        bool found = path is not null && path.Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "tshark")));
        if (!found)
        {
            Assert.Inconclusive("tshark is not installed (bash .ci/setup installs it from Debian's archive): capture read-back skipped");
        }
    }

    /// <summary>
    /// Reads <paramref name="capture"/> with the Lua dissector and prints <paramref name="fields"/> per packet; returns one
    /// row per packet (each field's occurrences joined by commas), tshark's exit code and its standard error.
    /// </summary>
    public static (List<string[]> Rows, int ExitCode, string Errors) Fields(string capture, params string[] fields)
    {
        var info = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-n", "-X", "lua_script:" + Dissector, "-r", capture, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (string field in fields)
        {
            info.ArgumentList.Add("-e");
            info.ArgumentList.Add(field);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException("tshark did not start");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        var rows = new List<string[]>();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            rows.Add(line.Split('\t'));
        }

        if (!process.WaitForExit(TimeoutMs))
        {
            process.Kill();
            Assert.Fail($"tshark did not finish reading {capture} within {TimeoutMs / 1000} s");
        }

        return (rows, process.ExitCode, errors.Result);
    }

    /// <summary>A field value as a number: hex with 0x, else decimal; null when empty.</summary>
    public static ulong? Number(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        text = text.Split(',')[0];
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? Convert.ToUInt64(text[2..], 16)
            : ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>An EUI-64 field (00:db:…) as a number; null when empty.</summary>
    public static ulong? Eui(string text) => text.Length == 0 ? null : Convert.ToUInt64(text.Split(',')[0].Replace(":", string.Empty, StringComparison.Ordinal), 16);
}
