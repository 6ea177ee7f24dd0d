using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Tooling.Benchmarks;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

/// <summary>What <c>bench scale</c> leaves in the inventory (its times are figures, never asserted).</summary>
[TestClass]
public sealed class ScaleBenchmarkTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Run_SmallScale_EveryDeviceCommissionedWithItsVersionsAndValidReferences()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-scale-test-{Guid.NewGuid():N}.db");
        TestContext.WriteLine($"database: {path}");
        try
        {
            ScaleFigures figures = ScaleBenchmark.Run(path, 400, line => TestContext.WriteLine(line));
            long hubs = figures.CommsHubs;
            long broadcom = figures.BridgesPerVariant[0] + figures.BridgesPerVariant[1] + figures.BridgesPerVariant[2];

            using InventoryStore store = InventoryStore.Open(path);
            Assert.AreEqual(hubs + 400, Scalar(store, "SELECT COUNT(*) FROM devices WHERE status = 'Commissioned'"));
            Assert.AreEqual(hubs + 400, Scalar(store, "SELECT COUNT(*) FROM devices"));
            Assert.AreEqual(400, Scalar(store, "SELECT COUNT(*) FROM devices d JOIN devices h ON h.eui64 = d.comms_hub_eui64 AND h.device_type = 'CHF'"), "every bridge on a hub the inventory holds");
            Assert.AreEqual(0, Scalar(store, "SELECT COUNT(*) FROM pragma_foreign_key_check"), "no reference SQLite would refuse");
            Assert.AreEqual(hubs + 400 + broadcom, Scalar(store, "SELECT COUNT(*) FROM device_firmware"));
            Assert.AreEqual(broadcom, Scalar(store, $"SELECT COUNT(*) FROM device_firmware WHERE component = '{FirmwareComponents.Broadcom}'"), "B1–B3 carry Broadcom, B4 not");
            Assert.AreEqual(hubs + 400 + broadcom, Scalar(store, "SELECT COUNT(*) FROM device_firmware WHERE version = '00010000' AND first_version IS NULL"), "every version as first recorded");
            Assert.AreEqual(0, Scalar(store, "SELECT COUNT(*) FROM firmware_history"), "no change to record yet");
            CollectionAssert.AreEqual(
                new[] { $"{FirmwareComponents.Broadcom}: -> 00010000", $"{FirmwareComponents.SiLabs}: -> 00010000" },
                store.Read(s => DeviceDeploymentRecord.For(s, new Eui64(0x00AA_0100_0000_0000UL))!).History
                    .Select(c => $"{c.Component}:{c.FromVersion} -> {c.ToVersion}").ToArray(),
                "a B1's record shows both versions as first recorded");
            Assert.AreEqual(figures.Steps[2].Items, Scalar(store, "SELECT COUNT(*) FROM firmware_progress WHERE state = 'Queued'"), "the 11.4 queued every bridge it names");
            Assert.IsTrue(Scalar(store, "SELECT COUNT(*) FROM audit_log WHERE message LIKE 'bulk pre-notification:%'") > 0, "the bulk 12.2 is audited");
        }
        finally
        {
            foreach (string file in InventoryStore.FilesOf(path))
            {
                File.Delete(file);
            }
        }
    }

    private static long Scalar(InventoryStore store, string sql) => store.Read(s =>
    {
        using SqliteCommand command = s.Command(sql);
        return (long)command.ExecuteScalar()!;
    });
}
