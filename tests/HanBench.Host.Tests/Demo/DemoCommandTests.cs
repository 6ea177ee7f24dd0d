using System.Text.Json;
using HanBench.Cli;

namespace HanBench.Host.Tests.Demo;

/// <summary><c>hanbench demo</c> end to end through the CLI, in this process, on the virtual bench.</summary>
[TestClass]
public sealed class DemoCommandTests
{
    private static readonly string[] Devices = ["PPMID", "B1", "B2", "B3", "B4"];

    [TestMethod]
    public void Demo_Json_ExitsZeroWithEveryVersionBeforeAndAfterAndTheAlerts()
    {
        CliResult result = CliRunner.Run("demo", "--json");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error + result.Output);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement root = json.RootElement;
        Assert.IsTrue(root.GetProperty("succeeded").GetBoolean());
        Assert.AreEqual(0, root.GetProperty("failures").GetArrayLength());

        JsonElement[] all = root.GetProperty("devices").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(Devices.Append("CH").ToArray(), all.Select(d => d.GetProperty("name").GetString()).ToArray(), "the Comms Hub's own update comes last");
        JsonElement[] devices = all[..^1];
        foreach (JsonElement device in devices)
        {
            string name = device.GetProperty("name").GetString()!;
            JsonElement[] components = device.GetProperty("components").EnumerateArray().ToArray();
            string[] expected = name switch
            {
                "PPMID" => ["main"],
                "B4" => ["silabs"],
                _ => ["silabs", "broadcom"],
            };
            CollectionAssert.AreEqual(expected, components.Select(c => c.GetProperty("component").GetString()).ToArray(), name);
            foreach (JsonElement component in components)
            {
                string before = component.GetProperty("before").GetString()!;
                string after = component.GetProperty("after").GetString()!;
                Assert.AreEqual("00010000", before, name);
                Assert.AreEqual(component.GetProperty("target").GetString(), after, name);
                Assert.AreNotEqual(before, after, name);
                Assert.AreEqual(after, component.GetProperty("inventory").GetString(), $"{name}: the inventory records what the device runs");
                Assert.AreEqual("Activated", component.GetProperty("state").GetString(), name);
                Assert.IsTrue(component.GetProperty("hanTransferMs").GetInt64() > 0, name);
            }

            Assert.AreEqual("00010000", device.GetProperty("cs08Before").GetString(), name);
            Assert.AreNotEqual("00010000", device.GetProperty("cs08After").GetString(), name);
        }

        var alerts = root.GetProperty("alerts").EnumerateArray().Select(a => (Code: a.GetProperty("code").GetString(), Device: a.GetProperty("device").GetString())).ToList();
        foreach (string code in new[] { "N59", "N62", "N39" })
        {
            // One per update: the PPMID and B4 have one, B1–B3 two (SiLabs, then Broadcom).
            foreach (string device in Devices)
            {
                int updates = device is "PPMID" or "B4" ? 1 : 2;
                Assert.AreEqual(updates, alerts.Count(a => a.Code == code && a.Device == device), $"{code} for {device}");
            }
        }

        // The final step: 11.1 delivered the hub's image (N59, no N62: no HAN leg) and 11.3 activated it (N64 once).
        JsonElement hubComponent = all[^1].GetProperty("components").EnumerateArray().Single();
        Assert.AreEqual("main", hubComponent.GetProperty("component").GetString());
        Assert.AreEqual("00010000", hubComponent.GetProperty("before").GetString());
        Assert.AreEqual(hubComponent.GetProperty("target").GetString(), hubComponent.GetProperty("after").GetString(), "the hub runs the image 11.3 activated");
        Assert.AreNotEqual("00010000", hubComponent.GetProperty("after").GetString());
        Assert.AreEqual(hubComponent.GetProperty("after").GetString(), hubComponent.GetProperty("inventory").GetString());
        Assert.AreEqual("Activated", hubComponent.GetProperty("state").GetString());
        Assert.AreEqual(1, alerts.Count(a => a.Code == "N64"), "N64 once");
        Assert.AreEqual("CH", alerts.Single(a => a.Code == "N64").Device);
        Assert.AreEqual(1, alerts.Count(a => a.Code == "N59" && a.Device == "CH"));
        Assert.AreEqual(0, alerts.Count(a => a.Code == "N62" && a.Device == "CH"));
        Assert.AreEqual("N64", alerts[^1].Code, "the activation ends the run");

        JsonElement refusal = root.GetProperty("refusal");
        Assert.AreEqual("E110405", refusal.GetProperty("responseCode").GetString());
        Assert.IsTrue(refusal.GetProperty("base64Characters").GetInt64() > 1_024_000);
        Assert.IsTrue(root.GetProperty("virtualMs").GetInt64() > 0);
        Assert.AreEqual(0, root.GetProperty("meterReportsLost").GetInt64(), "meter traffic behind the bridges survives every restart");
    }

    [TestMethod]
    public void Demo_RedirectedOutput_PlainLinesWithAlertsRefusalAndTheTable()
    {
        CliResult result = CliRunner.Run("demo");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        foreach (string expected in new[] { "ALERT N59", "ALERT N62", "ALERT N39", "ALERT N64 CH", "E110405", "Firmware before and after", "Transferring    hub→HAN", "DeliveringToHub CSP→hub", "Result: every update activated" })
        {
            StringAssert.Contains(result.Output, expected);
        }

        Assert.IsFalse(result.Output.Contains('\u001b'), "no ANSI escapes when the output is not a terminal");
        int refused = result.Output.IndexOf("E110405", StringComparison.Ordinal);
        int trimmed = result.Output.IndexOf("trimmed", StringComparison.Ordinal);
        Assert.IsTrue(refused >= 0 && trimmed > refused, "the 869 KB image is refused before the trimmed one is sent");
    }

    [TestMethod]
    public void Demo_Insecure_WarnsOnStandardErrorInTheHeaderAndAgainAtTheEnd_SecureByDefault()
    {
        CliResult insecure = CliRunner.Run("demo", "--insecure");
        Assert.AreEqual(ExitCodes.Ok, insecure.ExitCode, insecure.Error);
        StringAssert.Contains(insecure.Error, "WARNING: --insecure: GBCS MACs and signatures are checked but NOT enforced");
        StringAssert.Contains(insecure.Output, "INSECURE: GBCS checks not enforced");
        // Repeated once the summary is written (the last line on standard error), so a long run does not scroll it away.
        Assert.AreEqual(HanBench.Cli.Commands.InsecureOption.ClosingWarning, insecure.Error.TrimEnd().Split('\n')[^1].TrimEnd(), insecure.Error);

        CliResult secure = CliRunner.Run("demo", "--json");
        Assert.AreEqual(ExitCodes.Ok, secure.ExitCode, secure.Error);
        Assert.IsFalse(secure.Error.Contains("insecure", StringComparison.OrdinalIgnoreCase), secure.Error);
    }

    [TestMethod]
    public void Demo_RealTimeScaled_PacedYetCompletes()
    {
        CliResult result = CliRunner.Run("demo", "--real-time", "--scale", "2000", "--json");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        long virtualMs = json.RootElement.GetProperty("virtualMs").GetInt64();
        long wallMs = json.RootElement.GetProperty("wallMs").GetInt64();
        // Pacing is a bound, not a measurement: bench time never runs ahead of the wall clock times the scale.
        Assert.IsTrue(wallMs * 2000 >= virtualMs, $"{virtualMs} ms of bench time in {wallMs} ms of wall time at ×2000");
    }

    [TestMethod]
    [DataRow("--real-time", "--virtual-time")]
    [DataRow("--real-time", "--scale", "0")]
    [DataRow("--scale", "-3")]
    public void Demo_BadOptions_ExitTwoWithOneLine(params string[] options)
    {
        CliResult result = CliRunner.Run(["demo", .. options]);
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, result.Output);
        StringAssert.StartsWith(result.Error, "hanbench: error: ");
    }
}
