using System.Globalization;

namespace HanBench.Host.Inventory;

/// <summary>
/// The last GBCS alert originator counter the host took from each device in the inventory (table
/// <c>gbcs_alert_counters</c>, migration 8; issue 8 §3): an alert whose counter is not above it is a replay. Only
/// called for alerts whose signature verified.
/// </summary>
public sealed class GbcsAlertCounters
{
    private readonly InventorySession _session;

    /// <summary>The counters, in <paramref name="session"/>'s transaction.</summary>
    public GbcsAlertCounters(InventorySession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
    }

    /// <summary>
    /// Takes <paramref name="counter"/> from <paramref name="originator"/> when it is above the last one taken (one
    /// statement: the check and the write cannot be split by another writer). True: taken; false: a replay, nothing
    /// written; null: the originator is not a device in the inventory, nothing written.
    /// </summary>
    public bool? TryAdvance(Eui64 originator, ulong counter)
    {
        if (_session.Devices.Find(originator) is null)
        {
            return null;
        }

        int changed = _session.Execute(
            """
            INSERT INTO gbcs_alert_counters (originator_eui64, last_counter, updated_utc) VALUES ($id, $counter, $now)
            ON CONFLICT (originator_eui64) DO UPDATE SET last_counter = excluded.last_counter, updated_utc = excluded.updated_utc
            WHERE excluded.last_counter > gbcs_alert_counters.last_counter
            """,
            ("$id", originator.ToString()),
            ("$counter", Text(counter)),
            ("$now", Sql.Time(_session.Now)));
        return changed == 1;
    }

    /// <summary>The last counter taken from <paramref name="originator"/>, or null.</summary>
    public ulong? Last(Eui64 originator) =>
        _session.Query("SELECT last_counter FROM gbcs_alert_counters WHERE originator_eui64 = $id", r => ulong.Parse(r.GetString(0), CultureInfo.InvariantCulture), ("$id", originator.ToString()))
            is [ulong last] ? last : null;

    private static string Text(ulong counter) => counter.ToString("D20", CultureInfo.InvariantCulture);
}
