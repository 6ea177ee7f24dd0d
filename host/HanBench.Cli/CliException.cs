using System.Runtime.InteropServices;

namespace HanBench.Cli;

/// <summary>
/// A user-facing failure: <see cref="HanBenchCli.Run(string[], CliConsole)"/> prints <see cref="Line"/> (by default
/// <c>hanbench: error: …</c>) and exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.BadInput)
        : this(message, exitCode, $"hanbench: error: {message}")
    {
    }

    private CliException(string message, int exitCode, string line)
        : base(message)
    {
        ExitCode = exitCode;
        Line = line;
    }

    public int ExitCode { get; }

    /// <summary>The one line printed on stderr.</summary>
    public string Line { get; }

    /// <summary>
    /// <paramref name="command"/> stopped by <paramref name="signal"/> before it got to run (waiting for a serial port, say):
    /// it ends as every command a signal stops (<see cref="StopSignal"/>), with the stopped line and the signal's status.
    /// </summary>
    public static CliException StoppedBy(string command, PosixSignal signal) =>
        new($"{command}: stopped by {signal}", StopSignal.ExitCodeOf(signal), StopSignal.StoppedLine(command, signal));
}
