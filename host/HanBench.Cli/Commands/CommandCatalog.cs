using System.CommandLine;

namespace HanBench.Cli.Commands;

/// <summary>Every top-level <c>hanbench</c> command, in the order <c>--help</c> lists them.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        yield return DemoCommand.Create(console);
        yield return ImageCommand.Create(console);
        yield return ZclCommand.Create(console);
        yield return GbcsCommand.Create(console);
        yield return VersionCommand.Create(console);
        yield return PortsCommand.Create(console);
        yield return FlashCommand.Create(console);
        yield return BoardCommand.Create(console);
        yield return InventoryCommand.Create(console);
        yield return FirmwareCommand.Create(console);
        yield return CplCommand.Create(console);
        yield return AlertsCommand.Create(console);
        yield return ReportCommand.Create(console);
        yield return ServeCommand.Create(console);
        yield return UiCommand.Create(console);
        yield return KeysCommand.Create(console);
        yield return CredentialsCommand.Create(console);
        yield return BenchCommand.Create(console);
        yield return CspCommand.Create(console);
    }
}
