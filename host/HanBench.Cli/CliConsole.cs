using Spectre.Console;
using Spectre.Console.Rendering;

namespace HanBench.Cli;

/// <summary>
/// Where a command writes: plain text and JSON to <see cref="Out"/>, diagnostics to <see cref="Error"/>,
/// and tables through <see cref="WriteTable"/>: boxed on a terminal, tab-separated (one record per line at full width,
/// never wrapped) when the output is a pipe or a file, so <c>hanbench inventory list | grep -c Pending</c> counts devices.
/// </summary>
public sealed class CliConsole
{
    /// <summary>The https://no-color.org/ variable: when set to anything but empty, no escape codes are written.</summary>
    public const string NoColorVariable = "NO_COLOR";

    /// <summary>
    /// A console over the given writers; <paramref name="isTerminal"/> says whether a person reads <paramref name="output"/>,
    /// <paramref name="terminalSize"/> how large that terminal is (asked whenever something is laid out; default 80×24).
    /// </summary>
    public CliConsole(TextWriter output, TextWriter error, bool isTerminal = false, bool noColor = false, Func<(int Columns, int Rows)>? terminalSize = null)
    {
        Out = output;
        Error = error;
        IsTerminal = isTerminal;
        IsStyled = isTerminal && !noColor;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new Output(output, isTerminal, terminalSize ?? (() => ProcessConsole.DefaultSize)),
            Ansi = IsStyled ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = IsStyled ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            // Live displays (the demo's progress bars) move the cursor: only where escape codes are welcome.
            Interactive = IsStyled ? InteractionSupport.Yes : InteractionSupport.No,
            // Decided here, not by Spectre's guesses from CI variables (its GitHub Actions enricher turns ANSI on).
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        if (!isTerminal)
        {
            // Anything Spectre renders for a pipe (rules, markup lines) must not wrap at 80 columns either.
            Ansi.Profile.Width = UnwrappedWidth;
        }
    }

    /// <summary>The width used when nobody reads the output on a terminal: wide enough that no record is ever split.</summary>
    public const int UnwrappedWidth = 32_000;

    /// <summary>
    /// The process console (<see cref="ProcessConsole"/>: standard output and error written without System.Console, the
    /// terminal's own size): a terminal when stdout is one; <c>NO_COLOR</c> honoured.
    /// </summary>
    public static CliConsole ForProcess() => new(
        ProcessConsole.Output,
        ProcessConsole.Error,
        isTerminal: ProcessConsole.IsOutputTerminal,
        // A console that would print escape codes rather than obey them (a classic Windows console window refusing
        // virtual terminal processing) gets what NO_COLOR gets: plain lines, no colour, no cursor movement.
        noColor: Environment.GetEnvironmentVariable(NoColorVariable) is { Length: > 0 } || (ProcessConsole.IsOutputTerminal && !ProcessConsole.TakesEscapeCodes()),
        terminalSize: ProcessConsole.TerminalSize);

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>True when a person reads <see cref="Out"/> on a terminal: live redraws and boxed tables are welcome.</summary>
    public bool IsTerminal { get; }

    /// <summary>True when escape codes may be written (colour, cursor movement): a terminal, and <c>NO_COLOR</c> not set.</summary>
    public bool IsStyled { get; }

    public IAnsiConsole Ansi { get; }

    /// <summary>
    /// Writes a table: boxed on a terminal; otherwise its title as a <c># title</c> line, then the header and one line per
    /// row, cells separated by tabs (tabs and line breaks inside a cell become spaces so a record stays one line).
    /// </summary>
    public void WriteTable(Table table)
    {
        if (IsTerminal)
        {
            Ansi.Write(table);
            return;
        }

        if (table.Title is { } title)
        {
            Out.WriteLine($"# {PlainText(new Markup(title.Text))}");
        }

        Out.WriteLine(string.Join('\t', table.Columns.Select(c => PlainText(c.Header))));
        foreach (TableRow row in table.Rows)
        {
            Out.WriteLine(string.Join('\t', row.Select(PlainText)));
        }
    }

    /// <summary>
    /// Writes a summary line that follows a table (a count, a pointer to another command): under the table on a
    /// terminal; on standard error when the output is a pipe or a file, so every line there is a record of the table.
    /// </summary>
    public void WriteSummary(string line) => (IsTerminal ? Out : Error).WriteLine(line);

    /// <summary>
    /// Writes a command's title: a rule across the terminal, or one short <c>== title ==</c> line when the output is a
    /// pipe or a file (a rule there would be <see cref="UnwrappedWidth"/> characters wide and bury the title in it).
    /// </summary>
    public void WriteTitle(string markup)
    {
        if (IsTerminal)
        {
            Ansi.Write(new Rule(markup));
            return;
        }

        Out.WriteLine($"== {PlainText(new Markup(markup))} ==");
    }

    private string PlainText(IRenderable cell)
    {
        var options = RenderOptions.Create(Ansi, Ansi.Profile.Capabilities);
        var text = new System.Text.StringBuilder();
        foreach (Segment segment in cell.Render(options, UnwrappedWidth))
        {
            if (!segment.IsControlCode)
            {
                text.Append(segment.IsLineBreak ? " " : segment.Text);
            }
        }

        return text.ToString().Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ').Trim();
    }

    /// <summary>
    /// What Spectre writes to: its own <see cref="AnsiConsoleOutput"/> calls a writer other than System.Console's no
    /// terminal and reads the width from System.Console (which, on Unix, writes an escape code: see <see cref="ProcessConsole"/>).
    /// </summary>
    private sealed class Output(TextWriter writer, bool isTerminal, Func<(int Columns, int Rows)> size) : IAnsiConsoleOutput
    {
        public TextWriter Writer => writer;

        public bool IsTerminal => isTerminal;

        public int Width => size().Columns;

        public int Height => size().Rows;

        public void SetEncoding(System.Text.Encoding encoding)
        {
            // The writers are UTF-8 throughout; Spectre's own output would set System.Console's encoding here.
        }
    }
}
