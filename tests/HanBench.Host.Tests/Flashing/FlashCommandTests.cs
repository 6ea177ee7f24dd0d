using System.Text.Json;
using System.Text.Json.Nodes;
using HanBench.Cli;
using HanBench.Device.Roles;
using HanBench.Tooling.Flashing;

namespace HanBench.Host.Tests.Flashing;

/// <summary>
/// <c>hanbench flash</c> end to end with a fake <c>nanoff</c> on PATH: a shell script that records each call's
/// arguments (one per line, calls separated by "---") and fails when told to.
/// </summary>
[TestClass]
public sealed partial class FlashCommandTests
{
    [TestMethod]
    public void Flash_WithKeystore_DeploysTheBoardsOwnCredentialsToI()
    {
        using var bench = new FakeBench();
        string keystore = Path.Combine(bench.Work, "keys");
        CliResult result = bench.Run(
            "flash", "--board", "esp32-c3-devkitm-1", "--role", "ppmid", "--port", bench.Port, "--id", "00DB000000000010", "--hub", "00DB000000000001",
            "--keystore", keystore, "--image", bench.Image, "--work-dir", bench.Work);
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        string record = Path.Combine(bench.Work, ProvisionedCredentials.FileName);
        using JsonDocument deploy = JsonDocument.Parse(File.ReadAllText(Path.Combine(bench.Work, "nanoff-files.json")));
        JsonElement credentials = deploy.RootElement.GetProperty("Files").EnumerateArray().Single(f => f.GetProperty("DestinationFilePath").GetString() == @"I:\hanbench-keys.bin");
        Assert.AreEqual(record, credentials.GetProperty("SourceFilePath").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(record));
        }
        byte[] bytes = File.ReadAllBytes(record);
        Assert.IsNotNull(ProvisionedCredentials.TryDecode(bytes, 0, bytes.Length, 0x00DB000000000010UL, out string problem), problem);
        Assert.IsTrue(File.Exists(Path.Combine(keystore, "00db000000000010-ka.pem")), "the device's credentials are issued in the keystore");
    }

    [TestMethod]
    public void Flash_WithoutWorkDir_SecretsInAPrivateTemporaryFolderRemovedAtTheEnd()
    {
        using var bench = new FakeBench();
        string keystore = Path.Combine(bench.Work, "keys");
        CliResult result = bench.Run("flash", "--board", "esp32-devkitc", "--role", "ppmid", "--port", bench.Port, "--id", "00DB000000000010",
            "--keystore", keystore, "--image", bench.Image);
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);

        // The seed and the board's private credentials went to a folder of this run, now gone: not a fixed
        // $TMPDIR/hanbench-flash/<board>-<role>/ left with them in it.
        string folder = Path.GetDirectoryName(bench.RecordedCalls()[2].Split('|')[^1])!;
        StringAssert.StartsWith(Path.GetFileName(folder), "hanbench-flash-");
        StringAssert.Contains(result.Output, Path.Combine(folder, ProvisionedCredentials.FileName));
        Assert.IsFalse(Directory.Exists(folder), $"{folder} is removed");
    }

    [TestMethod]
    public void Flash_DeploysAPrivateRandomSeedForTheBoardsSettingsStore()
    {
        using var bench = new FakeBench();
        CliResult result = bench.Run("flash", "--board", "esp32-devkitc", "--role", "ppmid", "--port", bench.Port, "--image", bench.Image, "--work-dir", bench.Work);
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        string seedPath = Path.Combine(bench.Work, BoardRandomSeed.FileName);
        Assert.AreEqual("600", File.ReadAllText(bench.DeployedSeed + ".mode").Trim(), "private while on the PC: it predicts the board's keys");

        using (JsonDocument deploy = JsonDocument.Parse(File.ReadAllText(Path.Combine(bench.Work, "nanoff-files.json"))))
        {
            JsonElement seed = deploy.RootElement.GetProperty("Files").EnumerateArray().Single(f => f.GetProperty("DestinationFilePath").GetString() == @"I:\settings\rng.seed");
            Assert.AreEqual(seedPath, seed.GetProperty("SourceFilePath").GetString());
        }

        Assert.AreEqual(BoardRandomSeed.Length, BoardRandomSeed.TryRead(File.ReadAllBytes(bench.DeployedSeed))?.Length, "a settings record: 32 octets and their CRC-32");
    }

    [TestMethod]
    public void Flash_FakeNanoff_DeploysAFreshSeedToEachBoard_AndLeavesNoneInTheWorkDirectory()
    {
        using var bench = new FakeBench();
        byte[]?[] deployed = new byte[]?[2];
        for (int board = 0; board < deployed.Length; board++)
        {
            CliResult result = bench.Run("flash", "--board", "esp32-devkitc", "--role", "ppmid", "--port", bench.Port, "--image", bench.Image, "--work-dir", bench.Work);
            Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error + result.Output);
            deployed[board] = BoardRandomSeed.TryRead(File.ReadAllBytes(bench.DeployedSeed));
            Assert.IsFalse(File.Exists(Path.Combine(bench.Work, BoardRandomSeed.FileName)), "the seed lives on the board only");
        }

        Assert.IsNotNull(deployed[0]);
        Assert.IsNotNull(deployed[1]);
        CollectionAssert.AreNotEqual(deployed[0], deployed[1], "never one board's seed on another");
    }

    [TestMethod]
    public void BoardRandomSeed_RecordWithABadCrcOrLength_NotRead()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("hanbench-seed-").FullName, BoardRandomSeed.FileName);
        BoardRandomSeed.WriteNew(path);
        byte[] record = File.ReadAllBytes(path);
        Assert.IsNotNull(BoardRandomSeed.TryRead(record));
        record[5] ^= 0x01;
        Assert.IsNull(BoardRandomSeed.TryRead(record), "CRC no longer matches");
        Assert.IsNull(BoardRandomSeed.TryRead(record[..^1]));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [TestMethod]
    public void Flash_WithoutKeystore_ProvisionsFromTheDefaultKeystore_IssuingTheBoardsKeysOnceThenReusingThem()
    {
        using var bench = new FakeBench();
        const string Id = "00DB00000000F1A5";
        string[] flash = ["flash", "--board", "esp32-c3-devkitm-1", "--role", "ppmid", "--port", bench.Port, "--id", Id, "--hub", "00DB000000000001", "--image", bench.Image, "--work-dir"];
        string record = Path.Combine(bench.Work, ProvisionedCredentials.FileName);

        CliResult first = bench.Run([.. flash, bench.Work]);
        Assert.AreEqual(ExitCodes.Ok, first.ExitCode, first.Error);
        byte[] firstRecord = File.ReadAllBytes(record);
        CliResult second = bench.Run([.. flash, bench.Work]);
        Assert.AreEqual(ExitCodes.Ok, second.ExitCode, second.Error);

        StringAssert.Contains(first.Error, "issued 00-DB-00-00-00-00-F1-A5's DS and KA keys", "said on stderr");
        Assert.IsFalse(second.Error.Contains("issued", StringComparison.Ordinal), second.Error);
        CollectionAssert.AreEqual(firstRecord, File.ReadAllBytes(record), "the same keys both times");
        Assert.IsNotNull(ProvisionedCredentials.TryDecode(firstRecord, 0, firstRecord.Length, 0x00DB00000000F1A5UL, out string problem), problem);
        CliResult list = CliRunner.Run("keys", "list", "--json");
        StringAssert.Contains(list.Output, "00-DB-00-00-00-00-F1-A5", "keys list (the default keystore) shows the board's credentials");
    }

    [TestMethod]
    public void Flash_KeystoreWithoutId_RefusedNamingWhy()
    {
        using var bench = new FakeBench();
        CliResult result = CliRunner.Run("flash", "--board", "esp32-c3-devkitm-1", "--role", "ppmid", "--port", "/dev/ttyACM3",
            "--keystore", Path.Combine(bench.Work, "keys"), "--image", bench.Image, "--work-dir", bench.Work, "--dry-run");
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        StringAssert.Contains(result.Error, "--keystore needs --id");
    }

    [TestMethod]
    public void Flash_FakeNanoff_RunsThreeStepsWithExactArguments_AndUploadsTheConfiguration()
    {
        using var bench = new FakeBench();
        CliResult result = bench.Run("flash", "--board", "esp32-devkitc", "--role", "bridge", "--variant", "B3", "--port", bench.Port,
            "--image", bench.Image, "--work-dir", bench.Work, "--link-baud", "921600");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error + result.Output);
        string deploy = Path.Combine(bench.Work, "nanoff-files.json");
        CollectionAssert.AreEqual(
            new[]
            {
                $"--update|--target|ESP32_REV0|--serialport|{bench.Port}",
                $"--target|ESP32_REV0|--serialport|{bench.Port}|--deploy|--image|{bench.Image}",
                $"--serialport|{bench.Port}|--filedeployment|{deploy}",
            },
            bench.RecordedCalls());
        StringAssert.Contains(result.Output, "[2/3] deploy the HanBench app");
        StringAssert.Contains(result.Output, "  nanoff: fake nanoff ok");
        StringAssert.Contains(result.Output, $"flashed esp32-devkitc as bridge B3 on {bench.Port}");

        // nanoff's file deployment format: { SerialPort, Files: [ { DestinationFilePath, SourceFilePath } ] }.
        JsonNode files = JsonNode.Parse(File.ReadAllText(deploy))!;
        Assert.AreEqual(bench.Port, (string?)files["SerialPort"]);
        Assert.AreEqual(@"I:\hanbench.json", (string?)files["Files"]![0]!["DestinationFilePath"]);
        string source = (string)files["Files"]![0]!["SourceFilePath"]!;
        Assert.AreEqual(Path.Combine(bench.Work, "hanbench.json"), source);
        JsonNode config = JsonNode.Parse(File.ReadAllText(source))!;
        Assert.AreEqual("bridge", (string?)config["role"]);
        Assert.AreEqual("B3", (string?)config["variant"]);
        Assert.IsNull(config["eui64"]);
        Assert.AreEqual("han,921600|althan,921600", string.Join("|", config["links"]!.AsArray().Select(l => $"{l!["name"]},{l["baudRate"]}")));
        Assert.AreEqual("digest-only", (string?)config["storage"]!["kind"]);
    }

    [TestMethod]
    public void Flash_StepFails_StopsThereWithAClearErrorAndExitOne()
    {
        using var bench = new FakeBench(failOn: "--deploy");
        CliResult result = bench.Run("flash", "--board", "esp32-c3-devkitm-1", "--role", "ppmid", "--port", bench.Port, "--image", bench.Image, "--work-dir", bench.Work);
        Assert.AreEqual(ExitCodes.Failed, result.ExitCode);
        Assert.AreEqual("hanbench: error: step 2/3 (deploy the HanBench app) failed: nanoff exited with code 3", result.Error.Trim());
        Assert.AreEqual(2, bench.RecordedCalls().Length, "the third step must not run");
        StringAssert.Contains(result.Output, "  nanoff: E4000 fake failure");
    }

    [TestMethod]
    public void Flash_NanoffNotInstalled_SaysHowToInstallIt()
    {
        using var bench = new FakeBench(installNanoff: false);
        CliResult result = bench.Run("flash", "--board", "esp32-c3-devkitm-1", "--role", "meter", "--port", bench.Port, "--image", bench.Image, "--work-dir", bench.Work);
        Assert.AreEqual(ExitCodes.Failed, result.ExitCode);
        StringAssert.Contains(result.Error, "nanoff is not installed or not on PATH: install it with 'dotnet tool install -g nanoff'");
    }

    [TestMethod]
    public void Flash_PortDoesNotExist_Refused()
    {
        using var bench = new FakeBench();
        string missing = Path.Combine(bench.Work, "ttyUSB9");
        CliResult result = bench.Run("flash", "--board", "esp32-c3-devkitm-1", "--role", "meter", "--port", missing, "--image", bench.Image, "--work-dir", bench.Work);
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        Assert.AreEqual($"hanbench: error: serial port {missing} does not exist (hanbench ports lists the ports of this machine)", result.Error.Trim());
        Assert.AreEqual(0, bench.RecordedCalls().Length);
    }

    [TestMethod]
    public void Flash_ImageMissing_Refused()
    {
        using var bench = new FakeBench();
        string missing = Path.Combine(bench.Work, "none.bin");
        CliResult result = bench.Run("flash", "--board", "esp32-c3-devkitm-1", "--role", "meter", "--port", bench.Port, "--image", missing, "--work-dir", bench.Work);
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        StringAssert.Contains(result.Error, $"deployment image not found: {missing}");
    }

    [TestMethod]
    [DataRow("esp32-devkitc", "hub", null, null, "role hub does not fit board esp32-devkitc: the hub role stores whole images (768,000-byte image + 65,536 bytes headroom = 833,536 bytes) but board esp32-devkitc has a digest-only store: its I: drive holds 262,144 bytes and it has no SD card")]
    [DataRow("esp32-c6-devkitc-1", "bridge", "B1", null, "role bridge does not fit board esp32-c6-devkitc-1: the bridge role needs 2 UART links (han + althan) but board esp32-c6-devkitc-1 has 1 besides COM1 (which carries nanoff and the debugger)")]
    [DataRow("esp32-devkitc", "bridge", null, null, "a bridge needs --variant (B1, B2, B3, B4)")]
    [DataRow("esp32-devkitc", "ppmid", "B1", null, "--variant applies to bridges only, not to the ppmid role")]
    [DataRow("esp32-devkitc", "bridge", "B5", null, "unknown variant 'B5' (one of B1, B2, B3, B4)")]
    [DataRow("esp32-devkitc", "ppmid", null, "0011223344", "EUI-64 '0011223344' must be 16 hex digits, e.g. 0123456789ABCDEF or 01:23:45:67:89:AB:CD:EF")]
    [DataRow("esp32-devkitc", "ppmid", null, "FFFFFFFFFFFFFFFF", "EUI-64 'FFFFFFFFFFFFFFFF' is reserved (all ones: broadcast)")]
    [DataRow("esp32-devkitc", "gateway", null, null, "unknown role 'gateway' (one of hub, ppmid, bridge, meter)")]
    [DataRow("wemos-d1", "ppmid", null, null, "unknown board 'wemos-d1' (one of esp32-c3-devkitm-1, esp32-c6-devkitc-1, esp32-devkitc, esp32-devkitc-wrover-n8r8, esp32-s3-devkitc-1-n8r8)")]
    public void Flash_BadRequest_RefusedWithTheReason_BeforeAnyNanoffCall(string board, string role, string? variant, string? id, string expected)
    {
        using var bench = new FakeBench();
        var args = new List<string> { "flash", "--board", board, "--role", role, "--port", bench.Port, "--image", bench.Image, "--work-dir", bench.Work };
        if (variant is not null)
        {
            args.AddRange(["--variant", variant]);
        }

        if (id is not null)
        {
            args.AddRange(["--id", id]);
        }

        CliResult result = bench.Run([.. args]);
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, result.Error);
        Assert.AreEqual($"hanbench: error: {expected}", result.Error.Trim());
        Assert.AreEqual(0, bench.RecordedCalls().Length);
    }

    [TestMethod]
    [DataRow("0123456789abcdef", "0123456789ABCDEF")]
    [DataRow("01:23:45:67:89:AB:CD:EF", "0123456789ABCDEF")]
    [DataRow("00-0d-6f-00-00-00-00-01", "000D6F0000000001")]
    public void TryParseEui64_Accepted_Canonical(string text, string expected)
    {
        Assert.IsTrue(FlashRequest.TryParseEui64(text, out string canonical, out string error), error);
        Assert.AreEqual(expected, canonical);
    }

    [TestMethod]
    [DataRow("0123456789ABCDEG")]
    [DataRow("0123:4567:89AB:CDEF")]
    [DataRow("0000000000000000")]
    [DataRow("")]
    public void TryParseEui64_Refused(string text)
    {
        Assert.IsFalse(FlashRequest.TryParseEui64(text, out _, out string error));
        StringAssert.Contains(error, $"'{text}'");
    }

    /// <summary>A temp folder with a fake nanoff, a fake image, a fake port, and PATH pointing at it while a test runs.</summary>
    private sealed class FakeBench : IDisposable
    {
        private readonly string _root;

        public FakeBench(string? failOn = null, bool installNanoff = true)
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("the fake nanoff is a POSIX shell script");
            }

            _root = Directory.CreateTempSubdirectory("hanbench-flash-test-").FullName;
            Bin = Path.Combine(_root, "bin");
            Directory.CreateDirectory(Bin);
            Work = Path.Combine(_root, "work");
            Image = Path.Combine(_root, "app.bin");
            File.WriteAllBytes(Image, [0x4E, 0x46, 0x4D, 0x52]);
            Port = Path.Combine(_root, "ttyFAKE0");
            File.WriteAllText(Port, string.Empty);
            Calls = Path.Combine(_root, "calls.txt");
            File.WriteAllText(Calls, string.Empty);
            if (installNanoff)
            {
                string script = Path.Combine(Bin, "nanoff");
                string fail = failOn is null
                    ? string.Empty
                    : $"for a in \"$@\"; do if [ \"$a\" = \"{failOn}\" ]; then echo 'E4000 fake failure' >&2; exit 3; fi; done\n";
                // What the file deployment would take from the work directory is kept, as the board would receive it.
                DeployedSeed = Path.Combine(_root, "deployed-rng.seed");
                string seed = Path.Combine(Work, BoardRandomSeed.FileName);
                string keep = $"if [ -f '{seed}' ]; then /bin/cp '{seed}' '{DeployedSeed}'; /usr/bin/stat -c %a '{seed}' > '{DeployedSeed}.mode'; fi\n";
                File.WriteAllText(script, $"#!/bin/sh\necho --- >> '{Calls}'\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{Calls}'; done\n{fail}{keep}echo 'fake nanoff ok'\nexit 0\n");
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }
        }

        public string Bin { get; }

        /// <summary>The seed record as the fake nanoff found it in the work directory (the last run's).</summary>
        public string DeployedSeed { get; } = string.Empty;

        public string Work { get; }

        public string Image { get; }

        public string Port { get; }

        public string Calls { get; }

        /// <summary>Runs the CLI with PATH = the fake bin folder only (so a real nanoff can never be reached).</summary>
        public CliResult Run(params string[] args)
        {
            string? saved = Environment.GetEnvironmentVariable("PATH");
            Environment.SetEnvironmentVariable("PATH", Bin);
            try
            {
                return CliRunner.Run(args);
            }
            finally
            {
                Environment.SetEnvironmentVariable("PATH", saved);
            }
        }

        /// <summary>Each recorded call's arguments joined with '|'.</summary>
        public string[] RecordedCalls() => File.ReadAllText(Calls)
            .Split("---\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(call => string.Join("|", call.TrimEnd('\n').Split('\n')))
            .ToArray();

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
