using HanBench.Cli;

namespace HanBench.Host.Tests;

[TestClass]
public sealed class CliBasicsTests
{
    [TestMethod]
    public void About_PrintsVersion_ExitsZero()
    {
        CliResult result = CliRunner.Run("about");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        StringAssert.StartsWith(result.Output, "hanbench ");
    }

    [TestMethod]
    public void UnknownCommand_ExitsTwo_WithOneLineErrorNamingIt()
    {
        CliResult result = CliRunner.Run("frobnicate");
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        StringAssert.Contains(result.Error, "frobnicate");
    }
}
