using System.Globalization;
using HanBench.Host.Inventory;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Csp;

/// <summary>
/// Tells the CSP at once when another process committed to its inventory (a <c>hanbench firmware submit</c> or
/// <c>cancel</c>, a DUIS request through <c>hanbench serve</c>): the file system reports a write to the database or its
/// write-ahead log, and SQLite's <c>PRAGMA data_version</c> on the CSP's own connection (which changes only when another
/// connection commits, sqlite.org/pragma.html#pragma_data_version) says whether it was someone else's. The engine's
/// periodic scan stays as the fallback for a notification the file system drops.
/// </summary>
public sealed class InventoryWatch : IDisposable
{
    private readonly InventoryStore _store;
    private readonly Action<Action> _post;
    private readonly Action _changed;
    private readonly FileSystemWatcher _watcher;
    private long _version;
    private int _queued;

    /// <summary>
    /// Watches <paramref name="store"/>'s file; on a commit by another connection runs <paramref name="changed"/> through
    /// <paramref name="post"/> (onto the thread that owns the store, which is where the version is read too).
    /// </summary>
    /// <exception cref="ArgumentException">The store is in memory (no file to watch).</exception>
    public InventoryWatch(InventoryStore store, Action<Action> post, Action changed)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(changed);
        string path = Path.GetFullPath(store.DataSource);
        if (store.DataSource == InventoryStore.InMemory || Path.GetDirectoryName(path) is not { } directory)
        {
            throw new ArgumentException("an in-memory inventory has no file to watch", nameof(store));
        }

        _store = store;
        _post = post;
        _changed = changed;
        _version = DataVersion(store);
        _watcher = new FileSystemWatcher(directory, Path.GetFileName(path) + "*")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
        };
        _watcher.Changed += OnFileEvent;
        _watcher.Created += OnFileEvent;
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Commits by other connections noticed so far.</summary>
    public long Noticed { get; private set; }

    /// <summary>The inventory's data version as this connection sees it (changes with every other connection's commit).</summary>
    public static long DataVersion(InventoryStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Read(s =>
        {
            using SqliteCommand command = s.Command("PRAGMA data_version");
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        });
    }

    /// <summary>Runs on the store's thread: whether another connection committed since the last check.</summary>
    public bool CheckNow()
    {
        long version = DataVersion(_store);
        if (version == _version)
        {
            return false;
        }

        _version = version;
        Noticed++;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _watcher.Dispose();

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        // A burst of writes (database, log, shared memory) becomes one check on the store's thread.
        if (Interlocked.Exchange(ref _queued, 1) == 0)
        {
            _post(() =>
            {
                Volatile.Write(ref _queued, 0);
                if (CheckNow())
                {
                    _changed();
                }
            });
        }
    }
}
