using HanBench.Host.Inventory;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Cli;

/// <summary>What a kept inventory must look like after a command stopped by a signal (review F14).</summary>
internal static class StoppedInventory
{
    /// <summary>
    /// <paramref name="db"/> was closed by the command, not left open by a process ended from under it: the last connection
    /// to close folds the write-ahead log into the file and removes it; and it passes SQLite's integrity check.
    /// </summary>
    public static void AssertClosedAndIntact(string db, string output)
    {
        Assert.IsTrue(File.Exists(db), $"{db} is kept\n{output}");
        Assert.IsFalse(File.Exists(db + "-wal"), $"the inventory was closed (its -wal folded in and removed), not abandoned mid-run\n{output}");
        using SqliteConnection connection = InventoryStore.OpenConnection(db);
        using SqliteCommand check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.AreEqual("ok", check.ExecuteScalar() as string, output);
    }
}
