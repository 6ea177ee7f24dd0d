using Spectre.Console;

namespace HanBench.Cli;

/// <summary>
/// Where a command writes: plain text and JSON to <see cref="Out"/>, diagnostics to <see cref="Error"/>,
/// and tables through <see cref="Ansi"/> (Spectre.Console bound to the same writer).
/// </summary>
public sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error)
    {
        Out = output;
        Error = error;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = output == Console.Out && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output == Console.Out && !Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Ansi { get; }
}
