using System.Text.Json.Nodes;
using HanBench.Host.Tests;
using HanBench.Tests;

namespace HanBench.Conformance.Tests;

/// <summary><c>hanbench gbcs decode|verify</c> on the RTDS 4.5.0 messages with the RTDS keystore.</summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class GbcsCommandConformanceTests
{
    private const string Rtds = "rtds-4.5.0";

    // Of the 129 RTDS *_GBCS.HEX files, 17 are pre-commands (not yet signed or MAC'd) and 4 are PCS01/PCS02 messages
    // MAC'd with device KA keys the keystore lacks; every other one verifies.
    private const int Verifying = 108;

    [TestMethod]
    public void Verify_Cs08Response_Exit0NamingTheKeys()
    {
        CliResult result = CliRunner.Run("gbcs", "verify", Message("11.2_CS08", "CS08_11.2_SUCCESS_RESPONSE_GBCS.HEX"), "--keystore", Keystore());
        Assert.AreEqual(0, result.ExitCode, result.Error);
        StringAssert.Contains(result.Output, "CS08 Read PPMID/HCALCS Firmware Version (0x0129)");
        StringAssert.Contains(result.Output, "Verified: verified with 90b3d51f30000002-ka.key + 00db1234567890a4-ka.pem");
        StringAssert.Contains(result.Output, "00DB1234567890A4");
        StringAssert.Contains(result.Output, "90B3D51F30010000");
    }

    [TestMethod]
    public void DecodeJson_Cs06Command_EveryGroupingHeaderFieldAndBothChecks()
    {
        CliResult result = CliRunner.Run("gbcs", "decode", Message("11.3_CS06", "CS06_11.3_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX"), "--keystore", Keystore(), "--json");
        Assert.AreEqual(0, result.ExitCode, result.Error);
        JsonNode json = JsonNode.Parse(result.Output)!;
        Assert.AreEqual("general-ciphering", (string?)json["form"]);
        Assert.AreEqual("Command", (string?)json["craFlag"]);
        Assert.AreEqual("90B3D51F30010000", (string?)json["originator"]);
        Assert.AreEqual("00DB1234567890A0", (string?)json["recipient"]);
        Assert.AreEqual("0012", (string?)json["messageCode"]);
        Assert.AreEqual("CS06 Activate Firmware", (string?)json["messageName"]);
        Assert.AreEqual(64, (int)json["signatureLength"]!);
        Assert.AreEqual("Verified", (string?)json["mac"]!["outcome"]);
        Assert.AreEqual("Verified", (string?)json["signature"]!["outcome"]);
        StringAssert.Contains((string?)json["signature"]!["detail"], "90b3d51f30010000-ds.pem");
    }

    [TestMethod]
    public void Verify_EveryRtdsMessage_AllButPreCommandsAndDeviceKeyedOnesVerify()
    {
        int verified = 0;
        var refused = new List<string>();
        foreach (string path in Directory.EnumerateFiles(Vectors.PathOf(Rtds), "*_GBCS.HEX", SearchOption.AllDirectories))
        {
            CliResult result = CliRunner.Run("gbcs", "verify", path, "--keystore", Keystore());
            string name = Path.GetFileName(path);
            if (result.ExitCode == 0)
            {
                verified++;
                continue;
            }

            Assert.AreEqual(1, result.ExitCode, name + ": " + result.Error);
            bool expected = name.Contains("PRECOMMAND", StringComparison.Ordinal) || name.StartsWith("PCS0", StringComparison.Ordinal);
            Assert.IsTrue(expected, $"{name} refused: {result.Error}");
            refused.Add(name);
        }

        Assert.AreEqual(Verifying, verified, string.Join(", ", refused));
    }

    [TestMethod]
    public void Verify_OneMacOctetChanged_Exit1NamingTheMac()
    {
        string hex = Vectors.ReadText(Rtds, "11.2_CS08", "CS08_11.2_SUCCESS_COMMAND_GBCS.HEX").Trim();
        string tampered = hex[..^2] + (hex[^2..] == "00" ? "01" : "00");
        CliResult result = CliRunner.Run("gbcs", "verify", tampered, "--keystore", Keystore());
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Error, "MAC failed: BadMac");
    }

    [TestMethod]
    public void Verify_SignedAlertWithChangedPayload_Exit1NamingTheSignature()
    {
        byte[] alert = Convert.FromHexString(Vectors.ReadText(Rtds, "NA_CS09", "CS09_NA_8F8B_ALERT_GBCS.HEX").Trim());
        alert[^70] ^= 0x01;
        CliResult result = CliRunner.Run("gbcs", "verify", Convert.ToHexString(alert), "--keystore", Keystore());
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Error, "signature failed: does not verify with 00db1234567890a4-ds.pem");
    }

    [TestMethod]
    public void Decode_RtdsCommandWithDefaultKeystore_Exit0PrintingTheMessageAndWhyItIsNotVerified()
    {
        string keystore = DefaultKeystoreOfHanBenchsOwnKeys();

        CliResult result = CliRunner.Run("gbcs", "decode", Message("11.3_CS06", "CS06_11.3_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX"));

        Assert.AreEqual(0, result.ExitCode, result.Error);
        StringAssert.Contains(result.Output, "CS06 Activate Firmware (0x0012)");
        StringAssert.Contains(result.Output, "00DB1234567890A0");
        StringAssert.Contains(result.Output, $"{keystore} (the default keystore: HanBench's own keys)");
        StringAssert.Contains(result.Output, "Failed: does not verify with 90b3d51f30010000-ds.pem");
        StringAssert.Contains(result.Error, $"decode: not verified with {keystore} (the default keystore");
        StringAssert.Contains(result.Error, "signature failed: does not verify with 90b3d51f30010000-ds.pem");
        StringAssert.Contains(result.Error, "cannot verify with them");
    }

    [TestMethod]
    public void Decode_EveryRtdsMessageWithDefaultKeystore_Exit0()
    {
        DefaultKeystoreOfHanBenchsOwnKeys();
        foreach (string path in Directory.EnumerateFiles(Vectors.PathOf(Rtds), "*_GBCS.HEX", SearchOption.AllDirectories))
        {
            CliResult result = CliRunner.Run("gbcs", "decode", path, "--json");
            Assert.AreEqual(0, result.ExitCode, Path.GetFileName(path) + ": " + result.Error);
            Assert.IsTrue((bool)JsonNode.Parse(result.Output)!["ok"]!, Path.GetFileName(path));
        }
    }

    [TestMethod]
    public void Verify_RtdsCommandWithDefaultKeystore_Exit1NamingTheDefaultKeystore()
    {
        string keystore = DefaultKeystoreOfHanBenchsOwnKeys();

        CliResult result = CliRunner.Run("gbcs", "verify", Message("11.3_CS06", "CS06_11.3_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX"));

        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(result.Error, "signature failed: does not verify with 90b3d51f30010000-ds.pem");
        StringAssert.Contains(result.Error, $"checked with {keystore} (the default keystore: HanBench's own keys): --keystore DIR");
    }

    [TestMethod]
    public void Decode_RtdsCommandWithKeystoreNamedThatDoesNotMatch_Exit1()
    {
        string keystore = DefaultKeystoreOfHanBenchsOwnKeys();

        CliResult result = CliRunner.Run("gbcs", "decode", Message("11.3_CS06", "CS06_11.3_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX"), "--keystore", keystore);

        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, "CS06 Activate Firmware (0x0012)");
        StringAssert.Contains(result.Error, "decode failed: ");
        StringAssert.Contains(result.Error, "signature failed: does not verify with 90b3d51f30010000-ds.pem");
    }

    // The run's default keystore (HANBENCH_KEYSTORE: tests/TestSupport) as `keys init` makes it: HanBench's own ACB and
    // supplier under the RTDS's EUI-64s, with other keys.
    private static string DefaultKeystoreOfHanBenchsOwnKeys()
    {
        CliResult init = CliRunner.Run("keys", "init");
        Assert.AreEqual(0, init.ExitCode, init.Error);
        return Path.GetFullPath(PrivateTemporaryFolder.Keystore ?? throw new AssertFailedException("the test run sets HANBENCH_KEYSTORE"));
    }

    private static string Message(string folder, string file) => Vectors.PathOf(Rtds, folder, file);

    private static string Keystore() => Vectors.PathOf("keystore");
}
