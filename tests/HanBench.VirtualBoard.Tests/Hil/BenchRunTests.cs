using System.Xml.Linq;
using HanBench.Cli;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;

namespace HanBench.VirtualBoard.Tests.Hil;

/// <summary>
/// <c>hanbench bench run</c> end to end in real time: the host (this process) as the medium, the Comms Hub (and a PPMID)
/// as <c>hanbench board</c> processes on pseudo-terminals the host opens as serial ports, the other devices as virtual
/// roles on the host's medium; then the JUnit XML read back.
/// </summary>
[TestClass]
public sealed class BenchRunTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = HanBenchCli.Run(["bench", "run", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public void VirtualBench_ReadyFile_EveryDeviceStepPassesAndTheJUnitXmlSaysSo()
    {
        string folder = TestFolders.Create("hanbench-junit-");
        string junit = Path.Combine(folder, "results.xml");
        string inventory = Path.Combine(folder, "inventory.db");

        (int code, string output, string error) = Run(BenchFiles.PathOf("virtual-bench.json"), "--junit", junit, "--inventory", inventory);

        Assert.AreEqual(ExitCodes.Ok, code, output + error);
        StringAssert.Contains(output, "28 of 28 device step(s) passed");
        StringAssert.Contains(output, "CH: starting");
        XElement suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.AreEqual("virtual-bench", (string?)suite.Attribute("name"));
        XElement[] cases = [.. suite.Elements("testcase")];
        Assert.AreEqual(28, cases.Length);
        Assert.AreEqual("28", (string?)suite.Attribute("tests"));
        Assert.AreEqual("0", (string?)suite.Attribute("failures"));
        Assert.IsFalse(cases.Any(c => c.Element("failure") is not null));
        CollectionAssert.AreEquivalent(
            new[] { "CH", "PPMID", "B1", "B2", "B3", "B4", "GSME", "IHD" },
            cases.Where(c => ((string)c.Attribute("name")!).EndsWith("identify", StringComparison.Ordinal)).Select(c => ((string)c.Attribute("classname")!).Split('.').Last()).ToArray());
        Assert.IsTrue(cases.Any(c => (string?)c.Attribute("classname") == "virtual-bench.B2" && (string?)c.Attribute("name") == "05 distribute silabs-b2-1.2.0"));
        Assert.IsTrue(cases.Any(c => (string?)c.Attribute("classname") == "virtual-bench.GSME" && (string?)c.Attribute("name") == "09 meter traffic"));
        string medium = (string)suite.Element("properties")!.Elements("property").Single(p => (string?)p.Attribute("name") == "medium").Attribute("value")!;
        StringAssert.Contains(medium, "ZigBee CH<->PPMID");
        Assert.AreEqual("process", ((string)suite.Element("properties")!.Elements("property").Single(p => (string?)p.Attribute("name") == "node.CH").Attribute("value")!).Split(' ').Last());
        string b2Output = cases.Single(c => (string?)c.Attribute("classname") == "virtual-bench.B2" && (string?)c.Attribute("name") == "05 distribute silabs-b2-1.2.0").Element("system-out")!.Value;
        StringAssert.Contains(b2Output, "DCC alerts: N59, N62, N39");
        StringAssert.Contains(b2Output, "engine: Activated");

        // The DCC side ran through the inventory: every activation recorded, with one N39 each (SECMP0170 §4.2).
        (string Device, string Component, string Version)[] activated =
        [
            ("00-DB-00-00-00-00-00-10", FirmwareComponents.Main, "00010105"),
            ("00-DB-00-00-00-00-00-22", FirmwareComponents.SiLabs, "00010200"),
            ("00-DB-00-00-00-00-00-21", FirmwareComponents.Broadcom, "00010300"),
            ("00-DB-00-00-00-00-00-23", FirmwareComponents.Broadcom, "00010300"),
        ];
        using InventoryStore store = InventoryStore.Open(inventory, TimeProvider.System);
        IReadOnlyList<DccAlertRecord> alerts = store.Read(s => s.Alerts.All());
        foreach ((string device, string component, string version) in activated)
        {
            Assert.AreEqual(version, store.Read(s => s.Devices.FirmwareVersion(Eui64.Parse(device), component)), $"{device} {component}");
            Assert.AreEqual(1, alerts.Count(a => a.AlertCode == DccAlertCodes.PpmidAlert && a.DeviceId == Eui64.Parse(device)), $"N39 about {device}");
        }

        Assert.AreEqual(activated.Length, alerts.Count(a => a.AlertCode == DccAlertCodes.PpmidAlert), "one N39 per activation, none more");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void HubAndPpmidProcesses_WrongExpectedVersion_FailingCaseWithTheReasonAndThePpmidsLogAndExitOne()
    {
        string folder = TestFolders.Create("hanbench-bench-");
        string file = Path.Combine(folder, "bench.json");
        File.WriteAllText(file, BenchFiles.HubAndPpmid(expectedVersion: "00030000"));
        string junit = Path.Combine(folder, "out", "results.xml");

        (int code, string output, string error) = Run(file, "--junit", junit);

        Assert.AreEqual(ExitCodes.Failed, code, output + error);
        StringAssert.Contains(output, "FAILED PPMID 02 distribute ppmid-2");
        XElement suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.AreEqual("1", (string?)suite.Attribute("failures"));
        XElement failed = suite.Elements("testcase").Single(c => c.Element("failure") is not null);
        Assert.AreEqual("hub-and-ppmid.PPMID", (string?)failed.Attribute("classname"));
        string message = (string)failed.Element("failure")!.Attribute("message")!;
        StringAssert.Contains(message, "runs 00020000 on image type 0200, expected 00030000");
        StringAssert.Contains(failed.Element("failure")!.Value, "0x8F8B: Success version 00020000");
        string log = failed.Element("system-out")!.Value;
        StringAssert.Contains(log, "role ppmid");
        StringAssert.Contains(log, "host side: link 0 serial:");
        Assert.IsTrue(suite.Elements("testcase").Where(c => c != failed).All(c => c.Element("failure") is null && (c.Element("system-out")?.Value.Contains("role ppmid", StringComparison.Ordinal) ?? false) == false));
        StringAssert.Contains(failed.Element("system-out")!.Value, "DCC alerts: N59, N62, N39");
    }

    [TestMethod]
    [DataRow("\"format\": \"hanbench-bench/1\"", "\"format\": \"hanbench-bench/9\"", "$.format: 'hanbench-bench/9' is not a format this build reads")]
    [DataRow("\"role\": \"ppmid\"", "\"role\": \"ppmd\"", "$.nodes[1].role: unknown role 'ppmd'")]
    [DataRow("\"eui64\": \"00DB000000000010\"", "\"eui64\": \"00DB00000000001\"", "$.nodes[1].eui64: '00DB00000000001' is not an EUI-64")]
    [DataRow("\"between\": [\"CH\", \"PPMID\"]", "\"between\": [\"CH\", \"PPMD\"]", "$.hops[0].between[1]: no node called 'PPMD'")]
    [DataRow("\"version\": \"00020000\"", "\"version\": 131072", "$.images[0].version: must be a string, not the number 131072")]
    [DataRow("\"to\": [\"PPMID\"]", "\"to\": [\"CH\"]", "$.steps[1].to: CH has no component upgraded by image type 0200")]
    [DataRow("\"run\": \"process\", \"restartMs\": 300 }\n", "\"run\": \"serial\", \"restartMs\": 300 }\n", "$.nodes[1]: a serial node needs 'links'")]
    public void BadBenchFile_ExitTwoWithTheJsonPathAndTheProblem(string from, string to, string expected)
    {
        string folder = TestFolders.Create("hanbench-bench-");
        string file = Path.Combine(folder, "bench.json");
        string text = BenchFiles.HubAndPpmid("00020000");
        StringAssert.Contains(text, from, "the test's own edit no longer applies");
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));

        (int code, string output, string error) = Run(file);

        Assert.AreEqual(ExitCodes.BadInput, code, output + error);
        StringAssert.StartsWith(error, $"hanbench: error: {file}: ");
        StringAssert.Contains(error, expected);
        Assert.AreEqual(string.Empty, output, "nothing may start for a bad file");
    }

    [TestMethod]
    public void MissingBenchFile_ExitTwo()
    {
        (int code, _, string error) = Run(Path.Combine(Path.GetTempPath(), "no-such-bench-" + Guid.NewGuid().ToString("N") + ".json"));

        Assert.AreEqual(ExitCodes.BadInput, code);
        StringAssert.Contains(error, "$: cannot read the file");
    }
}
