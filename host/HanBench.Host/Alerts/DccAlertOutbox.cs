using System.Globalization;
using HanBench.Host.Inventory;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Alerts;

/// <summary>
/// The issued alerts with their recipients and delivery state (table <c>dcc_alerts</c> as migration 4 extends it),
/// over one open session: what <c>hanbench alerts</c> lists and <see cref="DccAlertDeliverer"/> works through.
/// </summary>
public sealed class DccAlertOutbox(InventorySession session)
{
    private const string Columns =
        "id, idempotency_key, alert_code, device_eui64, request_id, recipient_eui64, body, created_utc, delivered_utc, delivery_attempts, last_delivery_error";

    /// <summary>Whether an alert with this key was already issued.</summary>
    public bool Exists(string idempotencyKey)
    {
        using SqliteCommand command = session.Command("SELECT 1 FROM dcc_alerts WHERE idempotency_key = $k", ("$k", idempotencyKey));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Whether any alert key starts with <paramref name="prefix"/> (a range on the key's unique index).</summary>
    public bool ExistsWithPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        string upper = prefix[..^1] + (char)(prefix[^1] + 1);
        using SqliteCommand command = session.Command(
            "SELECT 1 FROM dcc_alerts WHERE idempotency_key >= $lo AND idempotency_key < $hi LIMIT 1",
            ("$lo", prefix),
            ("$hi", upper));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>The id the next alert will get (the writer is serialised, so this holds until the insert).</summary>
    public long NextId()
    {
        using SqliteCommand command = session.Command("SELECT COALESCE(MAX(id), 0) + 1 FROM dcc_alerts");
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Inserts an alert unless its key exists; the stored row, or null for a duplicate.</summary>
    public IssuedDccAlert? TryInsert(string idempotencyKey, string alertCode, Eui64? deviceId, string? requestId, Eui64? recipientId, string body)
    {
        using SqliteCommand command = session.Command(
            """
            INSERT INTO dcc_alerts (idempotency_key, alert_code, device_eui64, request_id, body, created_utc, delivered_utc, recipient_eui64)
            VALUES ($k, $code, $device, $rid, $body, $now, NULL, $to)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            ("$k", idempotencyKey),
            ("$code", alertCode),
            ("$device", deviceId?.ToString()),
            ("$rid", requestId),
            ("$body", body),
            ("$now", Time(session.Now)),
            ("$to", recipientId?.ToString()));
        return command.ExecuteNonQuery() == 1 ? Find(idempotencyKey) : null;
    }

    /// <summary>The alert with this key, or null.</summary>
    public IssuedDccAlert? Find(string idempotencyKey) =>
        Query($"SELECT {Columns} FROM dcc_alerts WHERE idempotency_key = $k", ("$k", idempotencyKey)).SingleOrDefault();

    /// <summary>Alerts, oldest first, optionally only pending ones, one code, one device; at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<IssuedDccAlert> List(bool pendingOnly = false, string? alertCode = null, Eui64? deviceId = null, int limit = int.MaxValue) =>
        Query(
            $"""
            SELECT {Columns} FROM dcc_alerts
            WHERE ($pending = 0 OR delivered_utc IS NULL) AND ($code IS NULL OR alert_code = $code) AND ($device IS NULL OR device_eui64 = $device)
            ORDER BY id LIMIT $limit
            """,
            ("$pending", pendingOnly ? 1 : 0),
            ("$code", alertCode),
            ("$device", deviceId?.ToString()),
            ("$limit", limit));

    /// <summary>Counts a failed delivery attempt and keeps its reason.</summary>
    public void RecordFailedAttempt(long id, string error)
    {
        using SqliteCommand command = session.Command(
            "UPDATE dcc_alerts SET delivery_attempts = delivery_attempts + 1, last_delivery_error = $e WHERE id = $id",
            ("$e", error),
            ("$id", id));
        command.ExecuteNonQuery();
    }

    /// <summary>Marks an alert delivered (counting the successful attempt); false if it already was.</summary>
    public bool MarkDelivered(long id)
    {
        using SqliteCommand command = session.Command(
            "UPDATE dcc_alerts SET delivery_attempts = delivery_attempts + 1, delivered_utc = $now, last_delivery_error = NULL WHERE id = $id AND delivered_utc IS NULL",
            ("$now", Time(session.Now)),
            ("$id", id));
        return command.ExecuteNonQuery() == 1;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ReadTime(SqliteDataReader r, int i) =>
        DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private List<IssuedDccAlert> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = session.Command(sql, parameters);
        using SqliteDataReader r = command.ExecuteReader();
        var alerts = new List<IssuedDccAlert>();
        while (r.Read())
        {
            alerts.Add(new IssuedDccAlert(
                r.GetInt64(0),
                r.GetString(1),
                r.GetString(2),
                r.IsDBNull(3) ? null : Eui64.Parse(r.GetString(3)),
                r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? null : Eui64.Parse(r.GetString(5)),
                r.IsDBNull(6) ? null : r.GetString(6),
                ReadTime(r, 7),
                r.IsDBNull(8) ? null : ReadTime(r, 8),
                r.GetInt32(9),
                r.IsDBNull(10) ? null : r.GetString(10)));
        }

        return alerts;
    }
}
