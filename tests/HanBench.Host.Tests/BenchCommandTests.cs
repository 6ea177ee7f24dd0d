using System.Text.Json.Nodes;

namespace HanBench.Host.Tests;

[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    public void BenchOta_Json_EveryLinkCompletesWithSelfConsistentFigures()
    {
        CliResult result = CliRunner.Run("bench", "ota", "--size", "65536", "--json");
        Assert.AreEqual(0, result.ExitCode, result.Error);
        JsonObject report = JsonNode.Parse(result.Output)!.AsObject();
        Assert.AreEqual(65536, (int)report["imageBytes"]!);
        JsonArray links = report["links"]!.AsArray();
        Assert.AreEqual(6, links.Count);
        CollectionAssert.AreEquivalent(new[] { "uart-921600", "802.15.4", "802.15.4 2 hops" }, links.Select(l => (string)l!["link"]!).Distinct().ToArray());
        foreach (JsonNode? node in links)
        {
            JsonObject link = node!.AsObject();
            string name = $"{link["link"]} {link["mode"]}";
            Assert.IsTrue((bool)link["completed"]!, name);
            double seconds = (double)link["simulatedSeconds"]!;
            double goodput = (double)link["goodputBytesPerSecond"]!;
            double limit = (double)link["limitBytesPerSecond"]!;
            double efficiency = (double)link["efficiency"]!;
            Assert.AreEqual(65536 / seconds, goodput, 0.01 * goodput, name + ": goodput = size / time");
            Assert.AreEqual(goodput / limit, efficiency, 1e-4, name + ": efficiency = goodput / limit");
            Assert.IsTrue(efficiency > 0 && efficiency <= (double)link["ceilingEfficiency"]! + 1e-6, name + ": within its ceiling");
            Assert.IsTrue((long)link["framesToClient"]! >= 65536 / (int)link["blockSize"]!, name + ": at least one frame per block");
            Assert.AreEqual((long)link["framesToServer"]!, (long)link["roundTrips"]!, name + ": each client frame is a request");
            Assert.IsTrue((long)link["lineBytes"]! > 65536, name + ": the line carried the image and its overhead");
        }

        double uart = (double)links.Single(l => (string)l!["mode"]! == "pages+acfc")!["limitBytesPerSecond"]!;
        Assert.AreEqual(92160.0, uart, "921,600 baud 8N1 moves 92,160 bytes a second");
        Assert.IsTrue((double)report["zigbeePageSpeedUpOverDefault"]! > 1);
        Assert.AreEqual(0.0, (double)report["allocatedBytesPerServedBlock"]!);
        Assert.AreEqual(0.0, (double)report["allocatedBytesPerReceivedBlock"]!);
        Assert.AreEqual(65536L, (long)report["peakImageStoreBytes"]!);

        // Issue 14: the model beside each published transfer, within ±20 %.
        JsonArray calibrations = report["calibrations"]!.AsArray();
        Assert.AreEqual(4, calibrations.Count);
        foreach (JsonNode? c in calibrations)
        {
            double deviation = (double)c!["model"]! / (double)c["published"]! - 1;
            Assert.AreEqual(deviation, (double)c["deviation"]!, 1e-4, (string)c["case"]!);
            Assert.IsTrue((bool)c["withinTolerance"]! && Math.Abs(deviation) <= 0.2, (string)c["case"]!);
            Assert.IsFalse(string.IsNullOrWhiteSpace((string)c["source"]!), (string)c["case"]!);
        }
    }

    [TestMethod]
    public void BenchOta_Explain_EveryConstantWithItsSource()
    {
        CliResult table = CliRunner.Run("bench", "ota", "--explain");
        CliResult json = CliRunner.Run("bench", "ota", "--explain", "--json");

        Assert.AreEqual(0, table.ExitCode, table.Error);
        StringAssert.Contains(table.Output, "macMaxFrameRetries");
        StringAssert.Contains(table.Output, "§7.4.2");
        StringAssert.Contains(table.Output, "49 bytes");
        JsonArray rows = JsonNode.Parse(json.Output)!["zigbee"]!.AsArray();
        Assert.IsTrue(rows.Count >= 20, $"{rows.Count} constants");
        foreach (JsonNode? row in rows)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace((string)row!["source"]!), (string)row["name"]!);
        }
    }

    [TestMethod]
    public void BenchOta_Table_ShowsEveryLink()
    {
        CliResult result = CliRunner.Run("bench", "ota", "--size", "8192");
        Assert.AreEqual(0, result.ExitCode, result.Error);
        StringAssert.Contains(result.Output, "uart-921600");
        StringAssert.Contains(result.Output, "802.15.4");
        StringAssert.Contains(result.Output, "faster");
    }

    [TestMethod]
    public void BenchOta_Device_JsonAndTableSayWhatBoundsEachLink()
    {
        CliResult json = CliRunner.Run("bench", "ota", "--size", "65536", "--json", "--device", "esp32-s3");
        CliResult table = CliRunner.Run("bench", "ota", "--size", "8192");
        CliResult none = CliRunner.Run("bench", "ota", "--size", "8192", "--device", "none");

        Assert.AreEqual(0, json.ExitCode, json.Error);
        JsonObject device = JsonNode.Parse(json.Output)!["links"]!.AsArray()[0]!["device"]!.AsObject();
        Assert.AreEqual("esp32-s3", (string)device["name"]!);
        CollectionAssert.Contains(new[] { "line", "device CPU" }, (string)device["bound"]!);
        StringAssert.Contains(table.Output, "On esp32 boards");
        StringAssert.Contains(table.Output, "device CPU");
        Assert.IsFalse(none.Output.Contains("boards", StringComparison.Ordinal), none.Output);
    }

    [TestMethod]
    public void BenchOta_UnknownDevice_BadInput()
    {
        CliResult result = CliRunner.Run("bench", "ota", "--device", "esp8266");
        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Error, "unknown device 'esp8266' (one of esp32, esp32-s3, none)");
    }

    [TestMethod]
    public void BenchOta_SizeTooSmall_BadInput()
    {
        CliResult result = CliRunner.Run("bench", "ota", "--size", "10");
        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Error, "--size");
    }
}
