using HanBench.Cli;

namespace HanBench.VirtualBoard.Tests;

/// <summary><c>hanbench board</c> with the device roles: what it refuses before anything opens.</summary>
[TestClass]
public sealed class BoardRoleCommandTests
{
    [TestMethod]
    [DataRow("--role hub --id 00DB000000000001 --link listen:0", "the hub role needs two links: --link (WAN to the host) and --link2 (HAN)")]
    [DataRow("--role bridge --variant B1 --id 00DB000000000021 --link listen:0", "the bridge role needs two links: --link (hub side) and --link2 (far side)")]
    [DataRow("--role ppmid --id 00DB000000000010 --link listen:0 --link2 listen:0", "the ppmid role has one link")]
    [DataRow("--role bridge --id 00DB000000000021 --link listen:0 --link2 listen:0", "a bridge needs a variant")]
    [DataRow("--role ppmid --link listen:0", "a board needs --id")]
    [DataRow("--id 00DB000000000010 --link listen:0", "a board needs --role")]
    [DataRow("--role ppmid --id 00DB000000000010 --hub 0000000000000000 --link listen:0", "the ppmid role cannot run: a HAN device needs the hub's EUI-64")]
    [DataRow("--role ppmid --id 00DB000000000010 --hub nothex --link listen:0", "--hub 'nothex' is not an EUI-64")]
    [DataRow("--role ppmid --id 00DB000000000010 --restart-ms -5 --link listen:0", "--restart-ms must be 0 to 3600000")]
    [DataRow("--role ppmid --id 00DB000000000010 --max-frame 5 --link listen:0", "--max-frame must be 20 to 1044")]
    [DataRow("--role hub --id 00DB000000000001 --max-frame2 2000 --link listen:0 --link2 listen:0", "--max-frame2 must be 20 to 1044")]
    [DataRow("--config /nonexistent/hanbench.json --link listen:0", "--config /nonexistent/hanbench.json")]
    [DataRow("--config x.json --role hub --link listen:0", "--config gives the role and variant")]
    public void Board_RoleArgumentsThatCannotRun_ExitTwoNamingWhy(string arguments, string expected)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int code = HanBenchCli.Run(["board", .. arguments.Split(' ')], output, error);

        Assert.AreEqual(ExitCodes.BadInput, code, error.ToString());
        StringAssert.Contains(error.ToString(), expected);
    }

    [TestMethod]
    public void Board_ConfigFileWithABadMember_ExitTwoWithTheParsersPath()
    {
        string file = Path.Combine(TestFolders.Create("hanbench-config-"), "hanbench.json");
        File.WriteAllText(file, "{\"format\":\"hanbench-role/1\",\"board\":\"b\",\"role\":\"toaster\"}");
        var output = new StringWriter();
        var error = new StringWriter();

        int code = HanBenchCli.Run(["board", "--config", file, "--link", "listen:0"], output, error);

        Assert.AreEqual(ExitCodes.BadInput, code);
        StringAssert.Contains(error.ToString(), "BadValue at 'role'");
    }
}
