using System.Text.Json.Nodes;
using HanBench.Cli;
using HanBench.Device.Roles;

namespace HanBench.Host.Tests.Flashing;

/// <summary><c>hanbench flash --dry-run</c>: says exactly what a flash would do and changes nothing.</summary>
public sealed partial class FlashCommandTests
{
    [TestMethod]
    public void DryRun_PrintsTheExactNanoffCommandsAndTheConfiguration()
    {
        using var bench = new FakeBench();
        CliResult result = CliRunner.Run(
            "flash", "--board", "esp32-s3-devkitc-1-n8r8", "--role", "hub", "--port", "/dev/ttyACM3", "--id", "00-0D-6F-00-0A-BC-DE-F1",
            "--image", bench.Image, "--work-dir", bench.Work, "--dry-run");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        string[] commands = result.Output.Split('\n').Where(l => l.StartsWith("nanoff ", StringComparison.Ordinal)).ToArray();
        CollectionAssert.AreEqual(
            new[]
            {
                "nanoff --update --target ESP32_S3_OCTAL --serialport /dev/ttyACM3",
                $"nanoff --target ESP32_S3_OCTAL --serialport /dev/ttyACM3 --deploy --image {bench.Image}",
                $"nanoff --serialport /dev/ttyACM3 --filedeployment {Path.Combine(bench.Work, "nanoff-files.json")}",
            },
            commands);
        Assert.AreEqual(string.Empty, File.ReadAllText(bench.Calls), "a dry run must not call nanoff");
        Assert.IsFalse(Directory.Exists(bench.Work), "a dry run writes nothing");
        string heading = $"# {Path.Combine(bench.Work, "hanbench.json")} → I:\\hanbench.json:\n";
        JsonNode config = JsonNode.Parse(result.Output[(result.Output.IndexOf(heading, StringComparison.Ordinal) + heading.Length)..])!;
        Assert.AreEqual("hanbench-role/1", (string?)config["format"]);
        Assert.AreEqual("hub", (string?)config["role"]);
        Assert.AreEqual("000D6F000ABCDEF1", (string?)config["eui64"]);
        Assert.IsNull(config["variant"]);
        Assert.AreEqual("wan,COM2,17,18|han,COM3,4,5", string.Join("|", config["links"]!.AsArray().Select(l => $"{l!["name"]},{l["port"]},{l["tx"]},{l["rx"]}")));
        Assert.AreEqual("whole-image", (string?)config["storage"]!["kind"]);
        Assert.AreEqual("addressable-rgb", (string?)config["led"]!["kind"]);
    }

    [TestMethod]
    public void DryRun_WithIdOfANewBoard_KeystoreAndWorkDirUnchangedByteForByte_SayingWhatAFlashWouldIssue()
    {
        using var bench = new FakeBench();
        string keystore = Path.Combine(bench.Work, "keys");
        Assert.AreEqual(ExitCodes.Ok, CliRunner.Run("keys", "init", "--keystore", keystore).ExitCode);
        Dictionary<string, string> before = Snapshot(bench.Work);
        string[] temporaryBefore = FlashTemporaryFolders();

        CliResult result = CliRunner.Run(
            "flash", "--board", "esp32-c3-devkitm-1", "--role", "ppmid", "--port", "/dev/ttyACM3", "--id", "00DB00000000D1A0", "--hub", "00DB00000000D1A1",
            "--keystore", keystore, "--image", bench.Image, "--work-dir", bench.Work, "--dry-run");
        CliResult withoutWorkDir = CliRunner.Run(
            "flash", "--board", "esp32-c3-devkitm-1", "--role", "ppmid", "--port", "/dev/ttyACM3", "--id", "00DB00000000D1A0", "--hub", "00DB00000000D1A1",
            "--keystore", keystore, "--image", bench.Image, "--dry-run");

        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        Assert.AreEqual(ExitCodes.Ok, withoutWorkDir.ExitCode, withoutWorkDir.Error);
        CollectionAssert.AreEquivalent(before.ToList(), Snapshot(bench.Work).ToList(), "a dry run changes nothing: keystore and work folder byte for byte");
        CollectionAssert.AreEquivalent(temporaryBefore, FlashTemporaryFolders(), "a dry run makes no temporary folder");
        string full = Path.GetFullPath(keystore);
        StringAssert.Contains(result.Output, $"# would issue 00-DB-00-00-00-00-D1-A0's DS and KA keys and certificates in keystore {full}");
        StringAssert.Contains(result.Output, $"# would make hub 00-DB-00-00-00-00-D1-A1's management key in keystore {full}");
        StringAssert.Contains(result.Output, $"{Path.Combine(bench.Work, ProvisionedCredentials.FileName)} → I:\\hanbench-keys.bin");
        Assert.IsFalse(result.Error.Contains("issued", StringComparison.Ordinal), result.Error);
        StringAssert.Contains(withoutWorkDir.Output, "a private temporary folder made by the flash");
    }

    [TestMethod]
    public void DryRun_KeystoreNotMadeYet_SaysAFlashWouldCreateIt_AndCreatesNothing()
    {
        using var bench = new FakeBench();
        string keystore = Path.Combine(bench.Work, "keys");

        CliResult result = CliRunner.Run(
            "flash", "--board", "esp32-s3-devkitc-1-n8r8", "--role", "hub", "--port", "/dev/ttyACM3", "--id", "00DB00000000D1A1",
            "--keystore", keystore, "--image", bench.Image, "--work-dir", bench.Work, "--dry-run");

        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        Assert.IsFalse(Directory.Exists(bench.Work), "neither the keystore nor the work folder is made");
        StringAssert.Contains(result.Output, $"# would create keystore at {Path.GetFullPath(keystore)}");
        StringAssert.Contains(result.Output, "# would issue 00-DB-00-00-00-00-D1-A1's DS and KA keys");
        Assert.IsFalse(result.Error.Contains("created keystore", StringComparison.Ordinal), result.Error);
    }

    // Every file and folder under root: relative path → its bytes (hex) and, on POSIX, its mode.
    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).ToDictionary(
            path => Path.GetRelativePath(root, path),
            path => (File.Exists(path) ? Convert.ToHexString(File.ReadAllBytes(path)) : "folder")
                + (OperatingSystem.IsWindows() ? string.Empty : " " + File.GetUnixFileMode(path)));

    private static string[] FlashTemporaryFolders() => Directory.GetDirectories(Path.GetTempPath(), "hanbench-flash-*").Where(d => !Path.GetFileName(d).StartsWith("hanbench-flash-test-", StringComparison.Ordinal)).ToArray();

    [TestMethod]
    public void DryRun_WithoutKeystoreOrId_WarnsThatTheBoardGetsNoCredentials()
    {
        using var bench = new FakeBench();
        CliResult result = CliRunner.Run("flash", "--board", "esp32-c3-devkitm-1", "--role", "ppmid", "--port", "/dev/ttyACM3", "--image", bench.Image, "--work-dir", bench.Work, "--dry-run");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        StringAssert.Contains(result.Error, "no --id, so no credentials were put on the board");
        Assert.IsFalse(File.Exists(Path.Combine(bench.Work, ProvisionedCredentials.FileName)));
    }
}
