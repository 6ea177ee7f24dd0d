using HanBench.Host.Inventory;
using HanBench.Tooling.Benchmarks;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

/// <summary>What <c>bench scale</c> leaves in the inventory (its times are figures, never asserted).</summary>
[TestClass]
public sealed class ScaleBenchmarkTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Run_SmallScale_EveryDeviceCommissionedWithVersionsHistoryAndValidReferences()
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
            Assert.AreEqual(
                Scalar(store, "SELECT COUNT(*) FROM device_firmware"),
                Scalar(store, "SELECT COUNT(*) FROM device_firmware f JOIN firmware_history h ON h.eui64 = f.eui64 AND h.component = f.component AND h.from_version IS NULL AND h.to_version = f.version AND h.at_utc = f.updated_utc"),
                "every recorded version has its history row");
            Assert.AreEqual(Scalar(store, "SELECT COUNT(*) FROM device_firmware"), Scalar(store, "SELECT COUNT(*) FROM firmware_history"), "and no other");
            Assert.AreEqual(figures.Steps[2].Items, Scalar(store, "SELECT COUNT(*) FROM firmware_progress WHERE state = 'Queued'"), "the 11.4 queued every bridge it names");
            Assert.IsTrue(Scalar(store, "SELECT COUNT(*) FROM audit_log WHERE message LIKE 'bulk pre-notification:%'") > 0, "the bulk 12.2 is audited");
        }
        finally
        {
            foreach (string suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private static long Scalar(InventoryStore store, string sql) => store.Read(s =>
    {
        using SqliteCommand command = s.Command(sql);
        return (long)command.ExecuteScalar()!;
    });
}
