using HanBench.Host.Csp;
using HanBench.Host.Inventory;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// The supplementary remote party counters of the host's CS08s (RTDS 11.2_CS08) only grow per device and party, also
/// across a host restart: kept beside the host's originator counters in the inventory, with no schema change.
/// </summary>
[TestClass]
public sealed class SupplementaryCountersTests
{
    private const ulong Device = 0x00DB000000000010UL;
    private const ulong Supplier = HubSessionOptions.DefaultSupplierSystemTitle;

    [TestMethod]
    public void InventoryCounters_Reopened_ContinueAboveEveryCounterHandedOutPerDeviceAndParty()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-srp-{Guid.NewGuid():N}.db");
        try
        {
            ulong last = 0;
            using (InventoryStore store = InventoryStore.Open(path))
            {
                var counters = new InventorySupplementaryCounters(store);
                Assert.AreEqual(1UL, counters.Next(Device, Supplier));
                Assert.AreEqual(1UL, counters.Next(Device + 1, Supplier), "another device has its own counter");
                Assert.AreEqual(1UL, counters.Next(Device, Supplier + 1), "another party has its own counter");
                for (int i = 0; i < 20; i++)
                {
                    ulong next = counters.Next(Device, Supplier);
                    Assert.IsTrue(next > last, $"{next} after {last}");
                    last = next;
                }
            }

            // A host killed mid-block restarts above the whole block reserved, so above every counter it sent.
            using (InventoryStore store = InventoryStore.Open(path))
            {
                ulong next = new InventorySupplementaryCounters(store).Next(Device, Supplier);
                Assert.IsTrue(next > last, $"{next} after {last}");
                Assert.AreEqual(1UL + (2 * InventorySupplementaryCounters.BlockSize), next);
                ulong? stored = store.Read(s => CspState.ReadCounter(s, InventorySupplementaryCounters.NameOf(Device, Supplier)));
                Assert.AreEqual((ulong?)(1UL + (3 * InventorySupplementaryCounters.BlockSize)), stored, "in csp_counters: the end of the block reserved");
            }
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + "-wal");
            File.Delete(path + "-shm");
        }
    }

    [TestMethod]
    public void InventoryCounters_MorePairsThanKept_BlocksBounded_AnEvictedPairStillGrows()
    {
        using InventoryStore store = InventoryStore.OpenInMemory();
        var counters = new InventorySupplementaryCounters(store);
        ulong first = counters.Next(Device, Supplier);
        ulong second = counters.Next(Device, Supplier);
        for (ulong d = 1; d <= InventorySupplementaryCounters.MaxBlocks; d++)
        {
            _ = counters.Next(Device + d, Supplier);
        }

        Assert.AreEqual(InventorySupplementaryCounters.MaxBlocks, counters.BlocksHeld, "bounded");
        ulong again = counters.Next(Device, Supplier);
        Assert.IsTrue(again > second && second > first, $"{first}, {second}, then {again} after its block was dropped");
        Assert.AreEqual(1UL + InventorySupplementaryCounters.BlockSize, again, "from a new block above the one reserved");
    }

    [TestMethod]
    public void MemoryCounters_GrowPerDeviceAndParty()
    {
        var counters = new MemorySupplementaryCounters(1000);
        Assert.AreEqual(1000UL, counters.Next(Device, Supplier));
        Assert.AreEqual(1001UL, counters.Next(Device, Supplier));
        Assert.AreEqual(1000UL, counters.Next(Device + 1, Supplier));
    }
}
