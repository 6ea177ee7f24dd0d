using System.CommandLine;
using System.Text.Json;
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

    /// <summary>Commands that run something long-lived, write files or change state and confirm it in one line, rather than print data.</summary>
    private static readonly string[] PrintsNoData = ["board", "flash", "bench run", "csp run", "image build", "image sample", "keys init", "keys issue", "keys export", "keys import", "alerts service-user remove"];

    [TestMethod]
    public void EveryCommandThatPrintsData_HasJson_AndFormatOnlyWithJson()
    {
        RootCommand root = HanBenchCli.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null));
        var missing = new List<string>();
        void Walk(Command command, string path)
        {
            if (command.Subcommands.Count == 0 || command.Action is not null && command is not RootCommand)
            {
                bool json = command.Options.Any(o => o.Name == "--json");
                bool format = command.Options.Any(o => o.Name == "--format");
                if ((!json && !PrintsNoData.Contains(path)) || (format && !json))
                {
                    missing.Add(path);
                }
            }

            foreach (Command sub in command.Subcommands)
            {
                Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}");
            }
        }

        Walk(root, string.Empty);
        Assert.AreEqual(string.Empty, string.Join(", ", missing));
    }

    [TestMethod]
    public void ReportDeployments_FormatCsvOrJson_AsTheReadmeSays()
    {
        using var folder = new CliTempFolder();
        folder.Ok("inventory", "prenotify", "--device", "00-AA-00-00-00-00-00-C1", "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--variant", "B2", "--firmware-version", "0100");

        using JsonDocument json = JsonDocument.Parse(folder.Ok("report", "deployments", "--format", "json").Output);
        Assert.AreEqual(1, json.RootElement.GetArrayLength());
        StringAssert.StartsWith(folder.Ok("report", "deployments", "--format", "csv").Output, "device,variant,component");
        CliResult contradiction = folder.Run("report", "deployments", "--format", "csv", "--json");
        Assert.AreEqual(ExitCodes.BadInput, contradiction.ExitCode);
        StringAssert.Contains(contradiction.Error, "contradict");
    }

    [TestMethod]
    public void PrenotifyB1_FirmwareAndBroadcomVersions_BothRecorded_ShowLabelsTheAltHanVariant()
    {
        using var folder = new CliTempFolder();
        const string Bridge = "00-AA-00-00-00-00-00-C1";
        folder.Ok("inventory", "prenotify", "--device", Bridge, "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--variant", "B1", "--firmware-version", "0100", "--broadcom-version", "0300");

        using JsonDocument json = JsonDocument.Parse(folder.Ok("inventory", "list", "--json").Output);
        JsonElement versions = json.RootElement[0].GetProperty("firmwareVersions");
        Assert.AreEqual("0100", versions.GetProperty("silabs").GetString());
        Assert.AreEqual("0300", versions.GetProperty("broadcom").GetString());

        string[] show = folder.Ok("inventory", "show", Bridge).Output.Split('\n');
        Assert.IsTrue(show.Any(l => l.StartsWith("Alt HAN variant\tB1", StringComparison.Ordinal)), string.Join('\n', show));
        Assert.IsFalse(show.Any(l => l.StartsWith("SMETS variant", StringComparison.Ordinal)));

        CliResult b4 = folder.Run("inventory", "prenotify", "--device", "00-AA-00-00-00-00-00-C4", "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-4", "--variant", "B4", "--broadcom-version", "0300");
        Assert.AreEqual(ExitCodes.Failed, b4.ExitCode);
        StringAssert.Contains(b4.Error, "only an Alt HAN bridge B1–B3 holds a Broadcom image");
    }

    [TestMethod]
    public void PrenotifyB1_FirmwareVersionOnly_NotedThatNoBroadcomVersionWasRecorded()
    {
        using var folder = new CliTempFolder();
        CliResult alone = folder.Ok("inventory", "prenotify", "--device", "00-AA-00-00-00-00-00-C1", "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--variant", "B1", "--firmware-version", "0100");
        StringAssert.Contains(alone.Error, "a B1 holds a Broadcom image too; no Broadcom version was recorded (give --broadcom-version)");

        CliResult both = folder.Ok("inventory", "prenotify", "--device", "00-AA-00-00-00-00-00-C2", "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--variant", "B2", "--firmware-version", "0100", "--broadcom-version", "0300");
        CliResult b4 = folder.Ok("inventory", "prenotify", "--device", "00-AA-00-00-00-00-00-C4", "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-4", "--variant", "B4", "--firmware-version", "0100");
        Assert.IsFalse(both.Error.Contains("--broadcom-version", StringComparison.Ordinal), both.Error);
        Assert.IsFalse(b4.Error.Contains("--broadcom-version", StringComparison.Ordinal), "a B4 has no Broadcom image: " + b4.Error);
    }
}
