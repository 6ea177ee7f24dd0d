using System.Text.Json;
using HanBench.Cli;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Alerts;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Tests.Cli;

/// <summary>Every failure names the problem on one line, with exit 2 for input that cannot be used.</summary>
[TestClass]
public sealed class CliErrorTests
{
    private static void AssertOneLine(CliResult result, int exitCode, string mentions)
    {
        Assert.AreEqual(exitCode, result.ExitCode, result.Output + result.Error);
        string[] lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, result.Error);
        StringAssert.StartsWith(lines[0], "hanbench: error: ");
        StringAssert.Contains(lines[0], mentions);
    }

    [TestMethod]
    public void MistypedCommand_OneLine_SuggestsTheNearest()
    {
        AssertOneLine(CliRunner.Run("dmeo"), ExitCodes.BadInput, "did you mean 'demo'?");
        AssertOneLine(CliRunner.Run("inventory", "lsit"), ExitCodes.BadInput, "did you mean 'list'?");
        AssertOneLine(CliRunner.Run("xyzzyq"), ExitCodes.BadInput, "commands: demo");
    }

    [TestMethod]
    public void MistypedOption_OneLine_SuggestsTheNearest()
    {
        AssertOneLine(CliRunner.Run("demo", "--sead", "3"), ExitCodes.BadInput, "'--sead' is not an option of hanbench demo; did you mean '--seed'?");
        AssertOneLine(CliRunner.Run("inventory", "list", "--jsno"), ExitCodes.BadInput, "'--jsno' is not an option of hanbench inventory list; did you mean '--json'?");
        AssertOneLine(CliRunner.Run("demo", "--xyzzyq"), ExitCodes.BadInput, "'--xyzzyq' is not an option of hanbench demo (see 'hanbench demo --help')");
    }

    [TestMethod]
    public void LoneDashOrNegativeNumber_NotTaken_CalledAnArgumentTooManyNotAnOption()
    {
        // Review F13: both were "not an option …; did you mean '-h'?".
        AssertOneLine(CliRunner.Run("inventory", "list", "-"), ExitCodes.BadInput, "'-' is one argument too many: hanbench inventory list takes no arguments (see 'hanbench inventory list --help')");
        AssertOneLine(CliRunner.Run("report", "deployments", "-3"), ExitCodes.BadInput, "'-3' is one argument too many: hanbench report deployments takes no arguments");
        AssertOneLine(CliRunner.Run("zcl", "decode", "01", "-2.5"), ExitCodes.BadInput, "'-2.5' is one argument too many: hanbench zcl decode takes only HEX");
        AssertOneLine(CliRunner.Run("inventory", "-5"), ExitCodes.BadInput, "'-5' is not a hanbench inventory command");
        AssertOneLine(CliRunner.Run("inventory", "list", "foo"), ExitCodes.BadInput, "'foo' is one argument too many: hanbench inventory list takes no arguments");
        AssertOneLine(CliRunner.Run("inventory", "list", "-x"), ExitCodes.BadInput, "'-x' is not an option of hanbench inventory list");
    }

    [TestMethod]
    public void ChoiceOption_NotAmongTheValues_OneLineNamingTheOptionAndTheValues()
    {
        AssertOneLine(CliRunner.Run("report", "deployments", "--format", "xml"), ExitCodes.BadInput, "--format: 'xml' is not one of csv, json");
    }

    [TestMethod]
    public void DemoScale_WithoutRealTime_RefusedRatherThanIgnored()
    {
        AssertOneLine(CliRunner.Run("demo", "--scale", "2"), ExitCodes.BadInput, "--scale paces a --real-time demo");
    }

    [TestMethod]
    public void NumberOption_NotANumber_SaysWhatItShouldBe()
    {
        CliResult result = CliRunner.Run("demo", "--scale", "abc");
        AssertOneLine(result, ExitCodes.BadInput, "--scale: 'abc' is not a number");
        Assert.IsFalse(result.Error.Contains("System.", StringComparison.Ordinal), result.Error);
    }

    [TestMethod]
    public void FirmwareSubmit_LargeFileThatIsNotOta_NotAnOtaFileExitTwo()
    {
        using var folder = new CliTempFolder();
        string junk = folder.File("junk.bin");
        File.WriteAllBytes(junk, new byte[10_000_000]);
        AssertOneLine(folder.Run("firmware", "submit", "--image", junk, "--version", "00020000", "--devices", "00-AA-00-00-00-00-00-C1"), ExitCodes.BadInput, "not an OTA file");
    }

    [TestMethod]
    public void ImageOption_AFolder_SaysItIsAFolder()
    {
        using var folder = new CliTempFolder();
        AssertOneLine(folder.Run("firmware", "submit", "--image", folder.Path, "--version", "00020000", "--devices", "00-AA-00-00-00-00-00-C1"), ExitCodes.BadInput, "is a folder, not a file");
        AssertOneLine(CliRunner.Run("image", "inspect", folder.Path), ExitCodes.BadInput, "is a folder, not a file");
    }

    [TestMethod]
    [DataRow("demo", "--capture", "{0}")]
    [DataRow("demo", "--gbcs-log", "{0}")]
    [DataRow("bench", "run", "{0}")]
    [DataRow("csp", "run", "--db", "{0}", "--link", "tcp:127.0.0.1:9")]
    [DataRow("demo", "--inventory", "{0}")]
    public void FileOption_AFolder_SaysItIsAFolderExitTwo(params string[] args)
    {
        using var folder = new CliTempFolder();
        AssertOneLine(CliRunner.Run([.. args.Select(a => string.Format(System.Globalization.CultureInfo.InvariantCulture, a, folder.Path))]), ExitCodes.BadInput, $"{folder.Path} is a folder, not a file");
    }

    [TestMethod]
    [DataRow("--db")]
    [DataRow("--capture")]
    [DataRow("--gbcs-log")]
    public void DemoFileOption_FolderMissing_NamesTheOptionAndTheFolderExitTwo_NothingCreated(string option)
    {
        using var folder = new CliTempFolder();
        string missing = Path.Combine(folder.Path, "no-such-dir");
        CliResult result = CliRunner.Run("demo", option, Path.Combine(missing, "x.out"));
        AssertOneLine(result, ExitCodes.BadInput, $"{option} {Path.Combine(missing, "x.out")}: folder {missing} does not exist");
        Assert.IsFalse(Directory.Exists(missing), "the mistyped folder was made");
    }

    [TestMethod]
    public void InventoryWrite_DbIsAFolder_SaysSoExitTwo()
    {
        using var folder = new CliTempFolder();
        CliResult result = CliRunner.Run("inventory", "prenotify", "--device", "00-AA-00-00-00-00-00-C1", "--type", "PPMID", "--manufacturer", "A", "--model", "B", "--db", folder.Path);
        AssertOneLine(result, ExitCodes.BadInput, $"the inventory {folder.Path} is a folder, not a database file");
    }

    [TestMethod]
    public void BoardState_AFile_SaysItIsAFileExitTwo()
    {
        using var folder = new CliTempFolder();
        string file = folder.File("notdir.txt");
        File.WriteAllText(file, "x");
        AssertOneLine(CliRunner.Run("board", "--role", "ppmid", "--id", "00DB000000000010", "--link", "tcp:127.0.0.1:9", "--state", file), ExitCodes.BadInput, $"--state {file} is a file, not a folder");
    }

    [TestMethod]
    public void ImageBuild_OutputInAMissingFolder_NamesTheOptionExitTwo()
    {
        using var folder = new CliTempFolder();
        string payload = folder.File("payload.bin");
        File.WriteAllBytes(payload, new byte[64]);
        string output = Path.Combine(folder.Path, "no-such-dir", "x.ota");
        AssertOneLine(
            CliRunner.Run("image", "build", "--payload", payload, "--manufacturer", "0x121D", "--image-type", "0x0084", "--version", "0x00010203", "-o", output),
            ExitCodes.BadInput,
            $"--output {output}: folder {Path.GetDirectoryName(output)} does not exist");
    }

    [TestMethod]
    public void KeysExport_DirIsAFile_SaysItIsAFileExitTwo()
    {
        using var folder = new CliTempFolder();
        string keystore = folder.File("keys");
        Assert.AreEqual(ExitCodes.Ok, CliRunner.Run("keys", "init", "--keystore", keystore).ExitCode);
        string file = folder.File("afile");
        File.WriteAllText(file, "x");
        AssertOneLine(CliRunner.Run("keys", "export", "--dir", file, "--keystore", keystore), ExitCodes.BadInput, $"--dir {file} is a file, not a folder");
        Assert.AreEqual("x", File.ReadAllText(file), "the file is left as it was");
    }

    [TestMethod]
    public void InventoryShow_UnknownDevice_ExitTwoAsAnUnknownRequest()
    {
        using var folder = new CliTempFolder();
        folder.Ok("inventory", "init");
        AssertOneLine(folder.Run("inventory", "show", "00DB0000000000FF"), ExitCodes.BadInput, "00-DB-00-00-00-00-00-FF is not in the inventory");
        AssertOneLine(folder.Run("credentials", "show", "00DB0000000000FF"), ExitCodes.BadInput, "00-DB-00-00-00-00-00-FF is not in the inventory");
        AssertOneLine(folder.Run("credentials", "requests", "00DB0000000000FF"), ExitCodes.BadInput, "00-DB-00-00-00-00-00-FF is not in the inventory");
    }

    [TestMethod]
    public void FirmwareStatus_UnknownRequest_ExitTwo()
    {
        using var folder = new CliTempFolder();
        folder.Ok("inventory", "init");
        AssertOneLine(folder.Run("firmware", "status", "nosuch"), ExitCodes.BadInput, "no firmware request nosuch");
    }

    [TestMethod]
    public void AlertsDeliver_ReceiverDown_NamesTheReasonPerAlert()
    {
        using var folder = new CliTempFolder();
        folder.Ok("inventory", "prenotify", "--device", "00-DB-12-34-56-78-90-A2", "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1");
        using (InventoryStore store = InventoryStore.Open(folder.Db))
        {
            store.Write(s => new DccAlertService().OnCommsHubActivationResponse(s, Eui64.Parse("00-DB-12-34-56-78-90-A2"), ActivateFirmwareResponseCode.Success, "00000200"));
        }

        // Port 9 (discard) on loopback: nothing listens, every POST is refused at once.
        CliResult result = folder.Run("alerts", "deliver", "--to", "http://127.0.0.1:9/alerts");

        Assert.AreEqual(ExitCodes.Failed, result.ExitCode, result.Output + result.Error);
        StringAssert.Contains(result.Output, "1 still failing");
        StringAssert.Contains(result.Error, "N64");
        StringAssert.Contains(result.Error, "POST http://127.0.0.1:9/alerts");
        using JsonDocument json = JsonDocument.Parse(folder.Run("alerts", "deliver", "--to", "http://127.0.0.1:9/alerts", "--json").Output);
        StringAssert.Contains(json.RootElement.GetProperty("failures")[0].GetProperty("reason").GetString(), "POST http://127.0.0.1:9/alerts");
    }

    [TestMethod]
    public void ReadCommands_MistypedDb_ExitTwoAndNothingCreated()
    {
        using var folder = new CliTempFolder();
        string missing = Path.Combine(folder.Path, "no-such-dir", "x.db");
        foreach (string[] read in new[] { new[] { "inventory", "list" }, ["inventory", "show", "00-AA-00-00-00-00-00-C1"], ["firmware", "status"], ["alerts"], ["cpl", "list"], ["report", "althanco"], ["report", "deployments"] })
        {
            AssertOneLine(CliRunner.Run([.. read, "--db", missing]), ExitCodes.BadInput, "no inventory at");
        }

        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(missing)), "a read created the folder");
    }

    [TestMethod]
    public void WritesNamingDevices_UnknownDeviceOrMistypedDb_ExitTwoAndNothingCreated()
    {
        using var folder = new CliTempFolder();
        string image = folder.File("image.ota");
        File.WriteAllBytes(image, AlertTestKit.GbcsImage(Enumerable.Range(0, 500).Select(i => (byte)i).ToArray()));
        const string Unknown = "00DB0000000000FF";
        string[][] writes =
        [
            ["inventory", "update", Unknown, "--status", "Commissioned"],
            ["inventory", "add-to-han", "--hub", Unknown, "--device", "00DB0000000000FE", "--install-code", "00112233445566778899AABBCCDDEE00"],
            ["credentials", "read-device", Unknown, "--usage", "ds"],
            ["credentials", "issue", Unknown, "--usage", "ds"],
            ["firmware", "submit", "--image", image, "--version", "00020000", "--devices", Unknown],
        ];

        // A device the inventory does not hold is bad input (README exit codes), as it is for the reads.
        folder.Ok("inventory", "init");
        foreach (string[] write in writes)
        {
            AssertOneLine(folder.Run(write), ExitCodes.BadInput, "00-DB-00-00-00-00-00-FF is not in the inventory");
        }


        // On a new, empty inventory these could only be refused: a mistyped --db is refused as the reads refuse it.
        string missing = Path.Combine(folder.Path, "no-such-dir", "x.db");
        foreach (string[] write in writes)
        {
            AssertOneLine(CliRunner.Run([.. write, "--db", missing]), ExitCodes.BadInput, "no inventory at");
        }

        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(missing)), "a write naming devices created the inventory's folder");
    }

    [TestMethod]
    public void FirstWrite_NewDb_CreatedAndSaidOnStderr()
    {
        using var folder = new CliTempFolder();
        string db = Path.Combine(folder.Path, "sub", "new.db");
        CliResult first = CliRunner.Run("inventory", "prenotify", "--device", "00-AA-00-00-00-00-00-C1", "--type", "PPMID", "--manufacturer", "A", "--model", "B", "--db", db);
        Assert.AreEqual(ExitCodes.Ok, first.ExitCode, first.Error);
        StringAssert.Contains(first.Error, $"created a new inventory {db}");
        Assert.IsTrue(File.Exists(db));
        CliResult second = CliRunner.Run("inventory", "list", "--db", db);
        Assert.AreEqual(ExitCodes.Ok, second.ExitCode, second.Error);
        Assert.IsFalse(second.Error.Contains("created", StringComparison.Ordinal), second.Error);
        StringAssert.Contains(CliRunner.Run("inventory", "init", "--db", db).Output, "exists already");
    }
}
