using System.CommandLine;
using HanBench.Bench.Capture;

namespace HanBench.Cli.Commands;

/// <summary>The <c>--capture FILE.pcapng</c> option every command that moves HAN frames shares (issue 12).</summary>
public static class CaptureOption
{
    /// <summary>The option.</summary>
    public static Option<string?> Create() => new("--capture")
    {
        Description = "Write every HAN and WAN frame to this pcapng file as it happens (open it in Wireshark; tools/wireshark/hanbench.lua decodes HanBench framing).",
    };

    /// <summary>
    /// Opens the capture file <paramref name="path"/>, or returns null when none was asked for; a capture that stops
    /// writing (disk full, size limit) says so once on <paramref name="console"/>'s stderr.
    /// </summary>
    /// <exception cref="CliException">The file cannot be created.</exception>
    public static HanCapture? Open(string? path, CliConsole console)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return HanCapture.Create(Path.GetFullPath(path), warn: line => console.Error.WriteLine($"warning: {line}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--capture {path}: {ex.Message}", ExitCodes.Failed);
        }
    }
}
