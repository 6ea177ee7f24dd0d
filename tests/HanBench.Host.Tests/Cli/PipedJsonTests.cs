using System.Text.Json;
using HanBench.Cli;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// <c>--json</c> through a pipe or into a file is one record per line (issue 13 §2, "piped output is one record per
/// line"): each document one compact line, a list one JSON array on one line; on a terminal the same value indented.
/// </summary>
[TestClass]
public sealed class PipedJsonTests
{
    private const string Bridge1 = "00-AA-00-00-00-00-00-C1";
    private const string Bridge2 = "00-AA-00-00-00-00-00-C2";

    // An unsigned, un-MAC'd CS08 command (GbcsCommandTests) and a ZCL Image Block Request (ZclCommandTests).
    private const string Gbcs = "DF09" + "01" + "0000000000000007" + "08" + "A1A2A3A4A5A6A7A8" + "08" + "B1B2B3B4B5B6B7B8" + "00" + "02" + "0129" + "02" + "0500" + "00";
    private const string Zcl = "195A09000210C1FF0200000000010000";

    [TestMethod]
    public void Json_Piped_EveryDocumentOneLine()
    {
        using var folder = new CliTempFolder();
        Prenotified(folder);
        string[][] commands =
        [
            ["inventory", "list", "--db", folder.Db],
            ["inventory", "show", Bridge1, "--db", folder.Db],
            ["inventory", "update", Bridge1, "--status", "InstalledNotCommissioned", "--db", folder.Db],
            ["report", "althanco", "--db", folder.Db],
            ["report", "deployments", "--db", folder.Db],
            ["credentials", "requests", "--db", folder.Db],
            ["about"],
            ["zcl", "decode", Zcl],
            ["gbcs", "decode", Gbcs],
        ];
        foreach (string[] command in commands)
        {
            CliResult result = CliRunner.Run([.. command, "--json"]);
            Assert.AreEqual(ExitCodes.Ok, result.ExitCode, $"{string.Join(' ', command)}: {result.Error}");
            AssertOneLine(result.Output, string.Join(' ', command));
        }
    }

    [TestMethod]
    public void Json_PipedList_OneArrayOnOneLineWithEveryRecord()
    {
        using var folder = new CliTempFolder();
        Prenotified(folder);

        string output = folder.Ok("inventory", "list", "--json").Output;

        JsonElement list = AssertOneLine(output, "inventory list");
        CollectionAssert.AreEquivalent(new[] { Bridge1, Bridge2 }, list.EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()).ToArray());
    }

    [TestMethod]
    public void Json_ReportIntoAFile_OneLine()
    {
        using var folder = new CliTempFolder();
        Prenotified(folder);
        string file = folder.File("deployments.json");

        folder.Ok("report", "deployments", "--json", "--output", file);

        Assert.AreEqual(2, AssertOneLine(File.ReadAllText(file), "report deployments --output").GetArrayLength());
    }

    [TestMethod]
    public void Json_OnATerminal_IndentedAndTheSameValueAsPiped()
    {
        using var folder = new CliTempFolder();
        Prenotified(folder);
        using var terminal = new StringWriter();

        int exit = HanBenchCli.Run(["inventory", "list", "--json", "--db", folder.Db], new CliConsole(terminal, TextWriter.Null, isTerminal: true));

        Assert.AreEqual(ExitCodes.Ok, exit);
        Assert.IsGreaterThan(2, terminal.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, terminal.ToString());
        using JsonDocument indented = JsonDocument.Parse(terminal.ToString());
        using JsonDocument piped = JsonDocument.Parse(folder.Ok("inventory", "list", "--json").Output);
        Assert.IsTrue(JsonElement.DeepEquals(indented.RootElement, piped.RootElement), $"{terminal}\n{piped.RootElement}");
    }

    private static void Prenotified(CliTempFolder folder)
    {
        foreach (string id in new[] { Bridge1, Bridge2 })
        {
            folder.Ok("inventory", "prenotify", "--device", id, "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--variant", "B1", "--firmware-version", "0100");
        }
    }

    /// <summary>The output is exactly one line (ended by a line break) holding one JSON document; returns its value.</summary>
    private static JsonElement AssertOneLine(string output, string what)
    {
        Assert.IsTrue(output.EndsWith('\n'), $"{what}: not a whole line: {output}");
        Assert.AreEqual(1, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, $"{what}: more than one line:\n{output}");
        using JsonDocument document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }
}
