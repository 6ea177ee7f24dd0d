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
        string path = TemporaryDatabase();
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
            DeleteDatabase(path);
        }
    }

    [TestMethod]
    public void Bulk_FileToItself_RunsOnARollbackJournalAndLeavesTheLogBack()
    {
        string path = TemporaryDatabase();
        try
        {
            using InventoryStore store = InventoryStore.Open(path);
            string during = store.Bulk(() => store.Write(s =>
            {
                s.Devices.Insert(TestBench.Device(TestBench.Hub, DeviceType.CHF, DeviceStatus.Pending, "CHMF", "CH-1", null, null));
                return Text(s, "journal_mode");
            }));

            Assert.AreEqual("truncate", during, "appended pages are written once, not into the log and again at checkpoint");
            Assert.AreEqual("wal", store.JournalMode, "the log is back for every other connection");
            Assert.AreEqual(2L, Pragma(store, "synchronous"), "FULL again");
            Assert.IsFalse(File.Exists(path + "-journal"), "no journal left behind");
            using SqliteConnection other = InventoryStore.OpenConnection(path);
            Assert.AreEqual(1L, Count(other), "the batch is in the file");
        }
        finally
        {
            DeleteDatabase(path);
        }
    }

    [TestMethod]
    public void Bulk_AnotherConnectionHasTheFileOpen_StaysOnTheLogAndTheOtherSeesEveryBatch()
    {
        string path = TemporaryDatabase();
        try
        {
            using InventoryStore store = InventoryStore.Open(path);
            using SqliteConnection other = InventoryStore.OpenConnection(path);
            Assert.AreEqual(0L, Count(other), "the other connection has read the file");
            string during = store.Bulk(() =>
            {
                store.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Hub, DeviceType.CHF, DeviceStatus.Pending, "CHMF", "CH-1", null, null)));
                Assert.AreEqual(1L, Count(other), "a reader sees a committed batch while the bulk goes on");
                return store.Read(s => Text(s, "journal_mode"));
            });

            Assert.AreEqual("wal", during, "SQLite leaves the log only when no other connection has the file open");
            Assert.AreEqual("wal", store.JournalMode);
            Assert.AreEqual(1L, Count(other));
        }
        finally
        {
            DeleteDatabase(path);
        }
    }

    [TestMethod]
    public void Bulk_AReaderHoldsATransactionAsItEnds_ReturnsWithForeignKeysAndFullSyncBackAndTheNextOpenOnTheLog()
    {
        string path = TemporaryDatabase();
        try
        {
            using InventoryStore store = InventoryStore.Open(path);
            // A plain connection (a sqlite3 shell, say) that opens the file during the bulk and holds a read transaction.
            using var reader = new SqliteConnection($"Data Source={path};Pooling=False");
            SqliteTransaction? holding = null;
            long added = store.Bulk(() =>
            {
                store.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Hub, DeviceType.CHF, DeviceStatus.Pending, "CHMF", "CH-1", null, null)));
                reader.Open();
                holding = reader.BeginTransaction(deferred: true);
                Assert.AreEqual(1L, Count(reader), "the reader sees the committed batch and holds its snapshot");
                return 1L;
            },
            enforceForeignKeys: false);

            Assert.AreEqual(1L, added, "a bulk whose batches all committed is not failed by a reader in the way of the log");
            Assert.AreEqual(1L, Pragma(store, "foreign_keys"), "foreign keys enforced again");
            Assert.AreEqual(2L, Pragma(store, "synchronous"), "FULL again");
            holding!.Dispose();
            using SqliteConnection next = InventoryStore.OpenConnection(path);
            using SqliteCommand mode = next.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode";
            Assert.AreEqual("wal", (string)mode.ExecuteScalar()!, "the next open goes back to the log");
            Assert.AreEqual(1L, Count(next));
        }
        finally
        {
            DeleteDatabase(path);
        }
    }

    private string TemporaryDatabase()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-bulk-{Guid.NewGuid():N}.db");
        TestContext.WriteLine($"database: {path}");
        return path;
    }

    private static void DeleteDatabase(string path)
    {
        foreach (string file in InventoryStore.FilesOf(path))
        {
            File.Delete(file);
        }
    }

    private static long Count(SqliteConnection connection)
    {
        using SqliteCommand count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM devices";
        return (long)count.ExecuteScalar()!;
    }

    private static string Text(InventorySession session, string pragma)
    {
        using SqliteCommand command = session.Command($"PRAGMA {pragma}");
        return (string)command.ExecuteScalar()!;
    }

    private static long Pragma(InventoryStore store, string name) => store.Read(s =>
    {
        using SqliteCommand pragma = s.Command($"PRAGMA {name}");
        return (long)pragma.ExecuteScalar()!;
    });
}
