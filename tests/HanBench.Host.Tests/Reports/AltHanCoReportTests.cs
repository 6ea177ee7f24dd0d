using System.Text.Json;
using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Host.Tests.Reports;

[TestClass]
public sealed class AltHanCoReportTests
{
    /// <summary>
    /// Bench bridges C1–C4 (B1–B4) plus two more B1 bridges; versions recorded at known times, one B1 without a
    /// Broadcom version and a real PPMID that must not count.
    /// </summary>
    private static InventoryStore Seeded(FixedTime time)
    {
        InventoryStore store = TestBench.Seeded(time: time);
        Eui64 b1b = Eui64.Parse("00-AA-00-00-00-00-01-C1");
        Eui64 b1c = Eui64.Parse("00-AA-00-00-00-00-02-C1");
        store.Write(s =>
        {
            s.Devices.Insert(TestBench.Device(b1b, DeviceType.PPMID, DeviceStatus.Commissioned, TestBench.BridgeMaker, TestBench.BridgeModel, "B1", TestBench.Hub));
            s.Devices.Insert(TestBench.Device(b1c, DeviceType.PPMID, DeviceStatus.Pending, TestBench.BridgeMaker, TestBench.BridgeModel, "B1", null));
            foreach (Eui64 b in new[] { TestBench.Bridges[0], b1b, b1c })
            {
                s.Devices.SetFirmwareVersion(b, FirmwareComponents.SiLabs, "0101");
            }

            s.Devices.SetFirmwareVersion(TestBench.Bridges[0], FirmwareComponents.Broadcom, "0500");
            s.Devices.SetFirmwareVersion(b1b, FirmwareComponents.Broadcom, "0500");
            s.Devices.SetFirmwareVersion(TestBench.Bridges[3], FirmwareComponents.SiLabs, "0401");
        });
        time.Now = TestBench.Start.AddDays(2);
        store.Write(s => s.Devices.SetFirmwareVersion(b1c, FirmwareComponents.SiLabs, "0102"));
        return store;
    }

    [TestMethod]
    public void Csv_SeededInventory_ExactLinesPerVariantComponentVersion()
    {
        var time = new FixedTime(TestBench.Start);
        using InventoryStore store = Seeded(time);
        var csv = new StringWriter();

        store.Read(AltHanCoReport.Build).WriteCsv(csv);

        string[] expected =
        [
            "variant,component,firmware_version,devices,last_change_utc",
            "B1,silabs,0101,2,2024-03-01T12:00:00Z",
            "B1,silabs,0102,1,2024-03-03T12:00:00Z",
            "B1,broadcom,0500,2,2024-03-01T12:00:00Z",
            "B1,broadcom,,1,",
            "B2,silabs,,1,",
            "B2,broadcom,,1,",
            "B3,silabs,,1,",
            "B3,broadcom,,1,",
            "B4,silabs,0401,1,2024-03-01T12:00:00Z",
        ];
        CollectionAssert.AreEqual(expected, csv.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [TestMethod]
    public void Json_SeededInventory_ShapeAndCounts()
    {
        var time = new FixedTime(TestBench.Start);
        using InventoryStore store = Seeded(time);

        using JsonDocument json = JsonDocument.Parse(store.Read(AltHanCoReport.Build).ToJson());

        JsonElement root = json.RootElement;
        Assert.AreEqual("althanco", root.GetProperty("report").GetString());
        Assert.AreEqual(6, root.GetProperty("totalBridges").GetInt64(), "six bridges; the real PPMID is not one");
        JsonElement[] variants = root.GetProperty("variants").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { "B1", "B2", "B3", "B4" }, variants.Select(v => v.GetProperty("variant").GetString()).ToArray());
        Assert.AreEqual(3, variants[0].GetProperty("bridges").GetInt64());
        JsonElement b1SiLabs = variants[0].GetProperty("components")[0];
        Assert.AreEqual("silabs", b1SiLabs.GetProperty("component").GetString());
        JsonElement newest = b1SiLabs.GetProperty("versions")[1];
        Assert.AreEqual("0102", newest.GetProperty("firmwareVersion").GetString());
        Assert.AreEqual(1, newest.GetProperty("devices").GetInt64());
        Assert.AreEqual("2024-03-03T12:00:00Z", newest.GetProperty("lastChangeUtc").GetString());
        JsonElement b4 = variants[3].GetProperty("components");
        Assert.AreEqual(1, b4.GetArrayLength(), "B4 carries only a SiLabs image");
        JsonElement unknown = variants[1].GetProperty("components")[0].GetProperty("versions")[0];
        Assert.AreEqual(JsonValueKind.Null, unknown.GetProperty("firmwareVersion").ValueKind);
    }

    [TestMethod]
    public void DeploymentRecord_VersionChanges_HistoryFromTheTriggerOldestFirst()
    {
        var time = new FixedTime(TestBench.Start);
        using InventoryStore store = Seeded(time);

        DeviceDeploymentRecord record = store.Read(s => DeviceDeploymentRecord.For(s, Eui64.Parse("00-AA-00-00-00-00-02-C1")))!;

        Assert.AreEqual(2, record.History.Count);
        Assert.AreEqual(new FirmwareVersionChange(FirmwareComponents.SiLabs, null, "0101", TestBench.Start), record.History[0]);
        Assert.AreEqual(new FirmwareVersionChange(FirmwareComponents.SiLabs, "0101", "0102", TestBench.Start.AddDays(2)), record.History[1]);
        Assert.AreEqual("0102", record.CurrentVersions[FirmwareComponents.SiLabs]);
        Assert.IsNull(store.Read(s => DeviceDeploymentRecord.For(s, Eui64.Parse("00-00-00-00-00-00-00-99"))));
    }

    [TestMethod]
    public void DeploymentRecord_SameVersionWrittenAgain_NoHistoryLine()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => s.Devices.SetFirmwareVersion(TestBench.Bridges[0], FirmwareComponents.SiLabs, "0101"));
        store.Write(s => s.Devices.SetFirmwareVersion(TestBench.Bridges[0], FirmwareComponents.SiLabs, "0101"));

        Assert.AreEqual(1, store.Read(s => DeviceDeploymentRecord.For(s, TestBench.Bridges[0]))!.History.Count);
    }
}
