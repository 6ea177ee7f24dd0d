using HanBench.Cli;
using HanBench.Cli.Commands;

namespace HanBench.Host.Tests.Keys;

/// <summary>
/// One keystore for every command (issue 8 §1): without <c>--keystore</c> the demo, <c>bench run</c>, <c>csp run</c>,
/// <c>serve</c>, <c>flash</c>, <c>keys</c> and <c>gbcs verify</c> open the default one (here the test run's own,
/// HANBENCH_KEYSTORE: tests/TestSupport), made on first use and said so once; one that cannot be read is exit 2 naming it.
/// </summary>
[TestClass]
public sealed class DefaultKeystoreTests
{
    [TestMethod]
    public void DefaultPath_IsTheTestRunsOwn_NeverTheUsers()
    {
        Assert.IsNotNull(PrivateTemporaryFolder.Keystore, "the test run sets HANBENCH_KEYSTORE");
        Assert.AreEqual(PrivateTemporaryFolder.Keystore, KeystoreOption.DefaultPath);
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void Demo_TwiceWithoutKeystore_ReusesTheDefaultKeystoresCertificates()
    {
        CliResult first = CliRunner.Run("demo", "--json");
        Assert.AreEqual(ExitCodes.Ok, first.ExitCode, first.Error);
        CliResult afterFirst = CliRunner.Run("keys", "list", "--json");
        CliResult second = CliRunner.Run("demo", "--json");
        Assert.AreEqual(ExitCodes.Ok, second.ExitCode, second.Error);
        CliResult afterSecond = CliRunner.Run("keys", "list", "--json");

        Assert.IsFalse(second.Error.Contains("created keystore", StringComparison.Ordinal), second.Error);
        StringAssert.Contains(afterFirst.Output, "00-DB-00-00-00-00-00-10", "the demo's PPMID was issued its keys in the default keystore");
        Assert.AreEqual(afterFirst.Output, afterSecond.Output, "the second demo issued nothing new: the same certificates");
    }

    [TestMethod]
    public void FirstUse_CreatesTheKeystore_SaidOnceOnStandardError()
    {
        string keystore = Path.Combine(TestFolders.Create("hanbench-keystore-new-"), "keys");
        string db = Path.Combine(Path.GetDirectoryName(keystore)!, "k.db");
        Assert.AreEqual(ExitCodes.Ok, CliRunner.Run("inventory", "prenotify", "--db", db, "--device", "00DB000000000001", "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1").ExitCode);

        // csp run opens (and makes) the keystore before it waits for its link, which is not there.
        CliResult first = CliRunner.Run("csp", "run", "--db", db, "--link", "serial:/dev/hanbench-no-such-port", "--give-up-after", "0.5", "--keystore", keystore);
        CliResult second = CliRunner.Run("csp", "run", "--db", db, "--link", "serial:/dev/hanbench-no-such-port", "--give-up-after", "0.5", "--keystore", keystore);

        StringAssert.Contains(first.Error, $"hanbench: created keystore at {Path.GetFullPath(keystore)}");
        Assert.IsFalse(second.Error.Contains("created keystore", StringComparison.Ordinal), second.Error);
        using var listed = System.Text.Json.JsonDocument.Parse(CliRunner.Run("keys", "list", "--json", "--keystore", keystore).Output);
        Assert.IsTrue(listed.RootElement.EnumerateArray().Any(c => c.GetProperty("role").GetString() == "AccessControlBroker"), listed.RootElement.ToString());
    }

    [TestMethod]
    public void Demo_CorruptKeystore_ExitsTwoNamingTheFolderAndTheFile()
    {
        string keystore = TestFolders.Create("hanbench-keystore-corrupt-");
        string pem = Path.Combine(keystore, "90b3d51f30000002-ds.pem");
        File.WriteAllText(pem, "not a certificate\n");

        CliResult result = CliRunner.Run("demo", "--json", "--keystore", keystore);

        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, result.Output + result.Error);
        StringAssert.Contains(result.Error, $"keystore {keystore}:");
        StringAssert.Contains(result.Error, $"{pem}: not a PEM certificate");
        Assert.AreEqual(1, result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, "one line: " + result.Error);
    }

    [TestMethod]
    public void Demo_KeystoreIsAFile_ExitsTwoNamingIt()
    {
        string folder = TestFolders.Create("hanbench-keystore-file-");
        string keystore = Path.Combine(folder, "keys");
        File.WriteAllText(keystore, "a file, not a folder\n");

        CliResult result = CliRunner.Run("demo", "--json", "--keystore", keystore);

        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, result.Output + result.Error);
        StringAssert.Contains(result.Error, $"keystore {keystore}:");
    }
}
