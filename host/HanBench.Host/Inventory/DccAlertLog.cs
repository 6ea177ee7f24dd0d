using Microsoft.Data.Sqlite;

namespace HanBench.Host.Inventory;

/// <summary>
/// DCC alerts issued (table <c>dcc_alerts</c>), an outbox keyed by idempotency key: recording the same event
/// twice (a device alert replayed after a restart) issues nothing new.
/// </summary>
public sealed class DccAlertLog
{
    private const string Columns = "idempotency_key, alert_code, device_eui64, request_id, body, created_utc, delivered_utc";

    private readonly InventorySession _session;

    internal DccAlertLog(InventorySession session) => _session = session;

    /// <summary>Records the alert; false (and nothing written) if one with the same key exists.</summary>
    public bool TryRecord(DccAlertRecord alert)
    {
        ArgumentException.ThrowIfNullOrEmpty(alert.IdempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(alert.AlertCode);
        return _session.Execute(
            $"INSERT INTO dcc_alerts ({Columns}) VALUES ($key, $code, $id, $rid, $body, $at, NULL) ON CONFLICT (idempotency_key) DO NOTHING",
            ("$key", alert.IdempotencyKey),
            ("$code", alert.AlertCode),
            ("$id", alert.DeviceId?.ToString()),
            ("$rid", alert.RequestId),
            ("$body", alert.Body),
            ("$at", Sql.Time(alert.CreatedUtc))) == 1;
    }

    /// <summary>The alert recorded under a key, or null.</summary>
    public DccAlertRecord? Find(string idempotencyKey) =>
        _session.Query($"SELECT {Columns} FROM dcc_alerts WHERE idempotency_key = $key", Map, ("$key", idempotencyKey)).SingleOrDefault();

    /// <summary>Alerts not yet handed to a Service User interface, oldest first.</summary>
    public IReadOnlyList<DccAlertRecord> Undelivered() =>
        _session.Query($"SELECT {Columns} FROM dcc_alerts WHERE delivered_utc IS NULL ORDER BY id", Map);

    /// <summary>The <paramref name="count"/> newest alerts, newest first, optionally about one device only.</summary>
    public IReadOnlyList<DccAlertRecord> Latest(int count, Eui64? deviceId = null) => deviceId is { } id
        ? _session.Query($"SELECT {Columns} FROM dcc_alerts WHERE device_eui64 = $id ORDER BY id DESC LIMIT $n", Map, ("$id", id.ToString()), ("$n", count))
        : _session.Query($"SELECT {Columns} FROM dcc_alerts ORDER BY id DESC LIMIT $n", Map, ("$n", count));

    /// <summary>Every alert, oldest first.</summary>
    public IReadOnlyList<DccAlertRecord> All() =>
        _session.Query($"SELECT {Columns} FROM dcc_alerts ORDER BY id", Map);

    /// <summary>Marks an alert delivered at the session's time. False if there is none or it was already.</summary>
    public bool MarkDelivered(string idempotencyKey) =>
        _session.Execute(
            "UPDATE dcc_alerts SET delivered_utc = $now WHERE idempotency_key = $key AND delivered_utc IS NULL",
            ("$now", Sql.Time(_session.Now)),
            ("$key", idempotencyKey)) == 1;

    private static DccAlertRecord Map(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : Eui64.Parse(r.GetString(2)),
        Sql.ReadStringOrNull(r, 3),
        Sql.ReadStringOrNull(r, 4),
        Sql.ReadTime(r, 5),
        Sql.ReadTimeOrNull(r, 6));
}
