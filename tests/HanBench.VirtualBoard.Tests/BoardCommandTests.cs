using HanBench.Cli;

namespace HanBench.VirtualBoard.Tests;

[TestClass]
public sealed class BoardCommandTests
{
    private static (int ExitCode, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = HanBenchCli.Run(["board", .. args], output, error);
        return (code, error.ToString());
    }

    [TestMethod]
    [DataRow("--role toaster --id 0000000000000001 --link listen:0", "unknown role 'toaster'")]
    [DataRow("--role echo --id 12345 --link listen:0", "is not an EUI-64")]
    [DataRow("--role echo --id 0000000000000001 --link serial:", "names no serial port")]
    [DataRow("--role echo --id 0000000000000001 --link udp:1", "unknown kind 'udp'")]
    [DataRow("--role echo --id 0000000000000001 --link listen:0 --pty", "--pty and --link")]
    [DataRow("--role echo --id 0000000000000001 --variant B2 --link listen:0", "--variant applies to bridges only")]
    [DataRow("--role bridge --id 0000000000000001 --variant B7 --link listen:0", "unknown variant 'B7'")]
    [DataRow("--role echo --id 0000000000000001 --link listen:0 --log-level loud", "unknown --log-level 'loud'")]
    public void Board_BadInput_ExitsTwoWithOneLineNamingTheProblem(string arguments, string expected)
    {
        (int code, string error) = Run(arguments.Split(' '));

        Assert.AreEqual(ExitCodes.BadInput, code, error);
        StringAssert.StartsWith(error, "hanbench: error: ");
        StringAssert.Contains(error, expected);
    }

    [TestMethod]
    public void Board_MissingSerialPort_SaysWhatItWaitsFor_ThenGivesUpWithExit1NamingThePort()
    {
        (int code, string error) = Run("--role", "echo", "--id", "0000000000000001", "--link", "serial:/nonexistent/ttyHB9@115200", "--give-up-after", "0.5");

        Assert.AreEqual(ExitCodes.Failed, code, error);
        StringAssert.Contains(error, "--link: serial port /nonexistent/ttyHB9 does not exist; waiting for it to appear (plug the board in, or start socat), giving up after 0.5 s (--wait waits for ever)");
        StringAssert.Contains(error, "hanbench: error: --link: serial port /nonexistent/ttyHB9 did not appear within 0.5 s");
    }

    [TestMethod]
    public void Board_TcpPeerNotListening_SaysWhatItWaitsFor_ThenGivesUpWithExit1NamingHostAndPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        string link = $"tcp:127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var output = new StringWriter();
        var error = new StringWriter();

        string state = Directory.CreateTempSubdirectory("hanbench-board-").FullName;
        int code;
        try
        {
            code = HanBenchCli.Run(["board", "--role", "echo", "--id", "0000000000000001", "--link", link, "--state", state, "--give-up-after", "0.5"], output, error);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }

        string said = output.ToString() + error;
        Assert.AreEqual(ExitCodes.Failed, code, said);
        StringAssert.Contains(said, $"{link}: cannot open");
        StringAssert.Contains(said, "giving up after 0.5 s (--wait waits for ever)");
        StringAssert.Contains(output.ToString(), $"stopped: {link}: could not open it within 0.5 s");
    }

    [TestMethod]
    public void Board_GiveUpAfterNegative_ExitsTwo()
    {
        (int code, string error) = Run("--role", "echo", "--id", "0000000000000001", "--link", "serial:/nonexistent/ttyHB9", "--give-up-after", "-1");

        Assert.AreEqual(ExitCodes.BadInput, code, error);
        StringAssert.Contains(error, "--give-up-after must be 0 to 86400 seconds");
    }

    [TestMethod]
    public void Board_NoLink_ExitsTwoAskingForOne()
    {
        (int code, string error) = Run("--role", "echo", "--id", "0000000000000001");

        Assert.AreEqual(ExitCodes.BadInput, code);
        StringAssert.Contains(error, "a board needs a link");
    }
}
