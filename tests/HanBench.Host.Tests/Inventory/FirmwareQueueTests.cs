using HanBench.Host.Inventory;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

[TestClass]
public sealed class FirmwareQueueTests
{
    private static readonly string Hash = WholeFileHasher.HashOf(TestBench.BridgeImage);

    private static FirmwareRequestRecord EnqueueBridge(InventoryStore store, string requestId, int bridge = 0) =>
        store.Write(s => s.Firmware.Enqueue(requestId, "11.4", "00010002", Hash, TestBench.BridgeImage, [new FirmwareTarget(TestBench.Bridges[bridge], TestBench.Hub, FirmwareComponents.SiLabs)]));

    [TestMethod]
    public void Enqueue_StoresImageRequestAndQueuedProgress()
    {
        using InventoryStore store = TestBench.Seeded();
        FirmwareRequestRecord request = EnqueueBridge(store, "r1");

        FirmwareProgressRecord progress = store.Read(s => s.Firmware.FindProgress(request.RowId, TestBench.Bridges[0]))!;
        Assert.AreEqual(FirmwareProgressState.Queued, progress.State);
        Assert.AreEqual(TestBench.BridgeImage.LongLength, progress.BytesTotal);
        CollectionAssert.AreEqual(TestBench.BridgeImage, store.Read(s => s.Firmware.ReadImage(request)));
        Assert.AreEqual(request, store.Read(s => s.Firmware.FindRequest("r1")));
    }

    [TestMethod]
    public void Transition_WholePipeline_EndsActivatedAndFreesTheDevice()
    {
        using InventoryStore store = TestBench.Seeded();
        FirmwareRequestRecord request = EnqueueBridge(store, "r1");
        Eui64 device = TestBench.Bridges[0];
        foreach (FirmwareProgressState next in new[] { FirmwareProgressState.DeliveringToHub, FirmwareProgressState.OnHub, FirmwareProgressState.Transferring })
        {
            store.Write(s => s.Firmware.Transition(request.RowId, device, next));
        }

        store.Write(s => s.Firmware.RecordBytes(request.RowId, device, 10));
        Assert.AreEqual(10, store.Read(s => s.Firmware.FindProgress(request.RowId, device))!.BytesDone);
        FirmwareProgressRecord transferred = store.Write(s => s.Firmware.Transition(request.RowId, device, FirmwareProgressState.Transferred));
        Assert.AreEqual(transferred.BytesTotal, transferred.BytesDone);
        Assert.IsNotNull(store.Read(s => s.Firmware.ActiveFor(device)));

        store.Write(s => s.Firmware.Transition(request.RowId, device, FirmwareProgressState.Activated));
        Assert.IsNull(store.Read(s => s.Firmware.ActiveFor(device)));
        EnqueueBridge(store, "r2");
        Assert.IsNotNull(store.Read(s => s.Firmware.ActiveFor(device)), "a new update may start once the last one is terminal");
    }

    [TestMethod]
    public void Transition_SkippingAStep_ThrowsNamingBothStates()
    {
        using InventoryStore store = TestBench.Seeded();
        FirmwareRequestRecord request = EnqueueBridge(store, "r1");
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => store.Write(s => s.Firmware.Transition(request.RowId, TestBench.Bridges[0], FirmwareProgressState.Transferring)));
        StringAssert.Contains(error.Message, "Queued");
        StringAssert.Contains(error.Message, "Transferring");
        Assert.AreEqual(FirmwareProgressState.Queued, store.Read(s => s.Firmware.FindProgress(request.RowId, TestBench.Bridges[0]))!.State);
    }

    [TestMethod]
    public void Transitions_TerminalStatesNeverMove()
    {
        foreach (FirmwareProgressState from in new[] { FirmwareProgressState.Activated, FirmwareProgressState.Failed })
        {
            foreach (FirmwareProgressState to in Enum.GetValues<FirmwareProgressState>())
            {
                Assert.IsFalse(FirmwareProgressTransitions.IsAllowed(from, to), $"{from} → {to}");
            }
        }

        Assert.IsTrue(FirmwareProgressTransitions.IsAllowed(FirmwareProgressState.Transferring, FirmwareProgressState.Failed));
    }

    [TestMethod]
    public void ScheduleRetry_CountsAttemptAndDefersUntilItsTime()
    {
        var time = new FixedTime(TestBench.Start);
        using InventoryStore store = TestBench.Seeded(time: time);
        FirmwareRequestRecord request = EnqueueBridge(store, "r1");
        Eui64 device = TestBench.Bridges[0];
        store.Write(s => s.Firmware.Transition(request.RowId, device, FirmwareProgressState.DeliveringToHub));

        FirmwareProgressRecord retried = store.Write(s => s.Firmware.ScheduleRetry(request.RowId, device, FirmwareProgressState.Queued, TestBench.Start.AddMinutes(5), "WAN timeout"));

        Assert.AreEqual(1, retried.Attempts);
        Assert.AreEqual("WAN timeout", retried.FailureReason);
        Assert.AreEqual(0, store.Read(s => s.Firmware.Due(TestBench.Start.AddMinutes(4)).Count));
        Assert.AreEqual(1, store.Read(s => s.Firmware.Due(TestBench.Start.AddMinutes(5)).Count));
        Assert.AreEqual(1, store.Read(s => s.Firmware.Active().Count));
    }

    [TestMethod]
    public void Enqueue_DeviceWithUpdateInProgress_TheDatabaseRefusesASecond()
    {
        using InventoryStore store = TestBench.Seeded();
        EnqueueBridge(store, "r1");
        Assert.ThrowsExactly<SqliteException>(() => EnqueueBridge(store, "r2"));
        Assert.IsNull(store.Read(s => s.Firmware.FindRequest("r2")));
    }
}
