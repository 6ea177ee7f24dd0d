using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Host.Tests.Csp;

/// <summary>What <c>csp run</c> asks of the composed CSP: when it is idle, and which devices an 11.2 read-back covers.</summary>
[TestClass]
public sealed class CspRuntimeTests
{
    private const ulong HostId = 0x00DB00000000F000UL;

    [TestMethod]
    public void VersionReadTargets_SeededHub_CommissionedType1DevicesOnItsHanOnly()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Hcalcs, DeviceType.HCALCS, DeviceStatus.Whitelisted, "HCMF", "HCALCS-1", null, TestBench.Hub)));
        using CspRuntime csp = Attach(store);

        IReadOnlyList<Eui64> targets = csp.VersionReadTargets();

        // Meters are not Type 1 (11.2 reads them differently), and a Whitelisted HCALCS has not joined yet.
        CollectionAssert.AreEquivalent((Eui64[])[TestBench.Ppmid, .. TestBench.Bridges], targets.ToArray());
    }

    [TestMethod]
    public void VersionReadTargets_BridgesNotYetOnTheHan_LeftOut()
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        using CspRuntime csp = Attach(store);

        CollectionAssert.AreEqual(new[] { TestBench.Ppmid }, csp.VersionReadTargets().ToArray());
    }

    [TestMethod]
    public void IsIdle_BeforeTheEngineFirstLooked_False()
    {
        using InventoryStore store = TestBench.Seeded();
        using CspRuntime csp = Attach(store);

        Assert.AreEqual(0, csp.Engine.Scans);
        Assert.IsFalse(csp.IsIdle, "csp run --exit-when-idle must not exit before the engine has read the inventory");
    }

    private static CspRuntime Attach(InventoryStore store) =>
        CspRuntime.Attach(store, new HubSession(new RecordingLink(), new ManualClock(), new HubSessionOptions { HostEui = HostId, HubEui = TestBench.Hub.Value }, null));
}
