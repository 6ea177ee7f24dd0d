using Microsoft.Data.Sqlite;

namespace HanBench.Host.Inventory;

/// <summary>
/// The repositories, bound to one open transaction of an <see cref="InventoryStore"/>. Only valid inside the
/// <see cref="InventoryStore.Read{T}"/>/<see cref="InventoryStore.Write{T}"/> call that created it.
/// </summary>
public sealed class InventorySession
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    // The repositories' statements, prepared once per transaction and reused with new parameters: a bulk request
    // (one 11.4 for 100,000 devices) runs the same few lookups per device, and preparing each anew cost about as much as
    // running it.
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    internal InventorySession(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        _connection = connection;
        _transaction = transaction;
        Now = now;
        Devices = new DeviceRepository(this);
        Cpl = new CentralProductList(this);
        Firmware = new FirmwareQueue(this);
        Credentials = new CredentialQueue(this);
        Alerts = new DccAlertLog(this);
        Audit = new AuditLog(this);
        GbcsRefusals = new GbcsRefusalLog(this);
    }

    /// <summary>One timestamp for the whole transaction, so every row it writes agrees.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Devices and their firmware versions.</summary>
    public DeviceRepository Devices { get; }

    /// <summary>The Central Product List.</summary>
    public CentralProductList Cpl { get; }

    /// <summary>Firmware images, requests and per-device progress.</summary>
    public FirmwareQueue Firmware { get; }

    /// <summary>Credential service requests queued for the CSP, and their outcomes.</summary>
    public CredentialQueue Credentials { get; }

    /// <summary>DCC alerts issued.</summary>
    public DccAlertLog Alerts { get; }

    /// <summary>The audit log.</summary>
    public AuditLog Audit { get; }

    /// <summary>GBCS responses and alerts refused before acting, counted.</summary>
    public GbcsRefusalLog GbcsRefusals { get; }

    /// <summary>A command enlisted in this session's transaction, with named parameters (<c>$name</c>).</summary>
    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, Sql.Value(value));
        }

        return command;
    }

    internal int Execute(string sql, params (string Name, object? Value)[] parameters) =>
        Prepared(sql, parameters).ExecuteNonQuery();

    /// <summary>Runs a query and reads every row before returning (so its statement is free for the next call).</summary>
    internal List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using SqliteDataReader reader = Prepared(sql, parameters).ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>The connection's SQLite handle, for <see cref="RowStatement"/> (statements of this transaction).</summary>
    internal SQLitePCL.sqlite3 Handle => _connection.Handle!;

    /// <summary>Finalises the statements this session prepared (the store calls it when the transaction ends).</summary>
    internal void Close()
    {
        foreach (SqliteCommand command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
    }

    /// <summary>The cached command for <paramref name="sql"/> with <paramref name="parameters"/> bound afresh.</summary>
    private SqliteCommand Prepared(string sql, (string Name, object? Value)[] parameters)
    {
        if (!_prepared.TryGetValue(sql, out SqliteCommand? command))
        {
            command = Command(sql);
            _prepared.Add(sql, command);
        }
        else
        {
            command.Parameters.Clear();
        }

        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, Sql.Value(value));
        }

        return command;
    }
}
