using System.CommandLine;
using HanBench.Bench.Capture;
using HanBench.Host.Csp;

namespace HanBench.Cli.Commands;

/// <summary>
/// The frame-tap options every command that moves HAN frames shares: <c>--capture FILE.pcapng</c> (issue 12) and
/// <c>--gbcs-log FILE</c> (the GBCS transcript, issue 8 §3). Both are recorders behind the same tap
/// (<see cref="MediumCapture"/> or <see cref="BoardCapture"/>), joined by <see cref="FrameRecorders.Combine"/>.
/// </summary>
public static class CaptureOption
{
    /// <summary>The <c>--capture</c> option.</summary>
    public static Option<string?> Create() => new("--capture")
    {
        Description = "Write every HAN and WAN frame to this pcapng file as it happens (open it in Wireshark; tools/wireshark/hanbench.lua decodes HanBench framing).",
    };

    /// <summary>The <c>--gbcs-log</c> option.</summary>
    public static Option<string?> CreateGbcsLog() => new("--gbcs-log")
    {
        Description = "Write every GBCS message sent or received to this file as it happens, one JSON object a line (time, from, to, direction, hop, messageCode, cra, hex); check one with 'hanbench gbcs verify HEX --keystore DIR'.",
    };

    /// <summary>
    /// Opens the capture file <paramref name="path"/>, or returns null when none was asked for; a capture that stops
    /// writing (disk full, size limit) says so once on <paramref name="console"/>'s stderr.
    /// </summary>
    /// <exception cref="CliException">The file cannot be created.</exception>
    public static HanCapture? Open(string? path, CliConsole console) =>
        OpenFile(path, "--capture", full => HanCapture.Create(full, warn: line => console.Error.WriteLine($"warning: {line}")));

    /// <summary>
    /// Opens the GBCS transcript <paramref name="path"/>, or returns null when none was asked for; one that stops writing
    /// says so once on stderr. Its times count from <paramref name="origin"/> (<see cref="ClockTimeProvider.BenchEpoch"/>
    /// for a virtual bench, whose inventory and devices count from it too; null: the wall clock, for real boards).
    /// </summary>
    public static GbcsTranscript? OpenGbcsLog(string? path, CliConsole console, DateTimeOffset? origin = null) =>
        OpenFile(path, "--gbcs-log", full => GbcsTranscript.Create(full, origin, warn: line => console.Error.WriteLine($"warning: {line}")));

    private static T? OpenFile<T>(string? path, string option, Func<string, T> create)
        where T : class
    {
        if (path is null)
        {
            return null;
        }

        FileArguments.RefuseUnplaceable(path, option);
        try
        {
            return create(Path.GetFullPath(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{option} {path}: {ex.Message}", ExitCodes.Failed);
        }
    }
}
