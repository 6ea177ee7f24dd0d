using System.Text.Json.Nodes;
using HanBench.Bench.Hil;
using HanBench.Host.Json;
using HanBench.Bench.Radio;
using HanBench.Protocol.Management;

namespace HanBench.VirtualBoard.Tests.Hil;

/// <summary>The bench file format: the ready files load as documented, and each kind of defect names its JSON path.</summary>
[TestClass]
public sealed class BenchFileLoaderTests
{
    [TestMethod]
    public void ReadyFiles_Load_TheStandardBenchOnProcessesVirtualNodesOrUsbSerial()
    {
        BenchFile virtualBench = BenchFileLoader.Load(BenchFiles.PathOf("virtual-bench.json"));
        BenchFile usb = BenchFileLoader.Load(BenchFiles.PathOf("usb-bench.json"));
        BenchFile wired = BenchFileLoader.Load(BenchFiles.PathOf("usb-bench-wired.json"));

        foreach (BenchFile bench in new[] { virtualBench, usb, wired })
        {
            CollectionAssert.AreEqual(new[] { "CH", "PPMID", "B1", "B2", "B3", "B4", "GSME", "IHD" }, bench.Nodes.Select(n => n.Name).ToArray(), bench.Name);
            Assert.AreEqual(7, bench.Hops.Count);
            Assert.AreEqual(DeviceRoleKind.Hub, bench.Hub.Role);
        }

        Assert.AreEqual(NodeRun.Process, virtualBench.Hub.Run);
        Assert.IsTrue(usb.Nodes.Where(n => n.Role != DeviceRoleKind.Meter).All(n => n.Run == NodeRun.Serial));
        Assert.AreEqual("serial:/dev/ttyUSB0@115200", usb.Hub.Links["wan"]);
        Assert.AreEqual(11, usb.Nodes.Sum(n => n.Links.Count), "every board link on its own USB adapter");
        Assert.IsFalse(usb.Hops.Any(h => h.Wired));
        Assert.AreEqual(BenchNode.Wired, wired.Node("B1").Links["althan"]);
        Assert.AreEqual(BenchNode.Wired, wired.Node("B2").Links["han"]);
        Assert.IsTrue(wired.Hops.Single(h => h.A == "B1" && h.B == "B2").Wired);
        Assert.AreEqual(7, wired.Nodes.Sum(n => n.Links.Values.Count(v => v != BenchNode.Wired)), "Alt HAN wired UART-to-UART: four adapters fewer");
        Assert.IsTrue(usb.Hops.Where(h => !h.Wired && (usb.Node(h.A).Run == NodeRun.Serial || usb.Node(h.B).Run == NodeRun.Serial)).All(h => h.Model == "ideal"));
        Assert.AreEqual("zigbee", virtualBench.Hops.Single(h => h.A == "B2").Model);
        Assert.AreEqual(HopKind.AltHan, virtualBench.Hops.Single(h => h.A == "B3" && h.B == "B4").Kind);
        Assert.IsInstanceOfType<DistributeStep>(virtualBench.Steps.Single(s => s.Title == "04 distribute ppmid-1.1.5"));
    }

    [TestMethod]
    public void Schema_AndTheRecordsTheLoaderReads_Agree()
    {
        JsonNode schema = JsonNode.Parse(File.ReadAllText(BenchFiles.PathOf("bench.schema.json")))!;
        JsonArray steps = schema["$defs"]!["step"]!["oneOf"]!.AsArray();
        Type[] stepRecords = [typeof(JoinStepJson), typeof(IdentifyStepJson), typeof(DistributeStepJson), typeof(ReadVersionStepJson), typeof(MeterTrafficStepJson), typeof(WaitStepJson)];

        var mismatches = JsonSchemaContract.Compare(schema, schema, typeof(BenchFileJson), BenchFileLoader.Options).ToList();
        Assert.AreEqual(stepRecords.Length, steps.Count, "one record per kind of step");
        for (int i = 0; i < steps.Count; i++)
        {
            mismatches.AddRange(JsonSchemaContract.Compare(schema, steps[i]!, stepRecords[i], BenchFileLoader.Options).Select(m => $"{stepRecords[i].Name} {m}"));
        }

        Assert.AreEqual(0, mismatches.Count, string.Join(Environment.NewLine, mismatches));
    }

    [TestMethod]
    [DataRow("""{ "kind": "zigbee", "between": ["B1", "PPMID"] }""", "$.hops[1]: B1 is a bridge", "a PPMID under a bridge's zigbee side while the bridge's upstream is zigbee")]
    [DataRow("""{ "kind": "althan", "between": ["CH", "PPMID"] }""", "$.hops[1]", "a second hop to the PPMID closes a loop")]
    public void Topology_NotATreeOrWrongRadio_Refused(string extraHop, string expectedStart, string why)
    {
        string json = Bench(hops: """{ "kind": "zigbee", "between": ["CH", "B1"] }, { "kind": "zigbee", "between": ["CH", "PPMID"] }, """ + extraHop);

        var ex = Assert.ThrowsExactly<BenchFileException>(() => BenchFileLoader.Parse(json, "t.json"), why);

        StringAssert.StartsWith(ex.Message, "t.json: $.hops[");
    }

    [TestMethod]
    [DataRow("""{ "kind": "zigbee", "between": ["CH", "PPMID"] }""", "$.nodes[2]: B1 has no hop towards the hub")]
    [DataRow("""{ "kind": "zigbee", "between": ["CH", "B1"] }, { "kind": "zigbee", "between": ["B1", "PPMID"] }""", "$.hops[1].kind: bridge B1 reaches the hub over zigbee, so the devices behind it are on althan")]
    [DataRow("""{ "kind": "zigbee", "between": ["CH", "B1"] }, { "kind": "zigbee", "between": ["CH", "PPMID"], "model": "lora" }""", "$.hops[1].model: unknown radio model 'lora'")]
    [DataRow("""{ "kind": "zigbee", "between": ["CH", "B1"] }, { "kind": "zigbee", "between": ["PPMID", "CH"] }, { "kind": "zigbee", "between": ["CH", "PPMID"] }""", "$.hops[2].between: CH and PPMID are joined by an earlier hop")]
    public void Topology_Defect_PathAndReason(string hops, string expected)
    {
        var ex = Assert.ThrowsExactly<BenchFileException>(() => BenchFileLoader.Parse(Bench(hops: hops), "t.json"));

        StringAssert.StartsWith(ex.Message, "t.json: " + expected);
    }

    [TestMethod]
    public void SerialHanDevice_HubNotAtTheBenchAddress_RefusedNamingTheAddress()
    {
        string json = Bench(
            hubEui: "00DB000000000099",
            ppmid: """{ "name": "PPMID", "role": "ppmid", "eui64": "00DB000000000010", "run": "serial", "links": { "han": "serial:/dev/ttyUSB9" } }""",
            hops: """{ "kind": "zigbee", "between": ["CH", "B1"] }, { "kind": "zigbee", "between": ["CH", "PPMID"] }""");

        var ex = Assert.ThrowsExactly<BenchFileException>(() => BenchFileLoader.Parse(json, "t.json"));

        Assert.AreEqual("$.nodes[0].eui64", ex.JsonPath);
        StringAssert.Contains(ex.Problem, "00DB000000000001");
    }

    [TestMethod]
    public void SerialNode_ZigBeeModel_RefusedBecauseItsFramesAreWhole()
    {
        string json = Bench(
            ppmid: """{ "name": "PPMID", "role": "ppmid", "eui64": "00DB000000000010", "run": "serial", "links": { "han": "tcp:127.0.0.1:9" } }""",
            hops: """{ "kind": "zigbee", "between": ["CH", "B1"] }, { "kind": "zigbee", "between": ["CH", "PPMID"], "model": "zigbee" }""");

        var ex = Assert.ThrowsExactly<BenchFileException>(() => BenchFileLoader.Parse(json, "t.json"));

        Assert.AreEqual("$.hops[1].model", ex.JsonPath);
    }

    [TestMethod]
    public void WiredLink_WithoutAWiredHop_Refused()
    {
        string json = """
            {
              "format": "hanbench-bench/1", "name": "w",
              "nodes": [
                { "name": "CH", "role": "hub", "eui64": "00DB000000000001", "run": "serial", "links": { "wan": "serial:/dev/ttyUSB0", "han": "serial:/dev/ttyUSB1" } },
                { "name": "B1", "role": "bridge", "variant": "B1", "eui64": "00DB000000000021", "run": "serial", "links": { "han": "serial:/dev/ttyUSB2", "althan": "wired" } },
                { "name": "B2", "role": "bridge", "variant": "B2", "eui64": "00DB000000000022", "run": "serial", "links": { "han": "wired", "althan": "serial:/dev/ttyUSB3" } }
              ],
              "hops": [ { "kind": "zigbee", "between": ["CH", "B1"] }, { "kind": "althan", "between": ["B1", "B2"] } ],
              "steps": [ { "join": "all" } ]
            }
            """;

        var ex = Assert.ThrowsExactly<BenchFileException>(() => BenchFileLoader.Parse(json, "t.json"));

        Assert.AreEqual("$.hops[1].wired", ex.JsonPath);
        BenchFile fixedFile = BenchFileLoader.Parse(json.Replace("\"between\": [\"B1\", \"B2\"] }", "\"between\": [\"B1\", \"B2\"], \"wired\": true }"), "t.json");
        Assert.IsTrue(fixedFile.Hops[1].Wired, "the althan hop marked wired is read as wired");
    }

    [TestMethod]
    [DataRow("""{ "jion": "all" }""", "$.steps[0]: a step names one action")]
    [DataRow("""{ "join": "all", "identify": "all" }""", "$.steps[0]: one action per step, not identify and join")]
    [DataRow("""{ "join": ["CH"] }""", "$.steps[0].join: CH is the hub: devices join it")]
    [DataRow("""{ "readVersion": ["PPMID"], "expect": "1.2" }""", "$.steps[0].expect: '1.2' is not a file version")]
    [DataRow("""{ "meterTraffic": ["PPMID"] }""", "$.steps[0].meterTraffic: PPMID: meter traffic is counted on virtual meter nodes")]
    [DataRow("""{ "distribute": "nothing", "to": ["PPMID"], "expect": { "transfer": "success" } }""", "$.steps[0].distribute: no image called 'nothing'")]
    [DataRow("""{ "join": "all", "colour": "red" }""", "$.steps[0].colour: unknown member")]
    public void Step_Defect_PathAndReason(string step, string expected)
    {
        var ex = Assert.ThrowsExactly<BenchFileException>(() => BenchFileLoader.Parse(Bench(steps: step), "t.json"));

        StringAssert.StartsWith(ex.Message, "t.json: " + expected);
    }

    private static string Bench(
        string hubEui = "00DB000000000001",
        string? ppmid = null,
        string hops = """{ "kind": "zigbee", "between": ["CH", "B1"] }, { "kind": "zigbee", "between": ["CH", "PPMID"] }""",
        string steps = """{ "join": "all" }""") => $$"""
        {
          "format": "hanbench-bench/1",
          "name": "t",
          "nodes": [
            { "name": "CH", "role": "hub", "eui64": "{{hubEui}}", "run": "virtual" },
            {{ppmid ?? """{ "name": "PPMID", "role": "ppmid", "eui64": "00DB000000000010", "run": "virtual" }"""}},
            { "name": "B1", "role": "bridge", "variant": "B1", "eui64": "00DB000000000021", "run": "virtual" }
          ],
          "hops": [ {{hops}} ],
          "steps": [ {{steps}} ]
        }
        """;
}
