using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

/// <summary>
/// The host took over the portable <see cref="AltHanVariant"/> (B1 = 1 … B4 = 4, None = 0) in place of its own enumeration
/// (B1 = 0 … B4 = 3). The inventory stores the variant as its text, so a database written before opens unchanged.
/// </summary>
[TestClass]
public sealed class AltHanVariantStorageTests
{
    /// <summary>The schema version the inventory had when the host's own variant enumeration went (issue 11 §2).</summary>
    private const int SchemaBeforeOneVariant = 7;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Open_DatabaseWrittenBeforeOneVariantEnum_ReadsEveryBridgeVariantUnchanged()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-variant-{Guid.NewGuid():N}.db");
        TestContext.WriteLine($"database: {path}");
        try
        {
            WriteAsBefore(path);

            using (InventoryStore store = InventoryStore.Open(path))
            {
                for (int i = 0; i < 4; i++)
                {
                    DeviceRecord bridge = TestBench.Find(store, TestBench.Bridges[i]);
                    Assert.AreEqual(AltHanVariants.Bridges[i], bridge.AltHanVariant, bridge.DeviceId.ToString());
                    Assert.IsTrue(bridge.IsAltHan);
                }

                Assert.IsNull(TestBench.Find(store, TestBench.Ppmid).AltHanVariant, "a PPMID without a variant is no bridge");
                Assert.IsNull(TestBench.Find(store, TestBench.Esme).AltHanVariant, "an ESME variant is no Alt HAN variant");
                AltHanCoReport report = store.Read(AltHanCoReport.Build);
                CollectionAssert.AreEqual(new long[] { 1, 1, 1, 1 }, AltHanVariants.Bridges.Select(v => report.BridgesPerVariant[v]).ToArray());

                // A bridge added now is stored in the same form as the old ones.
                Eui64 added = Eui64.Parse("00-AA-00-00-00-00-00-C5");
                store.Write(s => s.Devices.Insert(TestBench.Device(added, DeviceType.PPMID, DeviceStatus.Pending, TestBench.BridgeMaker, TestBench.BridgeModel, AltHanVariant.B2.ToString(), null)));
                Assert.AreEqual("B2", StoredVariant(store, added));
                Assert.AreEqual("B4", StoredVariant(store, TestBench.Bridges[3]));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (string file in InventoryStore.FilesOf(path))
            {
                File.Delete(file);
            }
        }
    }

    [TestMethod]
    public void TryParse_NoneOrOtherText_NotAVariant()
    {
        foreach (string text in new[] { "None", "0", "1", "b1", "B5", string.Empty })
        {
            Assert.IsFalse(AltHanVariants.TryParse(text, out _), text);
        }

        Assert.IsFalse(AltHanVariants.TryParse(null, out _));
        Assert.IsTrue(AltHanVariants.TryParse("B4", out AltHanVariant b4));
        Assert.AreEqual(AltHanVariant.B4, b4);
    }

    /// <summary>A database at schema 7 with rows as HanBench wrote them then: the variant's name in <c>smets_variant</c>.</summary>
    private static void WriteAsBefore(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        SchemaMigrator.Migrate(connection, InventoryMigrations.All, TimeProvider.System, SchemaBeforeOneVariant);
        string[] names = ["B1", "B2", "B3", "B4"];
        for (int i = 0; i < names.Length; i++)
        {
            Insert(connection, TestBench.Bridges[i], "PPMID", names[i]);
        }

        Insert(connection, TestBench.Ppmid, "PPMID", null);
        Insert(connection, TestBench.Esme, "ESME", "A");
    }

    private static void Insert(SqliteConnection connection, Eui64 id, string type, string? variant)
    {
        using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO devices (eui64, device_type, status, manufacturer, model, smets_variant, created_utc, updated_utc)
            VALUES ($id, $type, 'Pending', 'AHCO', 'BRIDGE-1', $variant, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z')
            """;
        insert.Parameters.AddWithValue("$id", id.ToString());
        insert.Parameters.AddWithValue("$type", type);
        insert.Parameters.AddWithValue("$variant", (object?)variant ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    private static string? StoredVariant(InventoryStore store, Eui64 id) => store.Read(s =>
    {
        using SqliteCommand query = s.Command("SELECT smets_variant FROM devices WHERE eui64 = $id", ("$id", id.ToString()));
        return query.ExecuteScalar() as string;
    });
}
