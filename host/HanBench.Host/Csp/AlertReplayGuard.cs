using HanBench.Host.Inventory;

namespace HanBench.Host.Csp;

/// <summary>
/// Whether an authenticated alert is new (issue 8 §3): a device's alert originator counter only grows (its
/// PersistentCounter), so one not above the last taken from that device is a captured genuine alert replayed. Asked only
/// after the alert's signature verified, so forgeries move nothing.
/// </summary>
public interface IAlertReplayGuard
{
    /// <summary>Takes <paramref name="counter"/> from <paramref name="originator"/> if it is above the last one taken; false: a replay, nothing changed.</summary>
    bool TryTake(ulong originator, ulong counter);
}

/// <summary>
/// Counters in memory, for one host session, for at most <see cref="GbcsPartyKeys.MaxSigningKeysKept"/> originators (a
/// flood of devices with valid keys cannot grow it without bound). A host that restarts needs <see cref="InventoryAlertReplayGuard"/>.
/// </summary>
public sealed class MemoryAlertReplayGuard : IAlertReplayGuard
{
    private readonly Dictionary<ulong, ulong> _last = [];

    /// <inheritdoc />
    public bool TryTake(ulong originator, ulong counter)
    {
        if (_last.TryGetValue(originator, out ulong last) && counter <= last)
        {
            return false;
        }

        if (_last.Count < GbcsPartyKeys.MaxSigningKeysKept || _last.ContainsKey(originator))
        {
            _last[originator] = counter;
        }

        return true;
    }
}

/// <summary>
/// Counters persisted in the inventory (<see cref="GbcsAlertCounters"/>) for its devices, so a genuine alert replayed
/// after a host restart is refused; originators the inventory does not hold are kept in memory
/// (<see cref="MemoryAlertReplayGuard"/>), adding no rows. The counter is written in its own transaction before the
/// alert acts, not in the transaction that records the alert's effect: the alert's effects are recorded by several
/// intakes (some write nothing, some several transactions), and taking the counter first means a replay can never act
/// twice; a host killed between the two loses that one alert's effect, which the engine's read-backs (CS08, the hub's
/// image list) recover. Not to be called inside an open inventory transaction.
/// </summary>
/// <param name="store">The inventory.</param>
public sealed class InventoryAlertReplayGuard(InventoryStore store) : IAlertReplayGuard
{
    private readonly MemoryAlertReplayGuard _unknown = new();

    /// <inheritdoc />
    public bool TryTake(ulong originator, ulong counter) =>
        store.Write(s => new GbcsAlertCounters(s).TryAdvance(new Eui64(originator), counter)) ?? _unknown.TryTake(originator, counter);
}
