using System.Globalization;

namespace HanBench.Host.Inventory;

/// <summary>
/// The DCC rules on who sends what (issue 9 §2), over one session: each originator's RequestID counter strictly
/// increases across every service request it sends, and a device's responsible supplier (table <c>devices</c>,
/// migration 5) is the only supplier that may send it firmware requests.
/// </summary>
public sealed class RequestRights(InventorySession session)
{
    /// <summary>The highest counter accepted from <paramref name="originator"/>, or null if none yet.</summary>
    public ulong? LastCounter(Eui64 originator) =>
        session.Query("SELECT last_counter FROM request_counters WHERE originator_eui64 = $id", r => ulong.Parse(r.GetString(0), CultureInfo.InvariantCulture), ("$id", originator.ToString()))
            is [var last] ? last : null;

    /// <summary>
    /// Records <paramref name="counter"/> as used by <paramref name="originator"/> if it is above every counter it used
    /// before; false (nothing changed) when it is not: a replayed or reused RequestID.
    /// </summary>
    public bool TryClaim(Eui64 originator, ulong counter)
    {
        if (LastCounter(originator) is { } last && counter <= last)
        {
            return false;
        }

        session.Execute(
            """
            INSERT INTO request_counters (originator_eui64, last_counter, updated_utc) VALUES ($id, $counter, $now)
            ON CONFLICT (originator_eui64) DO UPDATE SET last_counter = excluded.last_counter, updated_utc = excluded.updated_utc
            """,
            ("$id", originator.ToString()),
            ("$counter", counter.ToString("D20", CultureInfo.InvariantCulture)),
            ("$now", session.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
        return true;
    }

    /// <summary>The device's responsible supplier, or null (the bench default: every registered supplier).</summary>
    public Eui64? ResponsibleSupplier(Eui64 device) =>
        session.Query("SELECT responsible_supplier_eui64 FROM devices WHERE eui64 = $id", r => r.IsDBNull(0) ? (Eui64?)null : Eui64.Parse(r.GetString(0)), ("$id", device.ToString()))
            is [var supplier] ? supplier : null;

    /// <summary>Makes <paramref name="supplier"/> the device's responsible supplier; false if the device is not in the inventory.</summary>
    public bool SetResponsibleSupplier(Eui64 device, Eui64 supplier) =>
        session.Execute("UPDATE devices SET responsible_supplier_eui64 = $supplier WHERE eui64 = $id", ("$supplier", supplier.ToString()), ("$id", device.ToString())) == 1;
}
