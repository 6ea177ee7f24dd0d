using System.Runtime.Versioning;
using HanBench.Cli.Commands;
using HanBench.Transports;

namespace HanBench.VirtualBoard.Tests;

/// <summary>
/// Virtual boards as separate <c>hanbench board</c> processes over socat pty pairs and TCP, as on a bench: frames flow
/// both ways, a board killed and restarted resumes with its state directory, a framed link resynchronises after noise.
/// </summary>
[TestClass]
[DoNotParallelize]
[SupportedOSPlatform("linux")]
public sealed class BoardProcessTests
{
    private const string IdA = "00-DB-00-00-00-00-00-0A";
    private const string IdB = "00-DB-00-00-00-00-00-0B";

    private static string NewDirectory() => TestFolders.Create("hanbench-vboard-proc-");

    private static BoardProcess Echo(string label, string id, string link, string state) =>
        BoardProcess.Start(label, "--role", "echo", "--id", id, "--link", link, "--state", state);

    private static async Task ExpectCleanStopAsync(BoardProcess board)
    {
        board.Terminate();
        Assert.AreEqual(BoardProcess.StoppedBySigterm, await board.WaitForExitAsync(), board.Output);
        await board.WaitForLineAsync("stderr: hanbench: board: stopped by SIGTERM");
        await board.WaitForLineAsync("frames sent");
        await board.WaitForLineAsync("stopped");
    }

    [TestMethod]
    public async Task BenchChildBoard_CtrlC_IgnoredUntilItsBenchClosesItsInput()
    {
        // Review R6: a Ctrl-C on the terminal reaches a bench's boards too; they stopped under the bench mid-step, each
        // saying its peers went. A board a bench started (--exit-on-stdin-eof) is stopped by its bench alone.
        string dir = NewDirectory();
        await using BoardProcess a = BoardProcess.Start("A", "--role", "echo", "--id", IdA, "--link", "listen:0", "--state", Path.Combine(dir, "a"), "--exit-on-stdin-eof");
        string listen = a.Line(await a.WaitForLineAsync("link 0: listen:127.0.0.1:"));
        a.Interrupt();

        // Still working after the Ctrl-C: a board started afterwards gets its replies.
        await using BoardProcess b = Echo("B", IdB, $"tcp:127.0.0.1:{listen[(listen.LastIndexOf(':') + 1)..]}", Path.Combine(dir, "b"));
        await a.WaitForLineAsync($"echo reply from {IdB} on link 0");
        a.CloseInput();

        Assert.AreEqual(0, await a.WaitForExitAsync(), a.Output);
        Assert.IsFalse(a.Output.Contains("stopped by SIGINT", StringComparison.Ordinal), a.Output);
        await ExpectCleanStopAsync(b);
    }

    [TestMethod]
    public async Task SocatPair_TwoBoardProcesses_RepliesBothWaysAndKilledBoardResumesWithItsState()
    {
        string dir = NewDirectory();
        await using SocatPair cable = await SocatPair.StartAsync(dir, "cable");
        string stateB = Path.Combine(dir, "b");
        await using BoardProcess a = Echo("A", IdA, $"serial:{cable.A}", Path.Combine(dir, "a"));
        await using BoardProcess b = Echo("B", IdB, $"serial:{cable.B}", stateB);

        await a.WaitForLineAsync($"echo reply from {IdB} on link 0: peer boot 1");
        await b.WaitForLineAsync($"echo reply from {IdA} on link 0: peer boot 1");

        // A power cut: nothing is flushed on the way down; what the board stored is on disk already.
        b.KillHard();
        await b.WaitForExitAsync();
        int mark = a.LineCount;
        await using BoardProcess b2 = Echo("B2", IdB, $"serial:{cable.B}", stateB);

        await b2.WaitForLineAsync("echo role: boot 2");
        await a.WaitForLineAsync($"echo reply from {IdB} on link 0: peer boot 2", mark);
        await b2.WaitForLineAsync($"echo reply from {IdA} on link 0: peer boot 1");
        await ExpectCleanStopAsync(a);
        await ExpectCleanStopAsync(b2);
    }

    [TestMethod]
    public async Task Tcp_ListenAndConnect_RepliesBothWaysAndBothSidesSurviveTheOtherRestarting()
    {
        string dir = NewDirectory();
        string stateA = Path.Combine(dir, "a");
        string stateB = Path.Combine(dir, "b");
        await using BoardProcess a = Echo("A", IdA, "listen:0", stateA);
        string listen = a.Line(await a.WaitForLineAsync("link 0: listen:127.0.0.1:"));
        int port = int.Parse(listen[(listen.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await using BoardProcess b = Echo("B", IdB, $"tcp:127.0.0.1:{port}", stateB);

        await a.WaitForLineAsync($"echo reply from {IdB} on link 0: peer boot 1");
        await b.WaitForLineAsync($"echo reply from {IdA} on link 0: peer boot 1");

        // The client goes and comes back: the listener re-accepts.
        b.KillHard();
        await b.WaitForExitAsync();
        int markA = a.LineCount;
        await using BoardProcess b2 = Echo("B2", IdB, $"tcp:127.0.0.1:{port}", stateB);
        await a.WaitForLineAsync($"echo reply from {IdB} on link 0: peer boot 2", markA);

        // The listener goes (cleanly) and comes back on the same port: the client reconnects.
        await ExpectCleanStopAsync(a);
        int markB = b2.LineCount;
        await using BoardProcess a2 = Echo("A2", IdA, $"listen:{port}", stateA);
        await b2.WaitForLineAsync($"echo reply from {IdA} on link 0: peer boot 2", markB);
        await b2.WaitForLineAsync("peer gone; reopening");
        await ExpectCleanStopAsync(a2);
        await ExpectCleanStopAsync(b2);
    }

    [TestMethod]
    [DataRow("listen:0.0.0.0:0", true)]
    [DataRow("listen:0", false)]
    [DataRow("listen:[::ffff:127.0.0.1]:0", false)]
    public async Task Listen_AddressBeyondLoopback_WarnsTheManagementChannelIsExposed_SigtermExits0(string link, bool warns)
    {
        string dir = NewDirectory();
        await using BoardProcess a = Echo("A", IdA, link, Path.Combine(dir, "a"));

        await a.WaitForLineAsync("link 0: listen:");
        a.Terminate();
        Assert.AreEqual(BoardProcess.StoppedBySigterm, await a.WaitForExitAsync(), a.Output);
        Assert.AreEqual(warns, a.Output.Contains("stderr: warning: --link", StringComparison.Ordinal), a.Output);
        if (warns)
        {
            StringAssert.Contains(a.Output, "management channel");
        }
    }

    [TestMethod]
    public async Task Board_Insecure_RepeatsTheWarningWhenItStops()
    {
        string dir = NewDirectory();
        await using BoardProcess a = BoardProcess.Start("A", "--role", "ppmid", "--id", IdA, "--link", "listen:0", "--state", Path.Combine(dir, "a"), "--insecure");

        await a.WaitForLineAsync("running; Ctrl+C or SIGTERM stops");
        StringAssert.Contains(a.Output, "stderr: " + InsecureOption.Warning);
        Assert.IsFalse(a.Output.Contains(InsecureOption.ClosingWarning, StringComparison.Ordinal), "not before it stops");
        a.Terminate();
        Assert.AreEqual(BoardProcess.StoppedBySigterm, await a.WaitForExitAsync(), a.Output);
        StringAssert.Contains(a.Output, "stderr: " + InsecureOption.ClosingWarning);
    }

    [TestMethod]
    public async Task PtyRelayWithInjectedGarbage_BoardDropsTheNoiseAndResynchronises()
    {
        string dir = NewDirectory();
        await using SocatPair left = await SocatPair.StartAsync(dir, "left");
        await using SocatPair right = await SocatPair.StartAsync(dir, "right");
        await using BoardProcess a = Echo("A", IdA, $"serial:{left.A}", Path.Combine(dir, "a"));
        await using BoardProcess b = Echo("B", IdB, $"serial:{right.B}", Path.Combine(dir, "b"));
        await using IByteStreamLink towardA = await LinkFactory.OpenAsync(LinkSpec.ForSerial(left.B));
        await using IByteStreamLink towardB = await LinkFactory.OpenAsync(LinkSpec.ForSerial(right.A));
        using var stop = new CancellationTokenSource();
        int inject = 0;
        Task relayAB = RelayAsync(towardA, towardB, () => Interlocked.Exchange(ref inject, 0) == 1, stop.Token);
        Task relayBA = RelayAsync(towardB, towardA, () => false, stop.Token);

        await b.WaitForLineAsync($"echo reply from {IdA} on link 0");
        await a.WaitForLineAsync($"echo reply from {IdB} on link 0");
        Volatile.Write(ref inject, 1);
        int dropped = await b.WaitForLineAsync("dropped");
        await b.WaitForLineAsync($"echo reply from {IdA} on link 0", dropped);
        await a.WaitForLineAsync($"echo reply from {IdB} on link 0", a.LineCount);

        await stop.CancelAsync();
        await Task.WhenAll(relayAB.ContinueWith(_ => { }), relayBA.ContinueWith(_ => { }));
        await ExpectCleanStopAsync(b);
        StringAssert.Contains(b.Output, "dropped");
    }

    /// <summary>Copies bytes from one pty to the other; when told, puts a burst of line noise into the stream first.</summary>
    private static async Task RelayAsync(IByteStreamLink from, IByteStreamLink to, Func<bool> injectNow, CancellationToken stop)
    {
        byte[] buffer = new byte[1024];
        var random = new Random(20260521);
        while (!stop.IsCancellationRequested)
        {
            int count = await from.ReadAsync(buffer, stop);
            if (count == 0)
            {
                return;
            }

            if (injectNow())
            {
                // Three bursts of noise, each ended by a delimiter, cut into the byte stream wherever this chunk starts.
                byte[] noise = new byte[90];
                random.NextBytes(noise);
                noise[29] = 0x00;
                noise[59] = 0x00;
                noise[89] = 0x00;
                await to.WriteAsync(noise, stop);
            }

            await to.WriteAsync(buffer.AsMemory(0, count), stop);
        }
    }
}
