using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

/// <summary>Migration 14: device_firmware keyed WITHOUT ROWID and the partial Comms Hub index, on an inventory with rows.</summary>
[TestClass]
public sealed class DeviceFirmwareKeyedMigrationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Open_DatabaseAtVersionTwelveWithVersions_KeepsRowsHistoryTriggersAndCascade()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-v12-{Guid.NewGuid():N}.db");
        TestContext.WriteLine($"database: {path}");
        try
        {
            using (SqliteConnection connection = InventoryStore.OpenConnection(path))
            {
                SchemaMigrator.Migrate(connection, InventoryMigrations.All, TimeProvider.System, targetVersion: 12);
                using SqliteCommand insert = connection.CreateCommand();
                insert.CommandText = $"""
                    INSERT INTO devices (eui64, device_type, status, manufacturer, model, created_utc, updated_utc) VALUES ('00-DB-12-34-56-78-90-A2', 'CHF', 'Commissioned', 'CHMF', 'CH-1', 'now', 'now');
                    INSERT INTO devices (eui64, device_type, status, manufacturer, model, smets_variant, comms_hub_eui64, created_utc, updated_utc) VALUES ('00-AA-00-00-00-00-00-C1', 'PPMID', 'Commissioned', 'AHCO', 'BRIDGE-1', 'B1', '00-DB-12-34-56-78-90-A2', 'now', 'now');
                    INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES ('00-AA-00-00-00-00-00-C1', '{FirmwareComponents.SiLabs}', '00010000', '2025-01-01T00:00:01.0000000Z');
                    INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES ('00-AA-00-00-00-00-00-C1', '{FirmwareComponents.Broadcom}', '00020000', '2025-01-01T00:00:01.0000000Z');
                    UPDATE device_firmware SET version = '00010002', updated_utc = '2025-01-01T00:00:02.0000000Z' WHERE component = '{FirmwareComponents.SiLabs}';
                    """;
                insert.ExecuteNonQuery();
            }

            using InventoryStore store = InventoryStore.Open(path);
            Eui64 bridge = TestBench.Bridges[0];

            Assert.AreEqual(InventoryMigrations.LatestVersion, store.SchemaVersion);
            CollectionAssert.AreEqual(
                new[] { $"{FirmwareComponents.Broadcom}=00020000", $"{FirmwareComponents.SiLabs}=00010002" },
                store.Read(s => s.Devices.FirmwareVersions(bridge)).Select(p => $"{p.Key}={p.Value}").ToArray(),
                "every version kept");
            StringAssert.Contains(Sql(store, "SELECT sql FROM sqlite_master WHERE name = 'device_firmware'"), "WITHOUT ROWID");
            StringAssert.Contains(Sql(store, "SELECT sql FROM sqlite_master WHERE name = 'ix_devices_comms_hub'"), "WHERE comms_hub_eui64 IS NOT NULL");
            Assert.AreEqual(TestBench.Hub, store.Read(s => s.Devices.OnCommsHub(TestBench.Hub)).Single().CommsHubId, "devices found by their hub");

            // The triggers are back on the new table: a change and a new component are recorded in the history.
            store.Write(s =>
            {
                s.Devices.SetFirmwareVersion(bridge, FirmwareComponents.SiLabs, "00010003");
                s.Devices.SetFirmwareVersion(bridge, "extra", "1");
            });
            Assert.AreEqual(
                $"{FirmwareComponents.Broadcom}||00020000;extra||1;{FirmwareComponents.SiLabs}||00010000;{FirmwareComponents.SiLabs}|00010000|00010002;{FirmwareComponents.SiLabs}|00010002|00010003",
                string.Join(";", store.Read(s => DeviceDeploymentRecord.For(s, bridge)!).History
                    .OrderBy(c => c.Component, StringComparer.Ordinal)
                    .Select(c => $"{c.Component}|{c.FromVersion}|{c.ToVersion}")));

            // The foreign keys hold: versions go with their device, a hub with devices on it cannot go.
            Assert.ThrowsExactly<SqliteException>(() => store.Write(s => s.Devices.Delete(TestBench.Hub)));
            Assert.IsTrue(store.Write(s => s.Devices.Delete(bridge)));
            Assert.AreEqual("0", Sql(store, "SELECT COUNT(*) FROM device_firmware"), "ON DELETE CASCADE kept");
            Assert.AreEqual("0", Sql(store, "SELECT COUNT(*) FROM pragma_foreign_key_check"));
        }
        finally
        {
            foreach (string file in InventoryStore.FilesOf(path))
            {
                File.Delete(file);
            }
        }
    }

    private static string Sql(InventoryStore store, string sql) => store.Read(s =>
    {
        using SqliteCommand command = s.Command(sql);
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    });
}
