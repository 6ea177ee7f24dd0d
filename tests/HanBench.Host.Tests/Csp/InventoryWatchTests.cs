using System.Collections.Concurrent;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Host.Tests.Csp;

/// <summary>Another process's commit to the inventory reaches the CSP at once; its own writes do not wake it.</summary>
[TestClass]
public sealed class InventoryWatchTests
{
    [TestMethod]
    public void CheckNow_OwnWrite_False_AnotherConnectionsCommit_True()
    {
        using var files = new TempInventory();
        using InventoryStore csp = InventoryStore.Open(files.Path);
        using var watch = new InventoryWatch(csp, _ => { }, () => { });

        csp.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Hub, DeviceType.CHF, DeviceStatus.Commissioned, "CHMF", "CH-1", null, null)));
        Assert.IsFalse(watch.CheckNow(), "the CSP's own commit is not news to it");

        using (InventoryStore other = InventoryStore.Open(files.Path))
        {
            other.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Ppmid, DeviceType.PPMID, DeviceStatus.Commissioned, "PPMF", "PPMID-1", null, TestBench.Hub)));
        }

        Assert.IsTrue(watch.CheckNow(), "another connection committed");
        Assert.IsFalse(watch.CheckNow(), "and only once");
        Assert.AreEqual(1, watch.Noticed);
    }

    [TestMethod]
    public void FileEvent_AnotherProcessCommits_ChangedRunsOnThePostedThread()
    {
        using var files = new TempInventory();
        using InventoryStore csp = InventoryStore.Open(files.Path);
        var posted = new BlockingCollection<Action>();
        int changed = 0;
        using var watch = new InventoryWatch(csp, posted.Add, () => changed++);

        using (InventoryStore other = InventoryStore.Open(files.Path))
        {
            other.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Hub, DeviceType.CHF, DeviceStatus.Commissioned, "CHMF", "CH-1", null, null)));
        }

        // The check runs here, on "the session thread"; the file system's notice may take a while on a loaded machine.
        while (changed == 0 && posted.TryTake(out Action? check, TimeSpan.FromSeconds(30)))
        {
            check();
        }

        Assert.AreEqual(1, changed);
        Assert.AreEqual(1, watch.Noticed);
    }

    [TestMethod]
    public void Constructor_InMemoryInventory_Refused()
    {
        using InventoryStore store = TestBench.Empty();
        Assert.ThrowsExactly<ArgumentException>(() => new InventoryWatch(store, _ => { }, () => { }));
    }

    [TestMethod]
    public void ResolveHub_GivenOrTheOnlyCommsHub_NoneOrSeveralRefusedWithTheCount()
    {
        using InventoryStore store = TestBench.Seeded();
        Assert.AreEqual(TestBench.Hub, CspRuntime.ResolveHub(store, null));
        Assert.AreEqual(TestBench.Ppmid, CspRuntime.ResolveHub(store, TestBench.Ppmid));
        store.Write(s => s.Devices.Insert(TestBench.Device(Eui64.Parse("00-DB-00-00-00-00-00-02"), DeviceType.CHF, DeviceStatus.Commissioned, "CHMF", "CH-1", null, null)));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => CspRuntime.ResolveHub(store, null)).Message, "2 Comms Hubs");
        using InventoryStore empty = TestBench.Empty();
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => CspRuntime.ResolveHub(empty, null)).Message, "no Comms Hub");
    }

    /// <summary>A fresh inventory file in a directory of its own (so no other test's files wake the watch).</summary>
    private sealed class TempInventory : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("hanbench-watch-").FullName;

        public string Path => System.IO.Path.Combine(_directory, "inventory.db");

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
