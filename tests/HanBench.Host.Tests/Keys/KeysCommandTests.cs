namespace HanBench.Host.Tests.Keys;

[TestClass]
public sealed class KeysCommandTests
{
    [TestMethod]
    public void InitIssueListExport_EndToEnd_OneRecordPerLineWhenPiped()
    {
        string keystore = TestFolders.Create("hanbench-keys-cli-");
        string exported = TestFolders.Create("hanbench-keys-out-");

        CliResult init = CliRunner.Run("keys", "init", "--keystore", keystore);
        CliResult issue = CliRunner.Run("keys", "issue", "--id", "00-DB-00-00-00-00-00-B1", "--role", "device", "--keystore", keystore);
        CliResult list = CliRunner.Run("keys", "list", "--keystore", keystore);
        CliResult json = CliRunner.Run("keys", "list", "--json", "--keystore", keystore);
        CliResult export = CliRunner.Run("keys", "export", "--dir", exported, "--keystore", keystore);

        Assert.AreEqual(0, init.ExitCode, init.Error);
        Assert.AreEqual(0, issue.ExitCode, issue.Error);
        Assert.AreEqual(0, list.ExitCode, list.Error);
        string[] lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(8, lines.Length, list.Output);
        Assert.IsTrue(lines.All(l => l.Split('\t').Length == 6), list.Output);
        string[] roles = [.. System.Text.Json.JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Select(c => c.GetProperty("role").GetString()!)];
        CollectionAssert.Contains(roles, "Device");
        CollectionAssert.Contains(roles, "TransitionalCoS", "keys init makes the transitional CoS party, and list shows it");
        Assert.AreEqual(2, lines.Count(l => l.Contains("TransitionalCoS", StringComparison.Ordinal)), list.Output);
        Assert.AreEqual(0, export.ExitCode, export.Error);
        Assert.IsTrue(File.Exists(Path.Combine(exported, "00db0000000000b1-ka.key")));
    }

    [TestMethod]
    public void ListOrExport_MistypedKeystoreFolder_ExitTwoNamingItAndNothingWritten()
    {
        string parent = TestFolders.Create("hanbench-keys-cli-");
        string mistyped = Path.Combine(parent, "nosuch");
        string empty = Directory.CreateDirectory(Path.Combine(parent, "empty")).FullName;
        string exported = Path.Combine(parent, "out");

        CliResult list = CliRunner.Run("keys", "list", "--keystore", mistyped);
        CliResult listEmpty = CliRunner.Run("keys", "list", "--keystore", empty);
        CliResult export = CliRunner.Run("keys", "export", "--dir", exported, "--keystore", mistyped);

        Assert.AreEqual(2, list.ExitCode, list.Output);
        StringAssert.Contains(list.Error, $"no keystore at {mistyped}");
        Assert.AreEqual(2, listEmpty.ExitCode, "a folder holding no keystore is not an empty keystore");
        Assert.AreEqual(2, export.ExitCode, export.Output);
        Assert.IsFalse(Directory.Exists(mistyped), "a read makes no keystore");
        Assert.IsFalse(Directory.Exists(exported), "nothing exported, no folder made");
    }

    [TestMethod]
    public void Issue_BadRoleOrNoCa_ExitsTwoWithOneLine()
    {
        string keystore = TestFolders.Create("hanbench-keys-cli-");

        CliResult noCa = CliRunner.Run("keys", "issue", "--id", "00-DB-00-00-00-00-00-B1", "--keystore", keystore);
        CliResult badRole = CliRunner.Run("keys", "issue", "--id", "00-DB-00-00-00-00-00-B1", "--role", "wizard", "--keystore", keystore);
        CliResult both = CliRunner.Run("keys", "import", "--keystore", keystore);

        Assert.AreEqual(2, noCa.ExitCode);
        StringAssert.Contains(noCa.Error, "keys init");
        Assert.AreEqual(2, badRole.ExitCode);
        StringAssert.Contains(badRole.Error, "wizard");
        Assert.AreEqual(2, both.ExitCode);
    }

    [TestMethod]
    public void Serve_KeystoreWithoutDspKey_Exit2NamingTheImport()
    {
        string keystore = TestFolders.Create("hanbench-keys-cli-");
        string db = Path.Combine(keystore, "inventory.db");
        Assert.AreEqual(0, CliRunner.Run("keys", "init", "--no-parties", "--keystore", keystore).ExitCode, "a keystore with a test CA and no parties");

        CliResult result = CliRunner.Run("serve", "--duis", "127.0.0.1:0", "--keystore", keystore, "--db", db);

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.Error, "keys import --dccboxed");
    }
}
