using System.Runtime.Versioning;
using HanBench.Cli.Commands;

namespace HanBench.VirtualBoard.Tests;

/// <summary>
/// <c>csp run --exit-when-idle</c> as a script sees it, every command its own process, boards over socat ptys: an
/// update that fails makes it exit 1 naming the device and why (it used to exit 0 whatever happened); a hub that never
/// answers is named, and gives up an idle-bound run.
/// </summary>
[TestClass]
[DoNotParallelize]
[SupportedOSPlatform("linux")]
public sealed class CspRunProcessTests
{
    private const string Hub = HubPpmidPtyBench.Hub;
    private const string Ppmid = HubPpmidPtyBench.Ppmid;

    [TestMethod]
    public async Task CspRunExitWhenIdle_UpdateFails_ExitsOneNamingTheDevice()
    {
        string dir = TestFolders.Create("hanbench-csp-fail-");
        await using HubPpmidPtyBench bench = await HubPpmidPtyBench.StartAsync(dir);
        File.WriteAllBytes(Path.Combine(dir, "fw.bin"), new byte[2_000]);
        await Ok(dir, "csp", "run", "--inventory", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");

        // An image for hardware versions 0x0100–0x0200: the PPMID (hardware version 1) is refused it (0x8F89 code 2).
        await Ok(dir, "image", "build", "--payload", "fw.bin", "--manufacturer", "0x1DB0", "--image-type", "0x0200", "--version", "0x00020000", "--hw-min", "0x0100", "--hw-max", "0x0200", "-o", "fw.ota");
        await Ok(dir, "cpl", "add", "--db", "k.db", "--image", "fw.ota", "--manufacturer", "PPMF", "--model", "PPMID-1", "--version", "00020000");
        await Ok(dir, "firmware", "submit", "--db", "k.db", "--image", "fw.ota", "--version", "00020000", "--devices", Ppmid);
        (int exit, string output) = await Run(dir, "csp", "run", "--inventory", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");

        Assert.AreEqual(1, exit, output);
        StringAssert.Contains(output, "progress 00-DB-00-00-00-00-00-10 main 00020000 Failed");
        StringAssert.Contains(output, "stderr: hanbench: csp run: 00-DB-00-00-00-00-00-10 main 00020000 (request ");
    }

    [TestMethod]
    public async Task CspRun_WithoutKeystore_UsesTheDefaultKeystoreTheBoardsWereProvisionedFrom()
    {
        // The boards are given the default keystore (this test run's: tests/TestSupport) by name; csp run and keys list are given none.
        string keystore = PrivateTemporaryFolder.Keystore ?? throw new AssertFailedException("the test run sets HANBENCH_KEYSTORE");
        string dir = TestFolders.Create("hanbench-csp-default-");
        await using HubPpmidPtyBench bench = await HubPpmidPtyBench.StartAsync(dir, keystore);

        // Two runs in a row: the first joins the PPMID (management frames under the hub's key), the second reads its
        // version with CS08, MAC'd under the keys the keystore gave the PPMID; neither may make new keys.
        string list = await Ok(dir, "keys", "list", "--json");
        await Ok(dir, "csp", "run", "--inventory", "k.db", "--link", "serial:wan-a", "--exit-when-idle");
        string read = await Ok(dir, "csp", "run", "--inventory", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--read-versions");

        StringAssert.Contains(read, "11.2 00-DB-00-00-00-00-00-10 00010000 I0");
        StringAssert.Contains(list, "00-DB-00-00-00-00-00-10", "keys list shows the keystore the boards' keys are in");
        Assert.AreEqual(list, await Ok(dir, "keys", "list", "--json"), "csp run used those keys and made none");
    }

    [TestMethod]
    public async Task CspRunExitWhenIdle_PortOpenButNoHubBehindIt_SaysSoAndGivesUpExitingOne()
    {
        // Audit B1: a socat pty with no board at its other end opens fine; a join is due, the hub never answers.
        string dir = TestFolders.Create("hanbench-csp-nohub-");
        await using SocatPair wan = await SocatPair.StartAsync(dir, "wan");
        await JoinDueAsync(dir);

        (int exit, string output) = await Run(dir, "csp", "run", "--inventory", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys", "--give-up-after", "2");

        Assert.AreEqual(1, exit, output);
        // The seconds are those of the tick that noticed (2, or 2.1 on a busy machine).
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"note hub 00-DB-00-00-00-00-00-01 not answering on serial:wan-a@115200 for 2(\.\d)? s: is its board running\?"));
        StringAssert.Contains(output, "stderr: hanbench: csp run: hub 00-DB-00-00-00-00-00-01 not answering on serial:wan-a@115200 for ");
        StringAssert.Contains(output, "gave up (is its board running? --wait waits for it)");
    }

    [TestMethod]
    public async Task CspRunExitWhenIdle_GiveUpAfterZero_GivesUpOnlyOnceTheHubWasAskedSomething()
    {
        // Review F4: with --give-up-after 0 the run gave up at its first look ("not answering for 0 s"), naming a hub it
        // had asked nothing yet. Here the CSP listens and no hub is there at first, so nothing can be asked (a frame the
        // link refuses is not awaited): the run waits. The hub connects only once the run has started; then it is asked
        // the join (read here), never answers, and only then is given up on.
        string dir = TestFolders.Create("hanbench-csp-zero-");
        await JoinDueAsync(dir);
        await using BoardProcess csp = BoardProcess.StartCommand("csp", ["csp", "run", "--inventory", "k.db", "--link", "listen:0", "--exit-when-idle", "--keystore", "keys", "--give-up-after", "0"], dir);
        string started = csp.Line(await csp.WaitForLineAsync("csp: hub "));
        string link = System.Text.RegularExpressions.Regex.Match(started, @"link (listen:[^,]+:(\d+)),").Groups[1].Value;
        int port = int.Parse(link[(link.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        using var hub = new System.Net.Sockets.TcpClient();
        await hub.ConnectAsync(System.Net.IPAddress.Loopback, port);
        using var patience = new CancellationTokenSource(TestPeer.Patience);
        int asked = await hub.GetStream().ReadAsync(new byte[256], patience.Token);
        Assert.IsGreaterThan(0, asked, $"the run ended before it asked the hub anything\n{csp.Output}");

        Assert.AreEqual(1, await csp.WaitForExitAsync(), csp.Output);
        StringAssert.Contains(csp.Output, $"note hub 00-DB-00-00-00-00-00-01 not answering on {link} for ");
        StringAssert.Contains(csp.Output, $"stderr: hanbench: csp run: hub 00-DB-00-00-00-00-00-01 not answering on {link} for ");
    }

    [TestMethod]
    public async Task CspRun_WanLinkDropsAndComesBack_SaysBoth()
    {
        string dir = TestFolders.Create("hanbench-csp-link-");
        using System.Net.Sockets.TcpListener listener = await HubListenerAsync(dir);
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        await using BoardProcess csp = BoardProcess.StartCommand("csp", ["csp", "run", "--inventory", "k.db", "--link", $"tcp:127.0.0.1:{port}"], dir);

        using (System.Net.Sockets.TcpClient first = await listener.AcceptTcpClientAsync())
        {
            await csp.WaitForLineAsync($"link tcp:127.0.0.1:{port}: connected");
        }

        // The hub end went away (unplugged, rebooted): csp run says so, and says so again when it is back.
        int gone = await csp.WaitForLineAsync($"link tcp:127.0.0.1:{port}: peer gone");
        using System.Net.Sockets.TcpClient second = await listener.AcceptTcpClientAsync();
        await csp.WaitForLineAsync($"link tcp:127.0.0.1:{port}: connected", gone);
        csp.Terminate();
        Assert.AreEqual(BoardProcess.StoppedBySigterm, await csp.WaitForExitAsync(), csp.Output);
        StringAssert.Contains(csp.Output, "stderr: hanbench: csp run: stopped by SIGTERM");
    }

    [TestMethod]
    public async Task CspRun_Insecure_RepeatsTheWarningWhenItStops()
    {
        string dir = TestFolders.Create("hanbench-csp-insecure-");
        using System.Net.Sockets.TcpListener listener = await HubListenerAsync(dir);
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        await using BoardProcess csp = BoardProcess.StartCommand("csp", ["csp", "run", "--inventory", "k.db", "--link", $"tcp:127.0.0.1:{port}", "--insecure"], dir);
        using System.Net.Sockets.TcpClient hub = await listener.AcceptTcpClientAsync();
        await csp.WaitForLineAsync($"link tcp:127.0.0.1:{port}: connected");
        Assert.IsFalse(csp.Output.Contains(InsecureOption.ClosingWarning, StringComparison.Ordinal), "not before it stops");

        csp.Terminate();
        Assert.AreEqual(BoardProcess.StoppedBySigterm, await csp.WaitForExitAsync(), csp.Output);
        StringAssert.Contains(csp.Output, "stderr: " + InsecureOption.ClosingWarning);
    }

    /// <summary>An inventory k.db in <paramref name="dir"/> with the hub Commissioned and a PPMID's join due: the hub owes an answer once asked.</summary>
    private static async Task JoinDueAsync(string dir)
    {
        await Ok(dir, "inventory", "prenotify", "--db", "k.db", "--device", Hub, "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1");
        await Ok(dir, "inventory", "update", Hub, "--status", "InstalledNotCommissioned", "--db", "k.db");
        await Ok(dir, "inventory", "update", Hub, "--status", "Commissioned", "--db", "k.db");
        await Ok(dir, "inventory", "prenotify", "--db", "k.db", "--device", Ppmid, "--type", "PPMID", "--manufacturer", "PPMF", "--model", "PPMID-1", "--firmware-version", "00010000");
        await Ok(dir, "inventory", "add-to-han", "--db", "k.db", "--hub", Hub, "--device", Ppmid, "--install-code", "00112233445566778899AABBCCDDEEFF");
    }

    /// <summary>An inventory k.db in <paramref name="dir"/> naming the hub, and a loopback listener standing in for the hub's WAN end.</summary>
    private static async Task<System.Net.Sockets.TcpListener> HubListenerAsync(string dir)
    {
        await Ok(dir, "inventory", "prenotify", "--db", "k.db", "--device", Hub, "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1");
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static Task<string> Ok(string dir, params string[] arguments) => HubPpmidPtyBench.OkIn(dir, arguments);

    private static Task<(int Exit, string Output)> Run(string dir, params string[] arguments) => HubPpmidPtyBench.RunIn(dir, arguments);
}
