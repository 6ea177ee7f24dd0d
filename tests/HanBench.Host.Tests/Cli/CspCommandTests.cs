using HanBench.Cli;
using HanBench.Cli.Commands;
using HanBench.Host.Csp;
using HanBench.Host.Keys;

namespace HanBench.Host.Tests.Cli;

/// <summary><c>csp run</c>: the session options <c>--time-scale</c> builds (checked without running the session), a missing port.</summary>
[TestClass]
public sealed class CspCommandTests
{
    private const ulong Host = 0x00DB00000000F000UL;
    private const ulong Hub = 0x00DB1234567890A2UL;

    [TestMethod]
    public void SessionOptions_TimeScale10_DividesEveryPolicyTimeoutKeepsAttempts()
    {
        HubSessionOptions options = CspCommand.SessionOptions(Host, Hub, 10.0, BoardProvisioning.TestKeys);

        Assert.AreEqual(Host, options.HostEui);
        Assert.AreEqual(Hub, options.HubEui);
        AssertScaled(HubSessionOptions.DefaultManagement, options.Management, 10);
        AssertScaled(HubSessionOptions.DefaultGbcs, options.Gbcs, 10);
        // CS06 was added after the other two and must be scaled too: unscaled, a fast bench waits 60 s per attempt.
        AssertScaled(HubSessionOptions.DefaultActivation, options.Activation, 10);
    }

    [TestMethod]
    public void SessionOptions_TimeScale1_IsTheDefaults()
    {
        HubSessionOptions options = CspCommand.SessionOptions(Host, Hub, 1.0, BoardProvisioning.TestKeys);

        Assert.AreEqual(HubSessionOptions.DefaultManagement, options.Management);
        Assert.AreEqual(HubSessionOptions.DefaultGbcs, options.Gbcs);
        Assert.AreEqual(HubSessionOptions.DefaultActivation, options.Activation);
    }

    [TestMethod]
    public void SessionOptions_TimeScaleBelowOne_StretchesActivation()
    {
        HubSessionOptions options = CspCommand.SessionOptions(Host, Hub, 0.5, BoardProvisioning.TestKeys);

        Assert.AreEqual(HubSessionOptions.DefaultActivation.TimeoutMs * 2, options.Activation.TimeoutMs);
        Assert.AreEqual(HubSessionOptions.DefaultActivation.Attempts, options.Activation.Attempts);
    }

    [TestMethod]
    public void GivesUpOnHub_GiveUpAfterZero_OnlyOnceTheHubWasAskedAndItsSilenceSaid()
    {
        // Review F4: --give-up-after 0 gave up at the first look, on a hub asked nothing ("not answering for 0 s").
        var link = new Csp.RecordingLink();
        var clock = new Csp.ManualClock();
        HubSessionOptions options = CspCommand.SessionOptions(Host, Csp.CspFrames.HubId, 1.0, BoardProvisioning.TestKeys, giveUpAfter: TimeSpan.Zero);
        var session = new HubSession(link, clock, options);
        session.Start(clock.NowMs);
        clock.NowMs = 60_000;
        session.Tick(clock.NowMs);
        Assert.IsFalse(CspCommand.GivesUpOnHub(session.Liveness, clock.NowMs, TimeSpan.Zero), "asked nothing: never given up on");

        session.Ping(Csp.CspFrames.HubId);
        Assert.IsFalse(CspCommand.GivesUpOnHub(session.Liveness, clock.NowMs, TimeSpan.Zero), "just asked: its silence is not said yet");
        clock.NowMs = session.Liveness.NextWakeMs;
        session.Tick(clock.NowMs);
        Assert.IsTrue(CspCommand.GivesUpOnHub(session.Liveness, clock.NowMs, TimeSpan.Zero), "asked, silent and said so");
        Assert.IsFalse(CspCommand.GivesUpOnHub(session.Liveness, clock.NowMs, TimeSpan.FromSeconds(30)), "but not before the time given");
    }

    [TestMethod]
    public void Run_SerialPortMissing_NamesThePortAndGivesUpAfterTheStatedTime()
    {
        using var folder = new CliTempFolder();
        folder.Ok("inventory", "init");
        string port = folder.File("ttyUSB9");

        CliResult result = CliRunner.Run("csp", "run", "--db", folder.Db, "--link", $"serial:{port}", "--give-up-after", "0.5");

        Assert.AreEqual(ExitCodes.Failed, result.ExitCode, result.Error);
        StringAssert.Contains(result.Error, $"--link: serial port {port} does not exist; waiting for it to appear");
        StringAssert.Contains(result.Error, "giving up after 0.5 s (--wait waits for ever)");
        StringAssert.Contains(result.Error, $"serial port {port} did not appear within 0.5 s");
        Assert.AreEqual(string.Empty, result.Output, "nothing runs (no progress lines) while there is no port");
    }

    [TestMethod]
    public void Run_TcpPeerNotListening_NamesHostAndPortAndGivesUpAfterTheStatedTime()
    {
        using var folder = new CliTempFolder();
        const string Hub = "00-DB-00-00-00-00-00-01";
        folder.Ok("inventory", "prenotify", "--device", Hub, "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1");
        folder.Ok("inventory", "update", Hub, "--status", "InstalledNotCommissioned");
        folder.Ok("inventory", "update", Hub, "--status", "Commissioned");
        folder.Ok("inventory", "prenotify", "--device", "00-DB-00-00-00-00-00-10", "--type", "PPMID", "--manufacturer", "PPMF", "--model", "PPMID-1");
        // A join for the hub to answer: --exit-when-idle has something to wait for, so only the give-up can end the run.
        folder.Ok("inventory", "add-to-han", "--hub", Hub, "--device", "00-DB-00-00-00-00-00-10", "--install-code", "0011223344556677");
        string link = $"tcp:127.0.0.1:{ClosedPort()}";

        CliResult result = CliRunner.Run("csp", "run", "--db", folder.Db, "--link", link, "--exit-when-idle", "--give-up-after", "0.5");

        Assert.AreEqual(ExitCodes.Failed, result.ExitCode, result.Output + result.Error);
        string said = result.Output + result.Error;
        StringAssert.Contains(said, $"{link}: cannot open");
        StringAssert.Contains(said, "giving up after 0.5 s (--wait waits for ever)");
        StringAssert.Contains(said, $"{link}: could not open it within 0.5 s");
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void AssertScaled(RetryPolicy original, RetryPolicy scaled, long factor)
    {
        Assert.AreEqual(original.TimeoutMs / factor, scaled.TimeoutMs);
        Assert.AreEqual(original.Attempts, scaled.Attempts);
    }
}
