using System.CommandLine;
using System.Reflection;

namespace HanBench.Cli.Commands;

/// <summary><c>hanbench about</c>: the tool's version and the limits it enforces by default.</summary>
public static class VersionCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("about", "Print the HanBench version.");
        command.SetAction(_ =>
        {
            string version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            console.Out.WriteLine($"hanbench {version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
