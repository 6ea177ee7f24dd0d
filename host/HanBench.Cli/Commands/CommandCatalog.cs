using System.CommandLine;

namespace HanBench.Cli.Commands;

/// <summary>Every top-level <c>hanbench</c> command, in the order <c>--help</c> lists them.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        yield return VersionCommand.Create(console);
        yield return PortsCommand.Create(console);
        yield return FlashCommand.Create(console);
    }
}
