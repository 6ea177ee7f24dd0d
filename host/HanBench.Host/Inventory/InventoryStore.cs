using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HanBench.Host.Inventory;

/// <summary>
/// The host's Smart Metering Inventory: one SQLite file (or <c>:memory:</c> for tests) in write-ahead-log mode,
/// migrated to the latest schema on open. Every change runs inside <see cref="Write{T}"/>: one transaction
/// that commits when the work returns and rolls back when it throws, so a multi-step change is all or nothing
/// ("a crash loses nothing"). Calls are serialised: one connection, one writer.
/// </summary>
public sealed class InventoryStore : IDisposable
{
    /// <summary>How long a statement waits for another connection's lock before SQLite answers busy.</summary>
    private const int BusyTimeoutMs = 5000;

    /// <summary>The data source that selects a private in-memory database.</summary>
    public const string InMemory = ":memory:";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private bool _disposed;
    private bool _inSession;

    private InventoryStore(SqliteConnection connection, string dataSource, TimeProvider time)
    {
        _connection = connection;
        DataSource = dataSource;
        Time = time;
    }

    /// <summary>The file path, or <see cref="InMemory"/>.</summary>
    public string DataSource { get; }

    /// <summary>The clock every session stamps its rows with.</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// Opens (creating if need be) the inventory at <paramref name="dataSource"/> — a file path or
    /// <see cref="InMemory"/> — and migrates it to <see cref="InventoryMigrations.LatestVersion"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file holds a newer schema than this program knows.</exception>
    public static InventoryStore Open(string dataSource, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataSource);
        TimeProvider clock = time ?? TimeProvider.System;
        SqliteConnection connection = OpenConnection(dataSource);
        try
        {
            SchemaMigrator.Migrate(connection, InventoryMigrations.All, clock);
            return new InventoryStore(connection, dataSource, clock);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The files an inventory at <paramref name="path"/> may consist of: the database, its write-ahead log and index, and
    /// the rollback journal a bulk write uses (<see cref="Bulk{T}"/>). What to delete when the inventory goes.
    /// </summary>
    public static string[] FilesOf(string path) => [path, path + "-wal", path + "-shm", path + "-journal"];

    /// <summary>A fresh private in-memory inventory (tests, dry runs).</summary>
    public static InventoryStore OpenInMemory(TimeProvider? time = null) => Open(InMemory, time);

    /// <summary>
    /// Opens a raw connection with the pragmas the inventory relies on: WAL for files (readers never block the
    /// writer, and a commit is one append), synchronous=FULL (a committed change survives power loss), foreign keys
    /// on, and 16 KiB pages for a new file. Exposed for migration tests and tools; normal callers use <see cref="Open"/>.
    /// </summary>
    public static SqliteConnection OpenConnection(string dataSource)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = dataSource,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // No pooling: disposing the store really closes the file (tests delete it; a second process may open it).
            Pooling = false,
            ForeignKeys = true,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using SqliteCommand pragmas = connection.CreateCommand();
        // 16 KiB pages (SQLite's default is 4 KiB), HanBench choice for issue 13 §4: at SECMP0170 volumes a quarter as
        // many pages to split, cache and log made `bench scale` a fifth to two fifths faster in CPU per step, for at most
        // 12 KiB more log per page a small commit touches. SQLite keeps the page size an existing file has (WAL cannot
        // change it), so only inventories created from now on get it; page_size must come before journal_mode, which
        // writes the file's first page.
        pragmas.CommandText = "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = " + BusyTimeoutMs + ";";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>The journal mode SQLite reports: "wal" for a file inventory, "memory" for <see cref="InMemory"/>.</summary>
    public string JournalMode => Read(session =>
    {
        using SqliteCommand command = session.Command("PRAGMA journal_mode");
        return (string)command.ExecuteScalar()!;
    });

    /// <summary>
    /// Gives the store's connection a 256 MiB page cache (SQLite's default is 2 MiB). HanBench choice for the CLI and the
    /// scale benchmark: at SECMP0170 volumes the device indexes are hundreds of MiB, and with the default cache every
    /// insert and lookup goes to disk. Memory only; durability is unchanged.
    /// </summary>
    public void UseLargeCache() => Write(session =>
    {
        using SqliteCommand pragma = session.Command("PRAGMA cache_size = -262144");
        pragma.ExecuteNonQuery();
    });

    /// <summary>The schema version the database is at.</summary>
    public int SchemaVersion
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return SchemaMigrator.CurrentVersion(_connection);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> in a read transaction (a consistent snapshot) and returns its result.</summary>
    public T Read<T>(Func<InventorySession, T> work) => Run(work, deferred: true);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction: committed when it returns, rolled back (nothing
    /// written) when it throws.
    /// </summary>
    public T Write<T>(Func<InventorySession, T> work) => Run(work, deferred: false);

    /// <summary>As <see cref="Write{T}"/> for work with no result.</summary>
    public void Write(Action<InventorySession> work) => Run<object?>(session => { work(session); return null; }, deferred: false);

    /// <summary>
    /// Runs <paramref name="work"/> — the many <see cref="Write{T}"/> batches of one bulk operation, on this thread — with
    /// the store to itself (other threads wait until it returns) and, when no other connection has the file open, a
    /// rollback journal instead of the write-ahead log; the log comes back before the call returns.
    /// <para>Why (issue 13 §4, SECMP0170 volumes): a bulk load mostly appends pages. The log writes every page twice —
    /// into the log at commit, into the file at checkpoint — where a rollback journal saves only pages that held data
    /// when the transaction began (SQLite does not journal pages beyond the file's old end), so appended pages are written
    /// once. HanBench measured 12.2 of 2.3 million devices at about a tenth less CPU and a fifth less wall time.
    /// Leaving WAL needs the file to itself; while another connection has it open SQLite keeps WAL and the batches run
    /// in it, as before, with <c>synchronous=NORMAL</c> and a checkpoint at the end to make them durable. A rollback
    /// journal runs with <c>synchronous=FULL</c>, so each batch is durable at its commit either way. Readers in other
    /// processes keep reading between commits (a commit waits, within the busy timeout, for a reader's transaction to end,
    /// and holds new ones back for as long as it writes); a HanBench process that opens the file meanwhile takes it back
    /// to the log (<see cref="OpenConnection"/>), where the rest of the bulk then runs. A crash in the middle leaves a hot
    /// journal SQLite rolls back at the next open: each batch stays all or nothing.</para>
    /// <para>With <paramref name="enforceForeignKeys"/> false SQLite does not check references row by row (about 3 µs a
    /// row for <c>devices.comms_hub_eui64</c>, 1.6 million at SECMP0170 volumes): each batch must then check the
    /// references it wrote itself, set-based, before it returns (<see cref="DeviceRepository.MissingCommsHubs"/>), and
    /// throw to roll the batch back — or write only references that hold by construction.</para>
    /// </summary>
    public T Bulk<T>(Func<T> work, bool enforceForeignKeys = true)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            string? journal = TrySwitchJournal("TRUNCATE");
            Pragma(journal == "wal" ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL");
            if (!enforceForeignKeys)
            {
                Pragma("PRAGMA foreign_keys = OFF");
            }

            try
            {
                return work();
            }
            finally
            {
                // Foreign keys and full sync first, on their own: they come back whatever happens to the journal.
                Pragma("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL");

                // Then the log every other connection expects, asked for once without waiting: a reader holding a
                // transaction in the way (a sqlite3 shell) must not fail a bulk whose batches all committed; the next
                // open anywhere goes back to the log anyway (OpenConnection), and until then this connection commits on
                // the rollback journal at synchronous=FULL. On the log, a checkpoint syncs it before copying it, making
                // batches committed under synchronous=NORMAL durable; a reader in the way only stops the copying.
                if (TrySwitchJournal("WAL") == "wal")
                {
                    Pragma("PRAGMA wal_checkpoint(PASSIVE)");
                }
            }
        }
    }

    /// <summary>
    /// Asks SQLite once, without waiting, for journal mode <paramref name="mode"/>, and returns the mode the connection is
    /// then in. Leaving the log needs the file to itself, and another connection holds it for as long as it has the file
    /// open; going back needs no reader in the way. Waiting (the busy timeout, then Microsoft.Data.Sqlite's own 30 s of
    /// retries) would only delay the caller: SQLite's busy answer means "keep the mode you have". Raw SQLite here,
    /// because the ADO.NET command retries a busy answer.
    /// </summary>
    private string? TrySwitchJournal(string mode)
    {
        Pragma("PRAGMA busy_timeout = 0");
        try
        {
            _ = raw.sqlite3_exec(_connection.Handle, $"PRAGMA journal_mode = {mode}");
        }
        finally
        {
            Pragma($"PRAGMA busy_timeout = {BusyTimeoutMs}");
        }

        return PragmaText("PRAGMA journal_mode");
    }

    private void Pragma(string sql) => PragmaText(sql);

    /// <summary>Runs pragmas outside any session and returns what the first one reports.</summary>
    private string? PragmaText(string sql)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_inSession)
        {
            throw new InvalidOperationException("Bulk called inside Read/Write: run the batches inside Bulk instead");
        }

        using SqliteCommand pragma = _connection.CreateCommand();
        pragma.CommandText = sql;
        using SqliteDataReader reader = pragma.ExecuteReader();
        string? first = reader.Read() ? reader.GetValue(0)?.ToString() : null;
        while (reader.NextResult())
        {
            // Every statement runs: a reader steps a statement only as its results are read.
        }

        return first;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
    }

    private T Run<T>(Func<InventorySession, T> work, bool deferred)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_inSession)
            {
                // The lock is re-entrant, SQLite transactions are not: a nested call would half-share the outer one.
                throw new InvalidOperationException("Read/Write called inside another Read/Write: use the session already open");
            }

            // A write takes SQLite's write lock at BEGIN (IMMEDIATE), so a check made inside the transaction still
            // holds at commit even if another process shares the file.
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred);
            var session = new InventorySession(_connection, transaction, Time.GetUtcNow());
            _inSession = true;
            try
            {
                T result = work(session);
                transaction.Commit();
                return result;
            }
            finally
            {
                session.Close();
                _inSession = false;
            }
        }
    }
}
