using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Alerts;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Host.Tests.Csp;

/// <summary>The machine's decisions applied to a real inventory: states and alerts in one transaction, once.</summary>
[TestClass]
public sealed class FirmwareUpdateRecorderTests
{
    private static readonly FirmwareUpdateEvent[] HappyPath =
    [
        FirmwareUpdateEvent.DeliveryBegun, FirmwareUpdateEvent.ImageOnHub, FirmwareUpdateEvent.TransferAccepted,
        FirmwareUpdateEvent.TransferSucceeded, FirmwareUpdateEvent.Activated,
    ];

    [TestMethod]
    public void Apply_HappyPathThenEveryEventReplayed_N59N62N39Once_NothingChangesOnReplay()
    {
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            var recorder = new FirmwareUpdateRecorder();
            Eui64 bridge = TestBench.Bridges[0];
            var issued = new List<IssuedDccAlert>();
            foreach (FirmwareUpdateEvent e in HappyPath)
            {
                issued.AddRange(store.Write(s => recorder.Apply(s, request.RowId, bridge, e).Issued));
            }

            CollectionAssert.AreEqual(new[] { "N59", "N62", "N39" }, issued.Select(a => a.AlertCode).ToArray());
            Assert.AreEqual(FirmwareProgressState.Activated, store.Read(s => s.Firmware.FindProgress(request.RowId, bridge))!.State);
            Assert.AreEqual(request.FirmwareVersion, store.Read(s => s.Devices.FirmwareVersion(bridge, FirmwareComponents.SiLabs)));

            string before = TestBench.Snapshot(store);
            foreach (FirmwareUpdateEvent e in Enum.GetValues<FirmwareUpdateEvent>())
            {
                FirmwareUpdateOutcome outcome = store.Write(s => recorder.Apply(s, request.RowId, bridge, e));
                Assert.IsTrue(outcome.Decision.Ignored, $"{e} after activation");
                Assert.AreEqual(0, outcome.Issued.Count, $"{e} after activation");
            }

            Assert.AreEqual(before, TestBench.Snapshot(store));
        }
    }

    [TestMethod]
    public void RandomWalks_OnTheInventory_EachAlertCodeIssuedAtMostOnce_N60OncePerAttempt()
    {
        int seed = Environment.TickCount;
        Console.WriteLine($"seed {seed}");
        var random = new Random(seed);
        FirmwareUpdateEvent[] events = Enum.GetValues<FirmwareUpdateEvent>();
        var recorder = new FirmwareUpdateRecorder();
        for (int walk = 0; walk < 25; walk++)
        {
            var (store, request) = AlertTestKit.BenchWithQueuedBridge();
            using (store)
            {
                var issued = new List<IssuedDccAlert>();
                var trail = new List<FirmwareUpdateEvent>();
                for (int step = 0; step < 30; step++)
                {
                    // Mostly forward, so walks reach the later states; any event may come at any time.
                    FirmwareUpdateEvent e = random.Next(3) == 0 ? events[random.Next(events.Length)] : HappyPath[Math.Min(step / 2, HappyPath.Length - 1)];
                    trail.Add(e);
                    issued.AddRange(store.Write(s => recorder.Apply(s, request.RowId, TestBench.Bridges[0], e).Issued));
                }

                string what = $"seed {seed}, walk {walk}: {string.Join(", ", trail)} → {string.Join(", ", issued.Select(a => a.AlertCode))}";
                foreach (IGrouping<string, IssuedDccAlert> code in issued.Where(a => a.AlertCode != "N60").GroupBy(a => a.AlertCode))
                {
                    Assert.AreEqual(1, code.Count(), $"{code.Key} twice; {what}");
                }

                Assert.IsTrue(issued.Count(a => a.AlertCode == "N60") <= recorder.Machine.MaxAttempts, what);
            }
        }
    }

    [TestMethod]
    public void Apply_DeliveryAttemptsSpent_N60PerAttemptThenN61AndDistributionFailure_FailedWithTheCount()
    {
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            var recorder = new FirmwareUpdateRecorder(machine: new FirmwareUpdateMachine(2));
            Eui64 bridge = TestBench.Bridges[0];
            var issued = new List<IssuedDccAlert>();
            for (int attempt = 0; attempt < 2; attempt++)
            {
                store.Write(s => recorder.Apply(s, request.RowId, bridge, FirmwareUpdateEvent.DeliveryBegun));
                issued.AddRange(store.Write(s => recorder.Apply(s, request.RowId, bridge, FirmwareUpdateEvent.DeliveryAttemptFailed, new FirmwareUpdateFacts { Reason = "hub silent" }).Issued));
            }

            CollectionAssert.AreEqual(new[] { "N60", "N60", "N61", DccAlertSettings.Default.FirmwareDistributionFailureAlertCode }, issued.Select(a => a.AlertCode).ToArray());
            FirmwareProgressRecord progress = store.Read(s => s.Firmware.FindProgress(request.RowId, bridge))!;
            Assert.AreEqual(FirmwareProgressState.Failed, progress.State);
            Assert.AreEqual("hub silent; 2 attempts (N61)", progress.FailureReason);
        }
    }

    [TestMethod]
    public void Apply_EventOutOfPlace_NoAlertNoChange()
    {
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            var recorder = new FirmwareUpdateRecorder();
            string before = TestBench.Snapshot(store);
            FirmwareUpdateOutcome outcome = store.Write(s => recorder.Apply(s, request.RowId, TestBench.Bridges[0], FirmwareUpdateEvent.TransferSucceeded));
            Assert.IsTrue(outcome.Decision.Ignored);
            Assert.AreEqual(0, outcome.Issued.Count);
            Assert.AreEqual(before, TestBench.Snapshot(store), "a 0x8F8A for a queued update changes nothing");
        }
    }

    [TestMethod]
    public void Cancel_Twice_N61OnceAndTheHubToldOnlyForATransferInProgress()
    {
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            var recorder = new FirmwareUpdateRecorder();
            Eui64 bridge = TestBench.Bridges[0];
            foreach (FirmwareUpdateEvent e in HappyPath.Take(3))
            {
                store.Write(s => recorder.Apply(s, request.RowId, bridge, e));
            }

            FirmwareCancellationResult first = store.Write(s => FirmwareCancellation.Cancel(s, recorder, request.RequestId));
            FirmwareCancellationResult second = store.Write(s => FirmwareCancellation.Cancel(s, recorder, request.RequestId));

            Assert.AreEqual("N61", first.Issued.Single().AlertCode);
            Assert.IsTrue(first.Cancelled.Single().StopTransfer, "the hub runs the transfer: it is told to stop");
            Assert.AreEqual(0, second.Issued.Count);
            Assert.AreEqual(0, second.Cancelled.Count);
            Assert.ThrowsExactly<InvalidOperationException>(() => store.Write(s => FirmwareCancellation.Cancel(s, recorder, "90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:99")));
        }
    }
}
