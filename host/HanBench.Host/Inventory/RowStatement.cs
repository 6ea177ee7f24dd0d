using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HanBench.Host.Inventory;

/// <summary>
/// One INSERT of a session's transaction run once per row of a bulk write (bulk 12.2: 2.3 million devices at SECMP0170
/// volumes), straight on SQLite's statement API: a value stays bound from one row to the next, so a row rebinds only what
/// changed (mostly its EUI-64, as UTF-8 bytes), and nothing is allocated or converted per row. Through
/// <see cref="SqliteCommand"/> each execution cost more than the insert itself; as one statement over a JSON array of
/// the rows, SQLite's JSON functions were a sixth of the step (bench scale profile). Only for statements that return
/// no rows; dispose before the session ends.
/// </summary>
internal sealed class RowStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    // The string bound at each parameter (index 1…n), compared by reference: bulk rows share their constant values.
    private readonly string?[] _bound;
    private readonly byte[] _utf8 = new byte[1024];

    public RowStatement(InventorySession session, string sql)
    {
        _db = session.Handle;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _bound = new string?[raw.sqlite3_bind_parameter_count(_statement) + 1];
    }

    /// <summary>Binds text (null binds NULL); the same string instance as the row before is not bound again.</summary>
    public void Bind(int index, string? value)
    {
        if (value is not null && ReferenceEquals(_bound[index], value))
        {
            return;
        }

        _bound[index] = value;
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
            return;
        }

        if (Encoding.UTF8.GetMaxByteCount(value.Length) > _utf8.Length)
        {
            Check(raw.sqlite3_bind_text(_statement, index, value));
            return;
        }

        int length = Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(_statement, index, new ReadOnlySpan<byte>(_utf8, 0, length)));
    }

    /// <summary>Binds text given as UTF-8 bytes (SQLite copies them).</summary>
    public void Bind(int index, ReadOnlySpan<byte> utf8)
    {
        _bound[index] = null;
        Check(raw.sqlite3_bind_text(_statement, index, utf8));
    }

    /// <summary>Runs the statement for the values bound now and returns the rows it changed (0: an ON CONFLICT skipped it).</summary>
    /// <exception cref="SqliteException">SQLite refused the row (a constraint); the caller's transaction rolls back.</exception>
    public int Step()
    {
        int rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc);
        }

        return raw.sqlite3_changes(_db);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc);
        }
    }
}
