using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Alerts;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Host.Tests.Csp;

/// <summary>The one cancel as <c>firmware cancel</c> uses it: an unknown RequestID changes nothing; a known one issues N61.</summary>
[TestClass]
public sealed class FirmwareCancellationTests
{
    [TestMethod]
    public void CancelIfKnown_UnknownRequest_NullAndNothingChanged()
    {
        var (store, _) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            string before = TestBench.Snapshot(store);

            FirmwareCancellationResult? result = store.Write(s => FirmwareCancellation.CancelIfKnown(s, new FirmwareUpdateRecorder(), "90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:99"));

            Assert.IsNull(result);
            Assert.AreEqual(before, TestBench.Snapshot(store));
        }
    }

    [TestMethod]
    public void CancelIfKnown_QueuedRequest_FailedWithN61_OtherDeviceOnlyWhenNamed()
    {
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            Eui64 bridge = TestBench.Bridges[0];
            FirmwareCancellationResult? other = store.Write(s => FirmwareCancellation.CancelIfKnown(s, new FirmwareUpdateRecorder(), request.RequestId, TestBench.Ppmid));
            FirmwareCancellationResult? result = store.Write(s => FirmwareCancellation.CancelIfKnown(s, new FirmwareUpdateRecorder(), request.RequestId, bridge));

            Assert.AreEqual(0, other!.Cancelled.Count, "a device not in the request: nothing to cancel");
            Assert.AreEqual(bridge, result!.Cancelled.Single().DeviceId);
            Assert.AreEqual("N61", result.Issued.Single().AlertCode);
            FirmwareProgressRecord progress = store.Read(s => s.Firmware.Progress(request.RowId)).Single(p => p.DeviceId == bridge);
            Assert.AreEqual(FirmwareProgressState.Failed, progress.State);
            StringAssert.StartsWith(progress.FailureReason, FirmwareCancellation.ByServiceUser);
        }
    }
}
