using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

/// <summary>The bulk paths: set-based firmware versions, <see cref="InventoryStore.Bulk{T}"/> and its set-based checks.</summary>
[TestClass]
public sealed class BulkWriteTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void RecordNewFirmwareVersions_NewAndRecordedVersions_RecordedAsTheOneRowPathRecordsThem()
    {
        using InventoryStore store = TestBench.Seeded();

        // Bridges 0 and 1 get SiLabs through the per-row path (the trigger) first; the bulk then records every bridge.
        store.Write(s =>
        {
            s.Devices.SetFirmwareVersion(TestBench.Bridges[0], FirmwareComponents.SiLabs, "00000009");
            s.Devices.SetFirmwareVersion(TestBench.Bridges[1], FirmwareComponents.SiLabs, "00010000");
        });
        long added = store.Write(s => s.Devices.RecordNewFirmwareVersions(
            "SELECT eui64, $c, '00010000', $now FROM devices WHERE eui64 LIKE '00-AA-%'",
            ("$c", FirmwareComponents.SiLabs),
            ("$now", "2024-03-01T12:00:00.0000000Z")));

        Assert.AreEqual(TestBench.Bridges.Length - 2, added, "versions recorded already are left as they are");
        Assert.AreEqual("00000009", store.Read(s => s.Devices.FirmwareVersion(TestBench.Bridges[0], FirmwareComponents.SiLabs)));
        string[] expected = TestBench.Bridges.Select(b => b == TestBench.Bridges[0] ? $"{b}|{FirmwareComponents.SiLabs}||00000009" : $"{b}|{FirmwareComponents.SiLabs}||00010000").ToArray();
        CollectionAssert.AreEquivalent(expected, History(store, FirmwareComponents.SiLabs), "each device's record starts with its first version, as SetFirmwareVersion records it");
        Assert.AreEqual(0L, Count(store, "firmware_history"), "a first version is no change");

        // A later change is recorded as one: the record keeps the first version and adds the change.
        store.Write(s => s.Devices.SetFirmwareVersion(TestBench.Bridges[2], FirmwareComponents.SiLabs, "00010002"));
        CollectionAssert.IsSubsetOf(
            new[] { $"{TestBench.Bridges[2]}|{FirmwareComponents.SiLabs}||00010000", $"{TestBench.Bridges[2]}|{FirmwareComponents.SiLabs}|00010000|00010002" },
            History(store, FirmwareComponents.SiLabs));
        Assert.AreEqual(1L, Count(store, "firmware_history"));
    }

    [TestMethod]
    public void RecordNewFirmwareVersions_StatementFails_NothingWritten()
    {
        using InventoryStore store = TestBench.Seeded();
        string before = TestBench.Snapshot(store);

        Assert.ThrowsExactly<SqliteException>(() => store.Write(s => s.Devices.RecordNewFirmwareVersions(
            "SELECT eui64, $c, NULL, 'now' FROM devices WHERE eui64 LIKE '00-AA-%'", ("$c", FirmwareComponents.SiLabs))));

        Assert.AreEqual(before, TestBench.Snapshot(store), "a NOT NULL version refused rolls the whole write back");
        store.Write(s => s.Devices.SetFirmwareVersion(TestBench.Bridges[3], FirmwareComponents.SiLabs, "00010002"));
        CollectionAssert.AreEqual(new[] { $"{TestBench.Bridges[3]}|{FirmwareComponents.SiLabs}||00010002" }, History(store, FirmwareComponents.SiLabs));
    }

    [TestMethod]
    public void Bulk_WithoutForeignKeyEnforcement_CheckedSetBasedAndEnforcementBackAfterAThrow()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-bulk-{Guid.NewGuid():N}.db");
        TestContext.WriteLine($"database: {path}");
        try
        {
            using InventoryStore store = InventoryStore.Open(path);
            store.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Hub, DeviceType.CHF, DeviceStatus.Commissioned, "CHMF", "CH-1", null, null)));
            Eui64 orphan = Eui64.Parse("00-AA-00-00-00-00-00-01");
            Eui64 nowhere = Eui64.Parse("00-DB-00-00-00-00-00-99");

            var e = Assert.ThrowsExactly<InvalidOperationException>(() => store.Bulk<long>(
                () => store.Write<long>(s =>
                {
                    s.Devices.Insert(TestBench.Device(orphan, DeviceType.PPMID, DeviceStatus.Commissioned, "AHCO", "B", "B1", nowhere));
                    long missing = s.Devices.MissingCommsHubs(orphan, Eui64.Parse("00-AA-00-00-00-00-00-02"));
                    throw new InvalidOperationException($"{missing} missing");
                }),
                enforceForeignKeys: false));

            Assert.AreEqual("1 missing", e.Message, "the set-based check sees the reference SQLite did not check");
            Assert.IsNull(store.Read(s => s.Devices.Find(orphan)), "the batch that threw was rolled back");
            Assert.AreEqual(1L, Pragma(store, "foreign_keys"));
            Assert.AreEqual(2L, Pragma(store, "synchronous"), "FULL again");
            Assert.ThrowsExactly<SqliteException>(() => store.Write(s => s.Devices.Insert(TestBench.Device(orphan, DeviceType.PPMID, DeviceStatus.Commissioned, "AHCO", "B", "B1", nowhere))));
        }
        finally
        {
            foreach (string suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private static long Pragma(InventoryStore store, string name) => store.Read(s =>
    {
        using SqliteCommand pragma = s.Command($"PRAGMA {name}");
        return (long)pragma.ExecuteScalar()!;
    });

    /// <summary>Every bridge's version history of <paramref name="component"/>, as the device's record reads it.</summary>
    private static List<string> History(InventoryStore store, string component) => store.Read(s => TestBench.Bridges
        .SelectMany(b => DeviceDeploymentRecord.For(s, b)!.History.Where(c => c.Component == component).Select(c => $"{b}|{c.Component}|{c.FromVersion}|{c.ToVersion}"))
        .ToList());

    private static long Count(InventoryStore store, string table) => store.Read(s =>
    {
        using SqliteCommand count = s.Command($"SELECT COUNT(*) FROM {table}");
        return (long)count.ExecuteScalar()!;
    });
}
