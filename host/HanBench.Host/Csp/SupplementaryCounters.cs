using System.Globalization;
using HanBench.Host.Inventory;

namespace HanBench.Host.Csp;

/// <summary>
/// Where the supplementary remote party counters of the host's CS08 commands come from (RTDS 11.2_CS08: the ACB names the
/// supplier it acts for and a counter of that supplier's in the other information; docs/GBCS-SECURITY.md §1): one per
/// device and party, greater than every one returned before for that pair (the device refuses one that is not: HanBench's
/// reading of the RTDS pair 03E8/03E9, GBCS 4.3.1.5's text not being available, docs/PROTOCOL.md §3), also across a host
/// restart for a persistent source.
/// </summary>
public interface ISupplementaryCounterSource
{
    /// <summary>The next counter of <paramref name="party"/> towards <paramref name="device"/>.</summary>
    ulong Next(ulong device, ulong party);
}

/// <summary>In-memory counters (tests, the bench's stub); a restarted host needs <see cref="InventorySupplementaryCounters"/>.</summary>
/// <param name="first">The first counter of every pair.</param>
public sealed class MemorySupplementaryCounters(ulong first = 1) : ISupplementaryCounterSource
{
    private readonly Dictionary<(ulong Device, ulong Party), ulong> _next = [];

    /// <inheritdoc />
    public ulong Next(ulong device, ulong party)
    {
        ulong next = _next.TryGetValue((device, party), out ulong kept) ? kept : first;
        _next[(device, party)] = next + 1;
        return next;
    }
}

/// <summary>
/// Counters persisted in the inventory beside the host's originator counters (<see cref="CspState"/>'s
/// <c>csp_counters</c>, keyed <c>gbcs.srp.&lt;party&gt;.&lt;device&gt;</c>; no migration), handed out in blocks of
/// <see cref="BlockSize"/> like them. The blocks in memory are bounded (<see cref="MaxBlocks"/>): past it the least
/// recently used pair's block is dropped, which loses only the rest of that block — its next counter comes from a new
/// block above the stored end, as after a restart. Not to be called inside an open inventory transaction.
/// </summary>
/// <param name="store">The inventory.</param>
public sealed class InventorySupplementaryCounters(InventoryStore store) : ISupplementaryCounterSource
{
    /// <summary>Counters reserved per inventory write for a pair (HanBench choice: CS08 reads are rarer than commands in all).</summary>
    public const int BlockSize = 16;

    /// <summary>
    /// Pairs whose block is kept in memory (HanBench choice: a Comms Hub's HAN holds a few devices and parties, a scale
    /// bench thousands, each a few dozen octets here).
    /// </summary>
    public const int MaxBlocks = 4096;

    private readonly Dictionary<(ulong Device, ulong Party), (InventoryCounterBlock Block, long LastUse)> _blocks = [];
    private long _uses;

    /// <summary>Pairs whose block is in memory now (at most <see cref="MaxBlocks"/>).</summary>
    public int BlocksHeld => _blocks.Count;

    /// <summary>The name of the counter of <paramref name="party"/> towards <paramref name="device"/> in <c>csp_counters</c>.</summary>
    public static string NameOf(ulong device, ulong party) =>
        string.Create(CultureInfo.InvariantCulture, $"gbcs.srp.{party:X16}.{device:X16}");

    /// <inheritdoc />
    public ulong Next(ulong device, ulong party)
    {
        InventoryCounterBlock block;
        if (_blocks.TryGetValue((device, party), out (InventoryCounterBlock Block, long LastUse) held))
        {
            block = held.Block;
        }
        else
        {
            if (_blocks.Count >= MaxBlocks)
            {
                _blocks.Remove(_blocks.MinBy(b => b.Value.LastUse).Key);
            }

            block = new InventoryCounterBlock(store, NameOf(device, party), 1, BlockSize);
        }

        _blocks[(device, party)] = (block, ++_uses);
        return block.Next();
    }
}
