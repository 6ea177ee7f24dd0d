using Microsoft.Data.Sqlite;

namespace HanBench.Host.Inventory;

/// <summary>The audit log (table <c>audit_log</c>): every service request and its outcome, refusals included.</summary>
public sealed class AuditLog
{
    private readonly InventorySession _session;

    internal AuditLog(InventorySession session) => _session = session;

    /// <summary>Appends an entry stamped with the session's time.</summary>
    public void Append(string? requestId, string serviceReferenceVariant, string? target, string responseCode, string message) =>
        _session.Execute(
            "INSERT INTO audit_log (at_utc, request_id, service_reference, target, response_code, message) VALUES ($at, $rid, $srv, $t, $code, $msg)",
            ("$at", Sql.Time(_session.Now)),
            ("$rid", requestId),
            ("$srv", serviceReferenceVariant),
            ("$t", target),
            ("$code", responseCode),
            ("$msg", message));

    /// <summary>Every entry, oldest first.</summary>
    public IReadOnlyList<AuditEntry> All() =>
        _session.Query("SELECT at_utc, request_id, service_reference, target, response_code, message FROM audit_log ORDER BY id", Map);

    private static AuditEntry Map(SqliteDataReader r) => new(
        Sql.ReadTime(r, 0),
        Sql.ReadStringOrNull(r, 1),
        r.GetString(2),
        Sql.ReadStringOrNull(r, 3),
        r.GetString(4),
        r.GetString(5));
}
