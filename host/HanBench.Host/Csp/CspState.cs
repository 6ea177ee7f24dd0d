using HanBench.Host.Inventory;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Csp;

/// <summary>
/// The CSP's own rows in the inventory file: originator counters (GBCS: strictly increasing per originator, also across
/// a host restart) and which image files each Comms Hub holds (so a restarted host neither re-delivers an image nor forgets
/// one). A file is named by its <see cref="FirmwareRequestRecord.FileKey"/> (column <c>image_hash</c>): two files with one
/// Manufacturer Image and different headers are two files to the hub. Kept in tables of their own, created on first use, so the DSP's schema and its migrations stay untouched.
/// </summary>
public static class CspState
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS csp_counters (
            name  TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS csp_hub_images (
            comms_hub_eui64 TEXT NOT NULL,
            image_hash      TEXT NOT NULL,
            delivered_utc   TEXT NOT NULL,
            PRIMARY KEY (comms_hub_eui64, image_hash)
        );
        """;

    /// <summary>Creates the CSP tables if they are missing (idempotent; in the caller's transaction).</summary>
    public static void Ensure(InventorySession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        using SqliteCommand command = session.Command(Schema);
        command.ExecuteNonQuery();
    }

    /// <summary>The stored value of counter <paramref name="name"/>, or null.</summary>
    public static ulong? ReadCounter(InventorySession session, string name)
    {
        using SqliteCommand command = session.Command("SELECT value FROM csp_counters WHERE name = $n", ("$n", name));
        object? value = command.ExecuteScalar();
        return value is null or DBNull ? null : unchecked((ulong)(long)value);
    }

    /// <summary>Stores counter <paramref name="name"/>.</summary>
    public static void WriteCounter(InventorySession session, string name, ulong value)
    {
        using SqliteCommand command = session.Command(
            "INSERT INTO csp_counters (name, value) VALUES ($n, $v) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            ("$n", name),
            ("$v", unchecked((long)value)));
        command.ExecuteNonQuery();
    }

    /// <summary>Whether the hub is known to hold the image file with key <paramref name="imageHash"/> (<see cref="FirmwareRequestRecord.FileKey"/>).</summary>
    public static bool HubHolds(InventorySession session, Eui64 commsHubId, string imageHash)
    {
        using SqliteCommand command = session.Command(
            "SELECT 1 FROM csp_hub_images WHERE comms_hub_eui64 = $h AND image_hash = $i",
            ("$h", commsHubId.ToString()),
            ("$i", CentralProductList.NormaliseHash(imageHash)));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Records that the hub holds the image (its Upgrade End SUCCESS).</summary>
    public static void RecordHubHolds(InventorySession session, Eui64 commsHubId, string imageHash)
    {
        using SqliteCommand command = session.Command(
            "INSERT OR IGNORE INTO csp_hub_images (comms_hub_eui64, image_hash, delivered_utc) VALUES ($h, $i, $t)",
            ("$h", commsHubId.ToString()),
            ("$i", CentralProductList.NormaliseHash(imageHash)),
            ("$t", Sql.Time(session.Now)));
        command.ExecuteNonQuery();
    }

    /// <summary>Forgets that the hub holds the image (it answered ImageNotHeld).</summary>
    public static void ForgetHubHolds(InventorySession session, Eui64 commsHubId, string imageHash)
    {
        using SqliteCommand command = session.Command(
            "DELETE FROM csp_hub_images WHERE comms_hub_eui64 = $h AND image_hash = $i",
            ("$h", commsHubId.ToString()),
            ("$i", CentralProductList.NormaliseHash(imageHash)));
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// Originator counters persisted in the inventory (<see cref="CspState"/>), handed out from blocks
/// (<see cref="InventoryCounterBlock"/>), so a restarted host (even one killed mid-block) starts above every counter it
/// ever sent. Not to be called inside an open inventory transaction.
/// </summary>
public sealed class InventoryOriginatorCounter : IOriginatorCounterSource
{
    /// <summary>Counters reserved per inventory write (HanBench choice: one write per 64 commands).</summary>
    public const int BlockSize = 64;

    private readonly InventoryCounterBlock _block;

    /// <summary>The counter named <paramref name="name"/> in <paramref name="store"/>, starting at <paramref name="first"/> when new.</summary>
    public InventoryOriginatorCounter(InventoryStore store, string name = "gbcs.host", ulong first = 0x1000)
    {
        _block = new InventoryCounterBlock(store, name, first, BlockSize);
    }

    /// <inheritdoc />
    public ulong Next() => _block.Next();
}

/// <summary>
/// One counter of <see cref="CspState"/>'s <c>csp_counters</c>, handed out from blocks: the stored value is the end of
/// the block reserved, written before any counter of the block is used, so a restarted host (even one killed mid-block)
/// starts above every counter it ever handed out. Not to be called inside an open inventory transaction.
/// </summary>
internal sealed class InventoryCounterBlock
{
    private readonly InventoryStore _store;
    private readonly string _name;
    private readonly ulong _first;
    private readonly int _size;
    private ulong _next;
    private ulong _end;

    /// <summary>Counter <paramref name="name"/> of <paramref name="store"/>, from <paramref name="first"/> when new, <paramref name="size"/> reserved per write.</summary>
    internal InventoryCounterBlock(InventoryStore store, string name, ulong first, int size)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _store = store;
        _name = name;
        _first = first;
        _size = size;
    }

    /// <summary>The next counter, above every one handed out before, also before a restart.</summary>
    internal ulong Next()
    {
        if (_next >= _end)
        {
            _store.Write(session =>
            {
                CspState.Ensure(session);
                ulong start = Math.Max(CspState.ReadCounter(session, _name) ?? _first, _next);
                _next = start;
                _end = start + (ulong)_size;
                CspState.WriteCounter(session, _name, _end);
            });
        }

        return _next++;
    }
}
