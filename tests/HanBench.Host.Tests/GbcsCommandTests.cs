namespace HanBench.Host.Tests;

[TestClass]
public sealed class GbcsCommandTests
{
    // An unsigned, un-MAC'd General-Signing message written for this test: CS08 command, own titles and counter.
    private const string Unprotected =
        "DF09" + "01" + "0000000000000007" + "08" + "A1A2A3A4A5A6A7A8" + "08" + "B1B2B3B4B5B6B7B8" + "00" + "02" + "0129" + "02" + "0500" + "00";

    [TestMethod]
    public void Decode_NotGbcs_Exit2NamingTheDefect()
    {
        CliResult result = CliRunner.Run("gbcs", "decode", "0102030405");
        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Error, "not a GBCS message: UnknownTag");
    }

    [TestMethod]
    public void Decode_TruncatedMessage_Exit2()
    {
        CliResult result = CliRunner.Run("gbcs", "decode", Unprotected[..^6]);
        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Error, "not a GBCS message");
    }

    [TestMethod]
    public void Decode_Unprotected_Exit0WithEveryField()
    {
        CliResult result = CliRunner.Run("gbcs", "decode", Unprotected);
        Assert.AreEqual(0, result.ExitCode, result.Error);
        StringAssert.Contains(result.Output, "CS08 Read PPMID/HCALCS Firmware Version (0x0129)");
        StringAssert.Contains(result.Output, "A1A2A3A4A5A6A7A8");
        StringAssert.Contains(result.Output, "B1B2B3B4B5B6B7B8");
        StringAssert.Contains(result.Output, "0000000000000007");
        StringAssert.Contains(result.Output, "not MAC'd");
    }

    [TestMethod]
    public void Verify_Unprotected_Exit1NeitherMacdNorSigned()
    {
        CliResult result = CliRunner.Run("gbcs", "verify", Unprotected);
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Error, "neither MAC'd nor signed");
    }

    [TestMethod]
    public void Verify_MissingKeystoreFolder_Exit2()
    {
        CliResult result = CliRunner.Run("gbcs", "verify", Unprotected, "--keystore", Path.Combine(Path.GetTempPath(), "no-such-hanbench-keystore"));
        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Error, "keystore folder not found");
    }
}
