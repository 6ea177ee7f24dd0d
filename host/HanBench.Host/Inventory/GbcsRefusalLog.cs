using Microsoft.Data.Sqlite;

namespace HanBench.Host.Inventory;

/// <summary>
/// GBCS responses and alerts the host refused before acting on them (table <c>gbcs_refusals</c>), counted per
/// originator, message and reason (issue 8 §3). An originator not in the inventory is counted as
/// <see cref="UnknownOriginator"/>, so forgeries from made-up titles add no rows.
/// </summary>
public sealed class GbcsRefusalLog
{
    /// <summary>What the originator column holds for a title that is not a device in the inventory.</summary>
    public const string UnknownOriginator = "unknown";

    private readonly InventorySession _session;

    internal GbcsRefusalLog(InventorySession session) => _session = session;

    /// <summary>Counts one refusal of <paramref name="message"/> from <paramref name="originator"/> for <paramref name="reason"/>.</summary>
    public void Count(Eui64 originator, string message, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        string who = _session.Devices.Find(originator) is null ? UnknownOriginator : originator.ToString();
        _session.Execute(
            """
            INSERT INTO gbcs_refusals (originator_eui64, message, reason, count, first_utc, last_utc) VALUES ($who, $message, $reason, 1, $now, $now)
            ON CONFLICT (originator_eui64, message, reason) DO UPDATE SET count = count + 1, last_utc = $now
            """,
            ("$who", who),
            ("$message", message),
            ("$reason", reason),
            ("$now", Sql.Time(_session.Now)));
    }

    /// <summary>Every count, the most recent first.</summary>
    public IReadOnlyList<GbcsRefusalCount> All() =>
        _session.Query("SELECT originator_eui64, message, reason, count, first_utc, last_utc FROM gbcs_refusals ORDER BY last_utc DESC, originator_eui64", Map);

    /// <summary>Refusals in all.</summary>
    public long Total() => _session.Query("SELECT COALESCE(SUM(count), 0) FROM gbcs_refusals", r => r.GetInt64(0))[0];

    private static GbcsRefusalCount Map(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), Sql.ReadTime(r, 4), Sql.ReadTime(r, 5));
}

/// <summary>How often one originator's message was refused for one reason.</summary>
/// <param name="Originator">The device (as DUIS writes it), or <see cref="GbcsRefusalLog.UnknownOriginator"/>.</param>
/// <param name="Message">What it claimed to be ("CCS08 alert", …).</param>
/// <param name="Reason">Why it was refused.</param>
/// <param name="Count">How many times.</param>
/// <param name="FirstUtc">The first time.</param>
/// <param name="LastUtc">The last time.</param>
public sealed record GbcsRefusalCount(string Originator, string Message, string Reason, long Count, DateTimeOffset FirstUtc, DateTimeOffset LastUtc);
