using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Inventory;

/// <summary>
/// Brings a database up to a schema version by running the pending <see cref="Migration"/> steps in order.
/// The applied versions are rows of <c>schema_version</c>; each step and its row commit together, so a crash
/// between steps leaves a database that the next start simply continues.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>The highest version recorded in <c>schema_version</c>; 0 for an empty database.</summary>
    public static int CurrentVersion(SqliteConnection connection)
    {
        using SqliteCommand create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL)";
        create.ExecuteNonQuery();

        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(query.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Applies every step of <paramref name="migrations"/> above the current version, up to
    /// <paramref name="targetVersion"/> (default: all). Returns the versions applied.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The database is newer than this program knows (opened by a later HanBench), or the list has a gap.
    /// </exception>
    public static IReadOnlyList<int> Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations, TimeProvider time, int? targetVersion = null)
    {
        int latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        int target = targetVersion ?? latest;
        for (int i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"migration {i + 1} is numbered {migrations[i].Version}: the list must run 1, 2, 3, … without gaps");
            }
        }

        int current = CurrentVersion(connection);
        if (current > latest)
        {
            throw new InvalidOperationException($"the inventory database is at schema version {current}, newer than this HanBench knows ({latest}); use the HanBench that created it");
        }

        var applied = new List<int>();
        foreach (Migration step in migrations)
        {
            if (step.Version <= current || step.Version > target)
            {
                continue;
            }

            // BEGIN IMMEDIATE takes the write lock, and the version is read again under it: two processes opening a new
            // inventory at the same instant (the demo and `ui`, two boards' `csp run`) would otherwise both run step 1
            // ("table devices already exists"); the second now finds it applied and skips it.
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            using (SqliteCommand again = connection.CreateCommand())
            {
                again.Transaction = transaction;
                again.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
                if (Convert.ToInt32(again.ExecuteScalar(), CultureInfo.InvariantCulture) >= step.Version)
                {
                    transaction.Rollback();
                    continue;
                }
            }

            using (SqliteCommand ddl = connection.CreateCommand())
            {
                ddl.Transaction = transaction;
                ddl.CommandText = step.Sql;
                ddl.ExecuteNonQuery();
            }

            using (SqliteCommand record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version, name, applied_utc) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", step.Version);
                record.Parameters.AddWithValue("$n", step.Name);
                record.Parameters.AddWithValue("$t", Sql.Time(time.GetUtcNow()));
                record.ExecuteNonQuery();
            }

            transaction.Commit();
            applied.Add(step.Version);
        }

        return applied;
    }
}
