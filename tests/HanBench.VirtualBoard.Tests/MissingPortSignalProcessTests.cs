using System.Runtime.Versioning;

namespace HanBench.VirtualBoard.Tests;

/// <summary>
/// A command waiting for a serial port that is not there yet (<c>--wait</c>: a board still to be plugged in) and stopped
/// by Ctrl+C or SIGTERM ends as every command a signal stops (review F13): <c>hanbench: CMD: stopped by SIGx</c> on
/// stderr and the status a shell reports for the signal, not an error line. Each command is its own process.
/// </summary>
[TestClass]
[SupportedOSPlatform("linux")]
public sealed class MissingPortSignalProcessTests
{
    [TestMethod]
    [DataRow("board", false, 130, "SIGINT")]
    [DataRow("board", true, 143, "SIGTERM")]
    [DataRow("csp run", false, 130, "SIGINT")]
    [DataRow("csp run", true, 143, "SIGTERM")]
    public async Task WaitingForAMissingPort_Signalled_EndsWithTheStoppedLineAndTheSignalsStatus(string command, bool sigterm, int status, string signal)
    {
        string dir = TestFolders.Create("hanbench-port-signal-");
        string port = Path.Combine(dir, "ttyUSB9");
        string[] arguments = command == "board"
            ? ["board", "--role", "echo", "--id", "00DB0000000000E1", "--link", $"serial:{port}", "--state", "state", "--wait"]
            : ["csp", "run", "--db", "k.db", "--hub", "00-DB-00-00-00-00-00-01", "--link", $"serial:{port}", "--wait"];
        if (command != "board")
        {
            await HubPpmidPtyBench.OkIn(dir, "inventory", "init", "--db", "k.db");
        }

        await using BoardProcess waiting = BoardProcess.StartCommand(command, arguments, dir);
        await waiting.WaitForLineAsync($"--link: serial port {port} does not exist; waiting for it to appear");
        if (sigterm)
        {
            waiting.Terminate();
        }
        else
        {
            waiting.Interrupt();
        }

        Assert.AreEqual(status, await waiting.WaitForExitAsync(), waiting.Output);
        StringAssert.Contains(waiting.Output, $"stderr: hanbench: {command}: stopped by {signal}");
        Assert.DoesNotContain("hanbench: error", waiting.Output, "a stop asked for is no error");
    }
}
