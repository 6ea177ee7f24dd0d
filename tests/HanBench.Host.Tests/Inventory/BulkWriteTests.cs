using HanBench.Host.Inventory;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

/// <summary>The bulk paths: <see cref="InventoryStore.Bulk{T}"/> and its set-based checks.</summary>
[TestClass]
public sealed class BulkWriteTests
{
    public TestContext TestContext { get; set; } = null!;

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
}
