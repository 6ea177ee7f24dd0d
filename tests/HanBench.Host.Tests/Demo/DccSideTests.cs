using HanBench.Bench.Topology;
using HanBench.Tooling.Demo;
using HanBench.Host.Inventory;

namespace HanBench.Host.Tests.Demo;

[TestClass]
public sealed class DccSideTests
{
    [TestMethod]
    public void NextRequestId_SecondRunOnAKeptInventory_ContinuesAfterTheFirstRunsIds()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-dccside-{Guid.NewGuid():N}.db");
        try
        {
            var bench = new StandardBench(3);
            string first;
            using (DccSide run1 = DccSide.Open(bench.Host.Session, path, keep: true))
            {
                Assert.AreEqual(1UL, DuisRequestIdCounter(run1.NextRequestId(StandardBench.PpmidEui)), "a fresh inventory starts at 1, so runs repeat");
                run1.CommissionHub(StandardBench.HubEui, 0x00010000);
                first = run1.NextRequestId(StandardBench.PpmidEui);
            }

            using DccSide run2 = DccSide.Open(bench.Host.Session, path, keep: true);
            string second = run2.NextRequestId(StandardBench.PpmidEui);
            Assert.IsTrue(DuisRequestIdCounter(second) > 3, $"{second} must follow the audited ids of the first run (last handed out: {first})");
        }
        finally
        {
            foreach (string file in InventoryStore.FilesOf(path))
            {
                File.Delete(file);
            }
        }
    }

    private static ulong DuisRequestIdCounter(string text)
    {
        Assert.IsTrue(HanBench.Host.Duis.DuisRequestId.TryParse(text, out HanBench.Host.Duis.DuisRequestId id), text);
        return id.Counter;
    }
}
