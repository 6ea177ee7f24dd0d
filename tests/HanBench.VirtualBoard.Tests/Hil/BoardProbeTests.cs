using System.CommandLine;
using System.Text.Json.Nodes;
using HanBench.Cli;
using HanBench.Cli.Commands;
using HanBench.Tooling.Boards;

namespace HanBench.VirtualBoard.Tests.Hil;

/// <summary>
/// <c>hanbench ports</c>' probe against real <c>hanbench board</c> processes on pseudo-terminals: a broadcast management
/// Ping answered with the board's identity (role, EUI-64, variant, versions), nothing from a port without a HanBench role,
/// and the board made from a role configuration file (<c>--config</c>) exactly as the file says.
/// </summary>
[TestClass]
public sealed class BoardProbeTests
{
    private const string BridgeConfig = """
        {
          "format": "hanbench-role/1",
          "board": "esp32-devkitc",
          "role": "bridge",
          "eui64": "00DB0000000000B1",
          "variant": "B1",
          "links": [
            { "name": "han", "port": "COM2", "tx": 25, "rx": 26, "baudRate": 115200 },
            { "name": "althan", "port": "COM3", "tx": 32, "rx": 33, "baudRate": 115200 }
          ],
          "led": { "gpio": 23, "kind": "gpio", "activeHigh": true },
          "button": { "gpio": 0, "activeLow": true },
          "storage": { "kind": "digest-only", "drive": "I:", "sdCard": null }
        }
        """;

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Probe_ProvisionedBoardSealsItsIdentity_StillIdentified()
    {
        string folder = TestFolders.Create("hanbench-probe-keys-");
        await using BoardProcess board = BoardProcess.Start("PPMID", "--role", "ppmid", "--id", "00DB000000000010", "--pty",
            "--keystore", Path.Combine(folder, "keys"), "--state", Path.Combine(folder, "state"));
        string pty = await PtyPathAsync(board);

        BoardProbeResult? result = await new ManagementBoardProber(TimeSpan.FromSeconds(5)).ProbeAsync(pty, CancellationToken.None);

        Assert.IsNotNull(result, board.Output);
        Assert.AreEqual("00DB000000000010", result.Eui64);
        StringAssert.Contains(board.Output, "credentials provisioned from");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Probe_BridgeBoardOnAPty_IdentityWithVariantAndBothComponents()
    {
        string state = TestFolders.Create("hanbench-probe-");
        await using BoardProcess board = BoardProcess.Start("B3", "--role", "bridge", "--variant", "B3", "--id", "00DB000000000023", "--link", "pty", "--link2", "pty", "--state", state);
        string pty = await PtyPathAsync(board);

        BoardProbeResult? result = await new ManagementBoardProber(TimeSpan.FromSeconds(5)).ProbeAsync(pty, CancellationToken.None);

        Assert.IsNotNull(result, board.Output);
        Assert.AreEqual(BoardRole.Bridge, result.Role);
        Assert.AreEqual("00DB000000000023", result.Eui64);
        Assert.AreEqual("B3", result.Variant);
        Assert.AreEqual("idle", result.State);
        Assert.AreEqual("silabs 00010000, broadcom 00010000", result.DescribeVersions());
        Assert.AreEqual((ushort)0x0313, result.Components[0].ImageType);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Probe_BoardFromARoleConfigurationFile_TheFilesRoleVariantAndEui()
    {
        string folder = TestFolders.Create("hanbench-probe-");
        string config = Path.Combine(folder, "hanbench.json");
        await File.WriteAllTextAsync(config, BridgeConfig);
        await using BoardProcess board = BoardProcess.Start("B1", "--config", config, "--link", "pty", "--link2", "pty", "--state", Path.Combine(folder, "state"));
        string pty = await PtyPathAsync(board);

        BoardProbeResult? result = await new ManagementBoardProber(TimeSpan.FromSeconds(5)).ProbeAsync(pty, CancellationToken.None);

        Assert.IsNotNull(result, board.Output);
        Assert.AreEqual(BoardRole.Bridge, result.Role);
        Assert.AreEqual("00DB0000000000B1", result.Eui64);
        Assert.AreEqual("B1", result.Variant);
        Assert.AreEqual((ushort)0x0311, result.Components.Single(c => c.Component == "silabs").ImageType);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Probe_EchoBoard_NoIdentityWithinTheBoundedWait()
    {
        string state = TestFolders.Create("hanbench-probe-");
        await using BoardProcess board = BoardProcess.Start("echo", "--role", "echo", "--id", "00DB0000000000EC", "--pty", "--state", state);
        string pty = await PtyPathAsync(board);

        BoardProbeResult? result = await new ManagementBoardProber(TimeSpan.FromMilliseconds(600)).ProbeAsync(pty, CancellationToken.None);

        Assert.IsNull(result, "an echoed broadcast Ping is not an identity");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task PortsCommand_PpmidBoardBehindAUsbName_ListedWithItsRoleAndVersions()
    {
        string folder = TestFolders.Create("hanbench-dev-");
        await using BoardProcess board = BoardProcess.Start("PPMID", "--role", "ppmid", "--id", "00DB000000000010", "--pty", "--state", Path.Combine(folder, "state"));
        string pty = await PtyPathAsync(board);
        string dev = Directory.CreateDirectory(Path.Combine(folder, "dev")).FullName;
        File.CreateSymbolicLink(Path.Combine(dev, "ttyUSB0"), pty);
        File.CreateSymbolicLink(Path.Combine(dev, "ttyUSB1"), "/dev/null");

        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { PortsCommand.Create(new CliConsole(output, error), new ManagementBoardProber(TimeSpan.FromSeconds(3)), dev) };
        int exit = root.Parse(["ports", "--json"]).Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.AreEqual(ExitCodes.Ok, exit, error.ToString());
        JsonArray rows = JsonNode.Parse(output.ToString())!.AsArray();
        JsonNode ppmid = rows.Single(r => ((string)r!["path"]!).EndsWith("ttyUSB0", StringComparison.Ordinal))!;
        Assert.AreEqual(true, (bool?)ppmid["probed"]);
        Assert.AreEqual("ppmid", (string?)ppmid["board"]!["role"], output.ToString() + board.Output);
        Assert.AreEqual("00DB000000000010", (string?)ppmid["board"]!["eui64"]);
        Assert.AreEqual("00010000", (string?)ppmid["board"]!["components"]![0]!["version"]);
        Assert.AreEqual("0200", (string?)ppmid["board"]!["components"]![0]!["imageType"]);
    }

    private static async Task<string> PtyPathAsync(BoardProcess board)
    {
        int index = await board.WaitForLineAsync("pty: ");
        await board.WaitForLineAsync("running;");
        return board.Line(index)["pty: ".Length..].Trim();
    }
}
