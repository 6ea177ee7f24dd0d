using System.CommandLine;
using HanBench.Cli.Commands;

namespace HanBench.Cli;

/// <summary>
/// Builds the <c>hanbench</c> command tree and runs it against the given writers, so tests can run the CLI
/// in-process and read exactly what a user would see.
/// </summary>
public static class HanBenchCli
{
    /// <summary>Runs against two writers that no person reads on a terminal (a test's, a pipe's); the process runs on <see cref="CliConsole.ForProcess"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, new CliConsole(output, error));

    public static int Run(string[] args, CliConsole console)
    {
        TextWriter output = console.Out;
        TextWriter error = console.Error;
        RootCommand root = BuildRoot(console);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (string message in ParseErrorMessages.Describe(parsed))
            {
                error.WriteLine($"hanbench: error: {message}");
            }

            return ExitCodes.BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CliException ex)
        {
            error.WriteLine(ex.Line);
            return ex.ExitCode;
        }
    }

    public static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand("HanBench: a bench and hardware-in-loop tool for firmware distribution in GB smart-metering HANs.");
        foreach (Command command in CommandCatalog.Create(console))
        {
            root.Add(command);
        }

        return root;
    }
}
