namespace HanBench.Cli;

/// <summary>
/// A user-facing failure: <see cref="HanBenchCli.Run(string[], CliConsole)"/> prints the message as one line
/// (<c>hanbench: error: …</c>) and exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.BadInput)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
