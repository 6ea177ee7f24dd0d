using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

/// <summary>
/// Migration 16: the version first recorded moves from a "from nothing" history row into its device_firmware row; a
/// device's record reads the same history before and after.
/// </summary>
[TestClass]
public sealed class FirstVersionMigrationTests
{
    private const string Hub = "00-DB-12-34-56-78-90-A2";
    private const string Changed = "00-AA-00-00-00-00-00-C1";
    private const string Touched = "00-AA-00-00-00-00-00-C2";
    private const string Readded = "00-AA-00-00-00-00-00-C3";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Open_DatabaseAtVersionFifteenWithHistory_EveryRecordReadsTheSameHistory()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-v15-{Guid.NewGuid():N}.db");
        TestContext.WriteLine($"database: {path}");
        try
        {
            Dictionary<string, string[]> before;
            using (SqliteConnection connection = InventoryStore.OpenConnection(path))
            {
                SchemaMigrator.Migrate(connection, InventoryMigrations.All, TimeProvider.System, targetVersion: 15);
                Execute(connection, $"""
                    INSERT INTO devices (eui64, device_type, status, manufacturer, model, created_utc, updated_utc) VALUES ('{Hub}', 'CHF', 'Commissioned', 'CHMF', 'CH-1', '{T(0)}', '{T(0)}');
                    INSERT INTO devices (eui64, device_type, status, manufacturer, model, smets_variant, created_utc, updated_utc) VALUES ('{Changed}', 'PPMID', 'Pending', 'AHCO', 'B', 'B1', '{T(0)}', '{T(0)}');
                    INSERT INTO devices (eui64, device_type, status, manufacturer, model, smets_variant, created_utc, updated_utc) VALUES ('{Touched}', 'PPMID', 'Pending', 'AHCO', 'B', 'B4', '{T(0)}', '{T(0)}');
                    INSERT INTO devices (eui64, device_type, status, manufacturer, model, smets_variant, created_utc, updated_utc) VALUES ('{Readded}', 'PPMID', 'Pending', 'AHCO', 'B', 'B4', '{T(0)}', '{T(0)}');
                    INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES ('{Hub}', 'main', '00010000', '{T(1)}');
                    INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES ('{Changed}', 'silabs', '00010000', '{T(1)}');
                    INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES ('{Changed}', 'broadcom', '00010000', '{T(2)}');
                    UPDATE device_firmware SET version = '00020000', updated_utc = '{T(3)}' WHERE eui64 = '{Changed}' AND component = 'broadcom';
                    UPDATE device_firmware SET version = '00030000', updated_utc = '{T(4)}' WHERE eui64 = '{Changed}' AND component = 'broadcom';
                    INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES ('{Touched}', 'silabs', '00010000', '{T(1)}');
                    UPDATE device_firmware SET updated_utc = '{T(5)}' WHERE eui64 = '{Touched}';
                    INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES ('{Readded}', 'silabs', '00010000', '{T(1)}');
                    DELETE FROM devices WHERE eui64 = '{Readded}';
                    INSERT INTO devices (eui64, device_type, status, manufacturer, model, smets_variant, created_utc, updated_utc) VALUES ('{Readded}', 'PPMID', 'Pending', 'AHCO', 'B', 'B4', '{T(6)}', '{T(6)}');
                    INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES ('{Readded}', 'silabs', '00050000', '{T(6)}');
                    """);
                before = new[] { Hub, Changed, Touched, Readded }.ToDictionary(d => d, d => OldHistory(connection, d));
            }

            using InventoryStore store = InventoryStore.Open(path);
            Assert.AreEqual(InventoryMigrations.LatestVersion, store.SchemaVersion);
            foreach ((string device, string[] history) in before)
            {
                string[] after = Record(store, device);
                CollectionAssert.AreEquivalent(history, after, $"{device}: the same changes");
                CollectionAssert.AreEqual(after.OrderBy(line => line[(line.LastIndexOf('@') + 1)..], StringComparer.Ordinal).ToArray(), after, $"{device}: oldest first");
            }

            Assert.AreEqual(4, before[Changed].Length, "the scenario has first records and changes");
            CollectionAssert.AreEqual(new[] { $"silabs||00010000@{T(1)}", $"silabs||00050000@{T(6)}" }, Record(store, Readded), "a device added again keeps its earlier life's first version");
            Assert.AreEqual(1L, Count(store, "SELECT COUNT(*) FROM firmware_history WHERE from_version IS NULL"), "only the first version no row stands for stays in the history");
            Assert.AreEqual(0L, Count(store, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'tr_device_firmware_inserted'"));

            // A device removed after the migration (8.4) leaves its first version in the history, as the history row did.
            string[] changed = Record(store, Changed);
            store.Write(s => s.Devices.Delete(Eui64.Parse(Changed)));
            store.Write(s => s.Devices.Insert(TestBench.Device(Eui64.Parse(Changed), DeviceType.PPMID, DeviceStatus.Pending, "AHCO", "B", "B1", null)));
            CollectionAssert.AreEquivalent(changed, Record(store, Changed), "everything recorded before the removal is still there");

            // After the migration: a change keeps the first version in the record; a version recorded anew is a first one.
            store.Write(s =>
            {
                s.Devices.SetFirmwareVersion(Eui64.Parse(Touched), FirmwareComponents.SiLabs, "00010001");
                s.Devices.SetFirmwareVersion(Eui64.Parse(Hub), "extra", "1");
            });
            string[] touched = Record(store, Touched);
            Assert.AreEqual($"silabs||00010000@{T(1)}", touched[0], "first version and time kept, though the row was touched at T5");
            StringAssert.StartsWith(touched[1], "silabs|00010000|00010001@");
            CollectionAssert.AreEqual(new[] { "main||00010000", "extra||1" }, Record(store, Hub).Select(l => l[..l.IndexOf('@')]).ToArray());
        }
        finally
        {
            foreach (string file in InventoryStore.FilesOf(path))
            {
                File.Delete(file);
            }
        }
    }

    private static string T(int second) => $"2025-01-01T00:00:0{second}.0000000Z";

    private static string[] Record(InventoryStore store, string device) =>
        store.Read(s => DeviceDeploymentRecord.For(s, Eui64.Parse(device))!).History
            .Select(c => $"{c.Component}|{c.FromVersion}|{c.ToVersion}@{c.AtUtc.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}")
            .ToArray();

    /// <summary>A device's history as the record read it before migration 16: every row of firmware_history.</summary>
    private static string[] OldHistory(SqliteConnection connection, string device)
    {
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT component, from_version, to_version, at_utc FROM firmware_history WHERE eui64 = $id ORDER BY id";
        query.Parameters.AddWithValue("$id", device);
        using SqliteDataReader r = query.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add($"{r.GetString(0)}|{(r.IsDBNull(1) ? string.Empty : r.GetString(1))}|{r.GetString(2)}@{r.GetString(3)}");
        }

        return [.. rows];
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Count(InventoryStore store, string sql) => store.Read(s =>
    {
        using SqliteCommand command = s.Command(sql);
        return (long)command.ExecuteScalar()!;
    });
}
