using HanBench.Cli;

namespace HanBench.Host.Tests;

/// <summary>Runs <c>hanbench</c> in-process and captures what a user would see.</summary>
public static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = HanBenchCli.Run(args, output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>The exit code and the two streams of one <c>hanbench</c> run.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);
