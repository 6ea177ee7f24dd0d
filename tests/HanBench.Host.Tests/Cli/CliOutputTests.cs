using HanBench.Cli;
using Spectre.Console;

namespace HanBench.Host.Tests.Cli;

/// <summary>What a reader gets: a pipe one record per line at full width, a terminal boxes, <c>NO_COLOR</c> no escapes.</summary>
[TestClass]
public sealed class CliOutputTests
{
    private const string LongModel = "MODEL-WITH-A-NAME-LONG-ENOUGH-X";

    [TestMethod]
    public void InventoryList_Piped_OneTabSeparatedLinePerDeviceNeverWrapped()
    {
        using var folder = new CliTempFolder();
        string[] ids = ["00-AA-00-00-00-00-00-C1", "00-AA-00-00-00-00-00-C2", "00-AA-00-00-00-00-00-C3"];
        foreach (string id in ids)
        {
            folder.Ok("inventory", "prenotify", "--device", id, "--type", "PPMID", "--manufacturer", "ALTHANCO-MANUFACTURER-NAME", "--model", LongModel[..30], "--variant", "B3", "--firmware-version", "01020304");
        }

        string[] lines = folder.Ok("inventory", "list").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.AreEqual("Device\tType\tStatus\tVariant\tComms Hub\tModel\tFirmware", lines[0]);
        foreach (string id in ids)
        {
            string line = lines.Single(l => l.StartsWith(id, StringComparison.Ordinal));
            string[] cells = line.Split('\t');
            Assert.AreEqual(7, cells.Length, line);
            Assert.AreEqual("Pending", cells[2]);
            Assert.AreEqual($"ALTHANCO-MANUFACTURER-NAME/{LongModel[..30]}", cells[5]);
        }

        Assert.AreEqual(3, lines.Count(l => l.Contains("Pending", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void WriteTable_TerminalWithNoColor_NoEscapeCodes()
    {
        Assert.IsFalse(RenderOnTerminal(noColor: true).Contains('\u001b'));
        Assert.IsTrue(RenderOnTerminal(noColor: false).Contains('\u001b'), "a terminal without NO_COLOR gets colour");
    }

    private static string RenderOnTerminal(bool noColor)
    {
        using var output = new StringWriter();
        var console = new CliConsole(output, TextWriter.Null, isTerminal: true, noColor: noColor);
        var table = new Table();
        table.AddColumn("State");
        table.AddRow("[red]Failed[/]");
        console.WriteTable(table);
        console.Ansi.MarkupLine("[bold]done[/]");
        return output.ToString();
    }
}
