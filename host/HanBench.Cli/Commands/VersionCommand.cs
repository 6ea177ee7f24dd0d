using System.CommandLine;
using System.Reflection;
using HanBench.Cli.Output;

namespace HanBench.Cli.Commands;

/// <summary><c>hanbench about</c>: the tool's version and the limits it enforces by default.</summary>
public static class VersionCommand
{
    public static Command Create(CliConsole console)
    {
        var json = InventoryAccess.JsonOption();
        var command = new Command("about", "Print the HanBench version (also: hanbench --version).") { json };
        command.SetAction(parse =>
        {
            string version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            if (parse.GetValue(json))
            {
                CliJson.Write(console, new AboutJson(version));
            }
            else
            {
                console.Out.WriteLine($"hanbench {version}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
