using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using HanBench.Cli;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// The built <c>hanbench</c> on a real terminal (issue 13 §2 "NO_COLOR leaves no escape codes"): each run is a process
/// of its own on the slave side of a pseudo-terminal that util-linux <c>script</c> opens, with its standard output and
/// error both on it, as in a user's shell. What the terminal receives is read back byte for byte once the process has
/// ended (<c>script</c> drains the terminal before it exits), so nothing here depends on timing.
/// </summary>
[TestClass]
public sealed partial class RealTerminalProcessTests
{
    private const string Script = "/usr/bin/script";

    [TestMethod]
    [DataRow("inventory", "list")]
    [DataRow("inventory", "nosuch")]
    [DataRow("demo")]
    public void Command_OnATerminalWithNoColor_NoEscapeCodeAtAll(params string[] command)
    {
        using var folder = new CliTempFolder();
        AddDevices(folder, 2);
        bool demo = command[0] == "demo";
        string[] arguments = demo ? command : [.. command, "--db", folder.Db];

        byte[] seen = OnTerminal(columns: 100, noColor: true, arguments);

        string text = Encoding.UTF8.GetString(seen);
        int escape = Array.IndexOf(seen, (byte)0x1B);
        Assert.AreEqual(-1, escape, $"an escape code at byte {escape} of:\n{Visible(text)}");
        // Proof the command really ran and printed to the terminal (a run that printed nothing has no escape code either).
        StringAssert.Contains(text, demo ? "DCC alerts:" : command[1] == "list" ? "00-AA-00-00-00-00-00-C1" : "hanbench: error:");
    }

    [TestMethod]
    [DataRow(64)]
    [DataRow(120)]
    public void InventoryList_OnATerminal_BoxedAndAsWideAsTheTerminalAtMost(int columns)
    {
        using var folder = new CliTempFolder();
        AddDevices(folder, 3);

        string text = Encoding.UTF8.GetString(OnTerminal(columns, noColor: false, "inventory", "list", "--db", folder.Db));

        string[] box = AnsiCode().Replace(text, string.Empty).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && "╭│╰├".Contains(l[0])).ToArray();
        Assert.IsGreaterThanOrEqualTo(2 + 3, box.Length, $"a boxed table (top, header, rows, bottom):\n{Visible(text)}");
        Assert.IsTrue(box[0].StartsWith('╭') && box[^1].StartsWith('╰'), Visible(text));
        int widest = box.Max(l => l.Length);
        // Three devices with 30-character manufacturer and model names need more than 120 columns: the table is cut to
        // the terminal's width, whatever it is (not the 80 columns of an unknown width, nor a fixed figure).
        Assert.IsTrue(widest <= columns && widest > columns - 8, $"widest line {widest} on a {columns}-column terminal:\n{Visible(text)}");
    }

    /// <summary>Prenotifies <paramref name="count"/> PPMIDs with names long enough that a table of them is wider than a terminal.</summary>
    private static void AddDevices(CliTempFolder folder, int count)
    {
        for (int i = 1; i <= count; i++)
        {
            folder.Ok("inventory", "prenotify", "--device", $"00-AA-00-00-00-00-00-C{i}", "--type", "PPMID", "--manufacturer", "ALTHANCO-MANUFACTURER-NAME-30C", "--model", "MODEL-WITH-A-NAME-LONG-ENOUGH-", "--variant", "B3", "--firmware-version", "01020304");
        }
    }

    /// <summary>
    /// Runs <c>hanbench <paramref name="arguments"/></c> on a new pseudo-terminal <paramref name="columns"/> wide
    /// (TERM=xterm, whose terminfo has the keypad_xmit string .NET's console writes) and returns what it wrote there.
    /// </summary>
    private static byte[] OnTerminal(int columns, bool noColor, params string[] arguments)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(Script))
        {
            Assert.Inconclusive("needs util-linux script(1) to open a pseudo-terminal");
        }

        if (!new[] { "/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo" }.Any(folder => File.Exists(Path.Combine(folder, "x", "xterm"))))
        {
            // Without the entry .NET's console finds no keypad_xmit string to write: nothing here could fail.
            Assert.Inconclusive("needs the xterm terminfo entry (ncurses-base)");
        }

        string hanbench = string.Join(' ', new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "hanbench.dll") }.Concat(arguments).Select(Quoted));
        var info = new ProcessStartInfo(Script) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "--quiet", "--return", "--command", $"stty cols {columns} rows 40 && exec {hanbench}", "/dev/null" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TERM"] = "xterm";
        // The terminal's size must come from the terminal, not from variables a shell may have exported.
        info.Environment.Remove("COLUMNS");
        info.Environment.Remove("LINES");
        info.Environment.Remove(CliConsole.NoColorVariable);
        if (noColor)
        {
            info.Environment[CliConsole.NoColorVariable] = "1";
        }

        using Process script = Process.Start(info) ?? throw new InvalidOperationException("script did not start");
        script.StandardInput.Close();
        Task<string> error = script.StandardError.ReadToEndAsync();
        using var seen = new MemoryStream();
        script.StandardOutput.BaseStream.CopyTo(seen);
        script.WaitForExit();
        Assert.AreEqual(string.Empty, error.Result, "script itself complained");
        return seen.ToArray();
    }

    private static string Quoted(string argument) => $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    /// <summary>The text with every escape character shown as <c>\e</c>, for a message that can be read.</summary>
    private static string Visible(string text) => text.Replace("\u001b", "\\e", StringComparison.Ordinal);

    /// <summary>CSI sequences (colours, cursor) and the two-byte ESC= / ESC&gt; keypad modes.</summary>
    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|[=>])")]
    private static partial Regex AnsiCode();
}
