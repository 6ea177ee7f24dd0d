using HanBench.Host.Inventory;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

[TestClass]
public sealed class InventoryStoreTests
{
    public TestContext TestContext { get; set; } = null!;

    private string TempDatabase()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-{Guid.NewGuid():N}.db");
        TestContext.WriteLine($"database: {path}");
        return path;
    }

    private static void Delete(string path)
    {
        foreach (string file in InventoryStore.FilesOf(path))
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void Open_FreshMemoryDatabase_MigratesToLatestWithEveryTable()
    {
        using InventoryStore store = TestBench.Empty();
        Assert.AreEqual(InventoryMigrations.LatestVersion, store.SchemaVersion);
        Assert.AreEqual(17, InventoryMigrations.LatestVersion);
        var tables = new List<string>();
        store.Read(s =>
        {
            using SqliteCommand list = s.Command("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
            using SqliteDataReader reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }

            return tables;
        });
        foreach (string table in new[] { "audit_log", "cpl_entries", "dcc_alerts", "device_firmware", "devices", "firmware_images", "firmware_progress", "firmware_requests", "schema_version", "service_users", "firmware_history", "request_counters", "gbcs_refusals", "device_certificates", "gbcs_alert_counters", "credential_intents", "firmware_files" })
        {
            CollectionAssert.Contains(tables, table);
        }
    }

    [TestMethod]
    public void Open_NewFileByManyAtOnce_EveryOneOpensAndEachStepIsAppliedOnce()
    {
        // The demo and `ui`, or several processes, may create one inventory at the same instant: each migration step must
        // be applied once, by whoever takes the write lock first, and nobody may fail on "table … already exists".
        for (int round = 0; round < 4; round++)
        {
            string path = TempDatabase();
            try
            {
                const int Openers = 8;
                using var start = new Barrier(Openers);
                var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
                Thread[] threads = Enumerable.Range(0, Openers).Select(_ => new Thread(() =>
                {
                    start.SignalAndWait();
                    try
                    {
                        using InventoryStore store = InventoryStore.Open(path);
                    }
                    catch (Exception ex)
                    {
                        failures.Add(ex);
                    }
                })).ToArray();
                foreach (Thread thread in threads)
                {
                    thread.Start();
                }

                foreach (Thread thread in threads)
                {
                    thread.Join();
                }

                Assert.IsEmpty(failures, string.Join(Environment.NewLine, failures.Select(f => f.Message)));
                using Microsoft.Data.Sqlite.SqliteConnection connection = InventoryStore.OpenConnection(path);
                using Microsoft.Data.Sqlite.SqliteCommand count = connection.CreateCommand();
                count.CommandText = "SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_version";
                using Microsoft.Data.Sqlite.SqliteDataReader reader = count.ExecuteReader();
                Assert.IsTrue(reader.Read());
                Assert.AreEqual(reader.GetInt64(1), reader.GetInt64(0), "each step recorded once");
                Assert.AreEqual((long)SchemaMigrator.CurrentVersion(connection), reader.GetInt64(0));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Delete(path);
            }
        }
    }

    [TestMethod]
    public void Open_FileDatabase_RunsInWriteAheadLogMode()
    {
        string path = TempDatabase();
        try
        {
            using InventoryStore store = InventoryStore.Open(path);
            Assert.AreEqual("wal", store.JournalMode);
        }
        finally
        {
            Delete(path);
        }
    }

    [TestMethod]
    public void Open_NewFileAndFileMadeWithSqliteDefaults_NewGetsSixteenKibPagesTheOtherKeepsItsOwn()
    {
        string fresh = TempDatabase();
        string older = TempDatabase();
        try
        {
            using (var connection = new SqliteConnection($"Data Source={older};Pooling=False"))
            {
                connection.Open();
                using SqliteCommand create = connection.CreateCommand();
                create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE t (x)";
                create.ExecuteNonQuery();
            }

            using InventoryStore made = InventoryStore.Open(fresh);
            using InventoryStore opened = InventoryStore.Open(older);
            Assert.AreEqual(16384L, PageSize(made), "a new inventory");
            Assert.AreEqual(4096L, PageSize(opened), "SQLite keeps an existing file's page size; it migrates and works as before");
            Assert.AreEqual(InventoryMigrations.LatestVersion, opened.SchemaVersion);
            Assert.AreEqual(0, opened.Read(s => s.Devices.All().Count));
        }
        finally
        {
            Delete(fresh);
            Delete(older);
        }

        static long PageSize(InventoryStore store) => store.Read(s =>
        {
            using SqliteCommand pragma = s.Command("PRAGMA page_size");
            return (long)pragma.ExecuteScalar()!;
        });
    }

    [TestMethod]
    public void Open_ExistingDatabaseAtVersionOne_MigratesAndKeepsItsDevices()
    {
        string path = TempDatabase();
        try
        {
            using (SqliteConnection connection = InventoryStore.OpenConnection(path))
            {
                IReadOnlyList<int> applied = SchemaMigrator.Migrate(connection, InventoryMigrations.All, TimeProvider.System, targetVersion: 1);
                CollectionAssert.AreEqual(new[] { 1 }, applied.ToArray());
                using SqliteCommand insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO devices (eui64, device_type, status, manufacturer, model, created_utc, updated_utc) VALUES ('00-DB-12-34-56-78-90-A4', 'PPMID', 'Pending', 'M', 'X', 'now', 'now')";
                insert.ExecuteNonQuery();
            }

            using InventoryStore store = InventoryStore.Open(path);
            Assert.AreEqual(InventoryMigrations.LatestVersion, store.SchemaVersion);
            Assert.AreEqual(DeviceType.PPMID, TestBench.Find(store, TestBench.Ppmid).Type);
            Assert.AreEqual(0, store.Read(s => s.Firmware.Active().Count), "version 2 tables are usable after the upgrade");
        }
        finally
        {
            Delete(path);
        }
    }

    [TestMethod]
    public void Open_DatabaseNewerThanThisProgram_RefusesWithVersionsNamed()
    {
        string path = TempDatabase();
        try
        {
            using (SqliteConnection connection = InventoryStore.OpenConnection(path))
            {
                SchemaMigrator.Migrate(connection, InventoryMigrations.All, TimeProvider.System);
                using SqliteCommand insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO schema_version (version, name, applied_utc) VALUES (99, 'future', 'now')";
                insert.ExecuteNonQuery();
            }

            var error = Assert.ThrowsExactly<InvalidOperationException>(() => InventoryStore.Open(path));
            StringAssert.Contains(error.Message, "99");
        }
        finally
        {
            Delete(path);
        }
    }

    [TestMethod]
    public void Migrate_ListWithGap_Throws()
    {
        using SqliteConnection connection = InventoryStore.OpenConnection(InventoryStore.InMemory);
        Migration[] gap = [new(1, "one", "CREATE TABLE a (x)"), new(3, "three", "CREATE TABLE c (x)")];
        Assert.ThrowsExactly<InvalidOperationException>(() => SchemaMigrator.Migrate(connection, gap, TimeProvider.System));
        Assert.AreEqual(0, SchemaMigrator.CurrentVersion(connection), "nothing applied from a bad list");
    }

    [TestMethod]
    public void Write_WorkThrowsAfterSeveralSteps_NothingIsWritten()
    {
        using InventoryStore store = TestBench.Seeded();
        string before = TestBench.Snapshot(store);

        Assert.ThrowsExactly<IOException>(() => store.Write(s =>
        {
            s.Devices.Insert(TestBench.Device(Eui64.Parse("00-00-00-00-00-00-00-01"), DeviceType.IHD, DeviceStatus.Pending, "M", "X", null, null));
            s.Devices.SetFirmwareVersion(TestBench.Ppmid, FirmwareComponents.Main, "0000FFFF");
            s.Audit.Append("r", "test", null, "I0", "half way");
            throw new IOException("simulated crash mid-transaction");
        }));

        Assert.AreEqual(before, TestBench.Snapshot(store));
        Assert.AreEqual(0, TestBench.AuditCount(store));
    }

    [TestMethod]
    public void Enqueue_SecondTargetBreaksAConstraint_ImageRequestAndFirstProgressAreNotWritten()
    {
        using InventoryStore store = TestBench.Seeded();
        string before = TestBench.Snapshot(store);
        FirmwareTarget[] targets =
        [
            new(TestBench.Bridges[0], TestBench.Hub, FirmwareComponents.SiLabs),
            new(Eui64.Parse("00-00-00-00-00-00-00-99"), TestBench.Hub, FirmwareComponents.SiLabs),
        ];

        Assert.ThrowsExactly<SqliteException>(() => store.Write(s =>
            s.Firmware.Enqueue("r1", "11.4", "00010002", WholeFileHasher.HashOf(TestBench.BridgeImage), TestBench.BridgeImage, targets)));

        Assert.AreEqual(before, TestBench.Snapshot(store));
    }

    [TestMethod]
    public void Write_InsideAnotherWrite_RefusedRatherThanHalfShared()
    {
        using InventoryStore store = TestBench.Empty();
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => store.Write(_ => store.Read(s => s.Devices.All())));
        StringAssert.Contains(error.Message, "inside another");
        Assert.AreEqual(0, store.Read(s => s.Devices.All().Count), "the store is usable afterwards");
    }

    [TestMethod]
    public void Reopen_FileDatabase_KeepsCommittedWork()
    {
        string path = TempDatabase();
        try
        {
            using (InventoryStore store = InventoryStore.Open(path))
            {
                store.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Ppmid, DeviceType.PPMID, DeviceStatus.Pending, "M", "X", "B3", null)));
            }

            using InventoryStore reopened = InventoryStore.Open(path);
            Assert.AreEqual(AltHanVariant.B3, TestBench.Find(reopened, TestBench.Ppmid).AltHanVariant);
        }
        finally
        {
            Delete(path);
        }
    }

    [TestMethod]
    public void AlertLog_SameIdempotencyKeyAfterRestart_IsNotRecordedTwice()
    {
        string path = TempDatabase();
        try
        {
            var alert = new DccAlertRecord("N39:00-DB-12-34-56-78-90-A4:0x8F8B:1", "N39", TestBench.Ppmid, null, "<PPMIDAlert/>", TestBench.Start);
            using (InventoryStore store = InventoryStore.Open(path))
            {
                Assert.IsTrue(store.Write(s => s.Alerts.TryRecord(alert)));
                Assert.IsFalse(store.Write(s => s.Alerts.TryRecord(alert with { Body = "changed" })));
            }

            using InventoryStore reopened = InventoryStore.Open(path);
            Assert.IsFalse(reopened.Write(s => s.Alerts.TryRecord(alert)));
            IReadOnlyList<DccAlertRecord> all = reopened.Read(s => s.Alerts.All());
            Assert.AreEqual(1, all.Count);
            Assert.AreEqual("<PPMIDAlert/>", all[0].Body);
            Assert.AreEqual(1, reopened.Read(s => s.Alerts.Undelivered().Count));
            Assert.IsTrue(reopened.Write(s => s.Alerts.MarkDelivered(alert.IdempotencyKey)));
            Assert.AreEqual(0, reopened.Read(s => s.Alerts.Undelivered().Count));
        }
        finally
        {
            Delete(path);
        }
    }

    [TestMethod]
    public void Cpl_FindActiveImage_MatchesModelHashAndVersionOnlyWhenActive()
    {
        using InventoryStore store = TestBench.Seeded();
        string hash = WholeFileHasher.HashOf(TestBench.BridgeImage);
        Assert.AreEqual(FirmwareComponents.SiLabs, store.Read(s => s.Cpl.FindActiveImage(TestBench.BridgeMaker, TestBench.BridgeModel, hash.ToUpperInvariant(), "00010002"))?.Component);
        Assert.AreEqual(FirmwareComponents.SiLabs, store.Read(s => s.Cpl.FindActiveImage(TestBench.BridgeMaker, TestBench.BridgeModel, hash, "0001000a".Replace('a', '2')))?.Component, "case aside");
        Assert.IsNull(store.Read(s => s.Cpl.FindActiveImage(TestBench.BridgeMaker, TestBench.BridgeModel, hash, "00010003")), "the image is listed as 00010002, not 00010003");
        CollectionAssert.AreEqual(new[] { "00010002" }, store.Read(s => s.Cpl.ActiveVersionsOf(TestBench.BridgeMaker, TestBench.BridgeModel, hash)).ToArray());
        Assert.IsNull(store.Read(s => s.Cpl.FindActiveImage(TestBench.BridgeMaker, "OTHER", hash, "00010002")));
        store.Write(s => s.Cpl.Put(new CplEntry(TestBench.BridgeMaker, TestBench.BridgeModel, FirmwareComponents.SiLabs, "00010002", hash, CplStatus.Withdrawn)));
        Assert.IsNull(store.Read(s => s.Cpl.FindActiveImage(TestBench.BridgeMaker, TestBench.BridgeModel, hash, "00010002")));
    }
}
