using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Tests.Alerts;

[TestClass]
public sealed class DccAlertServiceTests
{
    private static readonly DccAlertService Alerts = new();
    private static readonly FirmwareUpdateRecorder Recorder = new(Alerts);
    private static readonly DateTimeOffset ActivationTime = new(2024, 3, 1, 12, 30, 0, TimeSpan.Zero);

    /// <summary>Walks the bridge's update to Transferred, where a 0x8F8B acts on it.</summary>
    private static void Transferred(InventoryStore store, long requestRow, Eui64 device) => store.Write(s =>
    {
        foreach (FirmwareProgressState state in new[] { FirmwareProgressState.DeliveringToHub, FirmwareProgressState.OnHub, FirmwareProgressState.Transferring, FirmwareProgressState.Transferred })
        {
            s.Firmware.Transition(requestRow, device, state);
        }
    });

    [TestMethod]
    public void PpmidActivation_Success_N39ActivationSuccess_VersionRecordedForTheComponent_ProgressActivated()
    {
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            Eui64 bridge = TestBench.Bridges[0];
            Transferred(store, request.RowId, bridge);

            IReadOnlyList<IssuedDccAlert> issued = store.Write(s => Recorder.Apply(s, request.RowId, bridge, FirmwareUpdateEvent.Activated,
                new FirmwareUpdateFacts { Version = FirmwareVersionText.Of(0x00010002), DeviceTime = ActivationTime }).Issued);

            Assert.AreEqual(1, issued.Count);
            IssuedDccAlert alert = issued[0];
            Assert.AreEqual("N39", alert.AlertCode);
            Assert.AreEqual(request.RequestId, alert.RequestId);
            Assert.AreEqual(AlertTestKit.Supplier, alert.RecipientId, "the Service User that asked for the update gets it");
            Assert.AreEqual("N39", AlertTestKit.Value(alert, "DCCAlertCode"));
            Assert.AreEqual(bridge.ToString(), AlertTestKit.Value(alert, "DeviceID"));
            Assert.AreEqual("8F8B", AlertTestKit.Value(alert, "DeviceAlertCode"));
            Assert.AreEqual("00010002", AlertTestKit.Value(alert, "FirmwareVersion"));
            Assert.AreEqual("ActivationSuccess", AlertTestKit.Value(alert, "ActivateImageResultCode"));
            Assert.AreEqual("2024-03-01T12:30:00.000Z", AlertTestKit.Value(alert, "Timestamp"));
            Assert.AreEqual("00010002", store.Read(s => s.Devices.FirmwareVersion(bridge, FirmwareComponents.SiLabs)));
            Assert.AreEqual(FirmwareProgressState.Activated, store.Read(s => s.Firmware.FindProgress(request.RowId, bridge))!.State);
        }
    }

    [TestMethod]
    public void PpmidActivation_Failure_N39ActivationFailure_ProgressFailed_VersionUnchanged()
    {
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            Eui64 bridge = TestBench.Bridges[0];
            Transferred(store, request.RowId, bridge);
            IReadOnlyList<IssuedDccAlert> issued = store.Write(s => Recorder.Apply(s, request.RowId, bridge, FirmwareUpdateEvent.ActivationFailed,
                new FirmwareUpdateFacts { Version = FirmwareVersionText.Of(0x00010001), DeviceTime = ActivationTime }).Issued);

            Assert.AreEqual("ActivationFailure", AlertTestKit.Value(issued.Single(), "ActivateImageResultCode"));
            FirmwareProgressRecord progress = store.Read(s => s.Firmware.FindProgress(request.RowId, bridge))!;
            Assert.AreEqual(FirmwareProgressState.Failed, progress.State);
            StringAssert.Contains(progress.FailureReason, "ActivationFailure");
            Assert.IsNull(store.Read(s => s.Devices.FirmwareVersion(bridge, FirmwareComponents.SiLabs)));
        }
    }

    [TestMethod]
    public void PpmidActivation_NoUpdateInProgress_MainVersionRecorded_EverySupplierAlerted()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s =>
        {
            new ServiceUserDirectory(s).Put(new ServiceUser(AlertTestKit.Supplier, "Supplier A", ServiceUserRole.Supplier, "5.4"));
            new ServiceUserDirectory(s).Put(new ServiceUser(AlertTestKit.OldSupplier, "Supplier B", ServiceUserRole.Supplier, "4.1"));
            new ServiceUserDirectory(s).Put(new ServiceUser(Eui64.Parse("90-B3-D5-1F-30-02-00-00"), "Network operator", ServiceUserRole.Other, "5.4"));
        });

        IReadOnlyList<IssuedDccAlert> issued = store.Write(s => Alerts.OnPpmidFirmwareActivation(s, TestBench.Ppmid, "00000002", true, null));

        CollectionAssert.AreEquivalent(new[] { AlertTestKit.Supplier, AlertTestKit.OldSupplier }, issued.Select(a => a.RecipientId!.Value).ToArray());
        Assert.IsTrue(issued.All(a => a.AlertCode == "N39"));
        Assert.AreEqual("00000002", store.Read(s => s.Devices.FirmwareVersion(TestBench.Ppmid, FirmwareComponents.Main)));
    }

    [TestMethod]
    [DataRow(GbcsAlertCode.FirmwareTransferSuccess, FirmwareTransferResponseCode.Success, "FileTransferSuccess", "8F8A")]
    [DataRow(GbcsAlertCode.FirmwareTransferFailure, FirmwareTransferResponseCode.ImageDiscarded, "FirmwareImageDiscarded", "8F89")]
    [DataRow(GbcsAlertCode.FirmwareTransferFailure, FirmwareTransferResponseCode.HardwareVersionMismatch, "HardwareVersionMismatch", "8F89")]
    [DataRow(GbcsAlertCode.FirmwareTransferFailure, FirmwareTransferResponseCode.FileTransferFailure, "FileTransferFailure", "8F89")]
    public void FirmwareTransfer_EachResponseCode_N62WithTheDuisName_ProgressLeftToTheRecorder(ushort alertCode, FirmwareTransferResponseCode code, string expected, string hexCode)
    {
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            Eui64 bridge = TestBench.Bridges[0];
            var alert = new FirmwareTransferAlert { AlertCode = alertCode, Entity = bridge.Value, FirmwareVersion = 0x00010002, ResponseCode = code, ExecutionDateTime = new GbcsTimestamp(2024, 3, 1, 13, 0, 0) };

            IssuedDccAlert n62 = store.Write(s => Alerts.OnFirmwareTransfer(s, TestBench.Hub, alert)).Single();

            Assert.AreEqual("N62", n62.AlertCode);
            Assert.AreEqual(TestBench.Hub.ToString(), AlertTestKit.Value(n62, "CommsHubDeviceID"));
            Assert.AreEqual(hexCode, AlertTestKit.Value(n62, "AlertCode"));
            Assert.AreEqual(bridge.ToString(), AlertTestKit.Value(n62, "OtherDeviceID"));
            Assert.AreEqual(request.RequestId, AlertTestKit.Value(n62, "UpdateFirmwareRequestID"));
            Assert.AreEqual(expected, AlertTestKit.Value(n62, "TransferResponseCode"));
            FirmwareProgressState state = store.Read(s => s.Firmware.FindProgress(request.RowId, bridge))!.State;
            Assert.AreEqual(FirmwareProgressState.Queued, state, "the alert writer moves no progress (FirmwareUpdateRecorder does)");
        }
    }

    [TestMethod]
    public void CspDelivery_DeliveredFailedCancelled_N59N60N61_ProgressFollows()
    {
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            Eui64 bridge = TestBench.Bridges[0];
            IssuedDccAlert Record(FirmwareUpdateEvent e) => store.Write(s => Recorder.Apply(s, request.RowId, bridge, e).Issued).Single();
            store.Write(s => Recorder.Apply(s, request.RowId, bridge, FirmwareUpdateEvent.DeliveryBegun));
            IssuedDccAlert n60a = Record(FirmwareUpdateEvent.DeliveryAttemptFailed);
            store.Write(s => Recorder.Apply(s, request.RowId, bridge, FirmwareUpdateEvent.DeliveryBegun));
            IssuedDccAlert n60b = Record(FirmwareUpdateEvent.DeliveryAttemptFailed);
            Assert.AreEqual(FirmwareProgressState.Queued, store.Read(s => s.Firmware.FindProgress(request.RowId, bridge))!.State);
            store.Write(s => Recorder.Apply(s, request.RowId, bridge, FirmwareUpdateEvent.DeliveryBegun));
            IssuedDccAlert n59 = Record(FirmwareUpdateEvent.ImageOnHub);
            Assert.AreEqual(FirmwareProgressState.OnHub, store.Read(s => s.Firmware.FindProgress(request.RowId, bridge))!.State);
            IssuedDccAlert n61 = Record(FirmwareUpdateEvent.Cancelled);

            Assert.AreEqual("N60", n60a.AlertCode);
            Assert.AreNotEqual(n60a.IdempotencyKey, n60b.IdempotencyKey);
            Assert.AreEqual("Failure", AlertTestKit.Value(n60a, "CommsHubTransferStatus"));
            Assert.AreEqual("N59", n59.AlertCode);
            Assert.AreEqual("Success", AlertTestKit.Value(n59, "CommsHubTransferStatus"));
            Assert.AreEqual(TestBench.Hub.ToString(), AlertTestKit.Value(n59, "CommsHubDeviceID"));
            Assert.AreEqual(bridge.ToString(), AlertTestKit.Value(n59, "TargetDeviceID"));
            Assert.AreEqual("00010002", AlertTestKit.Value(n59, "FirmwareVersion"));
            Assert.AreEqual("N61", n61.AlertCode);
            Assert.AreEqual("Failure", AlertTestKit.Value(n61, "CommsHubTransferStatus"));
            Assert.AreEqual(FirmwareProgressState.Failed, store.Read(s => s.Firmware.FindProgress(request.RowId, bridge))!.State);
        }
    }

    [TestMethod]
    public void CommsHubActivation_NewVersion_N64ToCurrentSuppliers_N999ToOlderDuis_InventoryUpdated()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s =>
        {
            s.Devices.SetFirmwareVersion(TestBench.Hub, FirmwareComponents.Main, "00000100");
            new ServiceUserDirectory(s).Put(new ServiceUser(AlertTestKit.Supplier, "Supplier A", ServiceUserRole.Supplier, "5.4"));
            new ServiceUserDirectory(s).Put(new ServiceUser(AlertTestKit.OldSupplier, "Supplier B", ServiceUserRole.Supplier, "5.3"));
            new ServiceUserDirectory(s).Put(new ServiceUser(Eui64.Parse("90-B3-D5-1F-30-02-00-00"), "Other", ServiceUserRole.Other, "5.4"));
        });

        IReadOnlyList<IssuedDccAlert> issued = store.Write(s => Alerts.OnCommsHubActivationResponse(s, TestBench.Hub, ActivateFirmwareResponseCode.Success, "00000200"));

        Assert.AreEqual(2, issued.Count, "every responsible supplier, nobody else");
        IssuedDccAlert n64 = issued.Single(a => a.RecipientId == AlertTestKit.Supplier);
        Assert.AreEqual("N64", n64.AlertCode);
        Assert.AreEqual(TestBench.Hub.ToString(), AlertTestKit.Value(n64, "DeviceID"));
        Assert.AreEqual("00000200", AlertTestKit.Value(n64, "FirmwareVersion"));
        Assert.IsNotNull(AlertTestKit.AlertElement(n64).Descendants(HanBench.Host.Duis.DuisNames.Sr + "CommsHubFirmwareActivation").SingleOrDefault());
        IssuedDccAlert n999 = issued.Single(a => a.RecipientId == AlertTestKit.OldSupplier);
        Assert.AreEqual("N999", n999.AlertCode);
        Assert.AreEqual("N999", AlertTestKit.Value(n999, "DCCAlertCode"), "the message's code");
        var mismatch = AlertTestKit.AlertElement(n999).Descendants(HanBench.Host.Duis.DuisNames.Sr + "DCCAlertVersionMismatch").Single();
        Assert.AreEqual("N64", mismatch.Element(HanBench.Host.Duis.DuisNames.Sr + "DCCAlertCode")!.Value, "names the alert it stands for");
        Assert.AreEqual("5.3", AlertTestKit.Value(n999, "ServiceUserDUISVersion"));
        Assert.AreEqual(TestBench.Hub.ToString(), AlertTestKit.Value(n999, "DeviceID"));
        Assert.AreEqual("00000200", store.Read(s => s.Devices.FirmwareVersion(TestBench.Hub, FirmwareComponents.Main)));
    }

    [TestMethod]
    public void CommsHubActivation_LowerThreshold_OlderSupplierGetsN64()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => new ServiceUserDirectory(s).Put(new ServiceUser(AlertTestKit.OldSupplier, "Supplier B", ServiceUserRole.Supplier, "5.3")));
        var alerts = new DccAlertService(new DccAlertSettings { CommsHubFirmwareActivationSinceDuisVersion = "5.1" });

        IssuedDccAlert only = store.Write(s => alerts.OnCommsHubActivationResponse(s, TestBench.Hub, ActivateFirmwareResponseCode.Success, "00000200")).Single();

        Assert.AreEqual("N64", only.AlertCode);
    }

    [TestMethod]
    [DataRow(ActivateFirmwareResponseCode.NoImageHeld, "00000200")]
    [DataRow(ActivateFirmwareResponseCode.HashMismatch, "00000200")]
    [DataRow(ActivateFirmwareResponseCode.ActivationFailure, "00000200")]
    [DataRow(ActivateFirmwareResponseCode.Success, "00000100")]
    public void CommsHubActivation_FailureOrSameVersion_NoAlertNothingChanged(ActivateFirmwareResponseCode code, string version)
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => s.Devices.SetFirmwareVersion(TestBench.Hub, FirmwareComponents.Main, "00000100"));
        string before = TestBench.Snapshot(store);

        Assert.AreEqual(0, store.Write(s => Alerts.OnCommsHubActivationResponse(s, TestBench.Hub, code, version)).Count);
        Assert.AreEqual(before, TestBench.Snapshot(store));
    }

    [TestMethod]
    public void EveryEvent_ReplayedAfterReopeningTheDatabase_NoDuplicateAlertNoSecondChange()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-alerts-{Guid.NewGuid():N}.db");
        try
        {
            long requestRow;
            using (InventoryStore store = InventoryStore.Open(path, new FixedTime(TestBench.Start)))
            {
                Seed(store);
                requestRow = store.Write(s => s.Firmware.Enqueue("90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:7", "11.4", "00010002", WholeFileHasher.HashOf(TestBench.BridgeImage), TestBench.BridgeImage, [new FirmwareTarget(TestBench.Bridges[0], TestBench.Hub, FirmwareComponents.SiLabs)])).RowId;
                Assert.AreEqual(5, RaiseAll(store, requestRow), "first time: five alerts");
            }

            using (InventoryStore reopened = InventoryStore.Open(path, new FixedTime(TestBench.Start.AddHours(1))))
            {
                string before = TestBench.Snapshot(reopened);
                Assert.AreEqual(0, RaiseAll(reopened, requestRow), "replayed: nothing issued");
                Assert.AreEqual(before, TestBench.Snapshot(reopened), "replayed: nothing changed");
                Assert.AreEqual(5, reopened.Read(s => new DccAlertOutbox(s).List().Count));
            }
        }
        finally
        {
            foreach (string file in InventoryStore.FilesOf(path))
            {
                File.Delete(file);
            }
        }

        static void Seed(InventoryStore store)
        {
            using InventoryStore seeded = TestBench.Seeded();
            store.Write(s =>
            {
                foreach (DeviceRecord d in seeded.Read(x => x.Devices.All()).OrderBy(d => d.CommsHubId is null ? 0 : 1))
                {
                    s.Devices.Insert(d);
                }
            });
        }

        static int RaiseAll(InventoryStore store, long requestRow) => store.Write(s =>
            Alerts.OnCspDelivery(s, requestRow, TestBench.Bridges[0], CspDeliveryOutcome.Delivered).Count
            + Alerts.OnFirmwareTransfer(s, TestBench.Hub, TestBench.Bridges[0], GbcsAlertCode.FirmwareTransferSuccess, "00010002", FirmwareTransferResponseCode.Success, TestBench.Start).Count
            + Alerts.OnPpmidFirmwareActivation(s, TestBench.Bridges[0], "00010002", true, TestBench.Start).Count
            + Alerts.OnCommsHubActivationResponse(s, TestBench.Hub, ActivateFirmwareResponseCode.Success, "00000300").Count
            + Alerts.OnFirmwareDistributionFailure(s, "90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:7", [TestBench.Bridges[0]]).Count);
    }

    [TestMethod]
    public void FirmwareDistributionFailure_NamesTheRequestAndDevices_ToItsServiceUser()
    {
        var (store, request) = AlertTestKit.BenchWithQueuedBridge();
        using (store)
        {
            IssuedDccAlert alert = store.Write(s => Alerts.OnFirmwareDistributionFailure(s, request.RequestId, [TestBench.Bridges[0], TestBench.Bridges[1]])).Single();

            Assert.AreEqual(DccAlertSettings.Default.FirmwareDistributionFailureAlertCode, alert.AlertCode);
            Assert.AreEqual(request.RequestId, AlertTestKit.Value(alert, "UpdateFirmwareRequestID"));
            Assert.AreEqual($"{TestBench.Bridges[0]},{TestBench.Bridges[1]}", AlertTestKit.Value(alert, "MeterIDs"));
            Assert.AreEqual(AlertTestKit.Supplier, alert.RecipientId);
        }
    }

    [TestMethod]
    public void Cancel_ActiveDevicesFailedWithN61_TerminalOnesLeftAlone()
    {
        using InventoryStore store = TestBench.Seeded();
        var handler = new HanBench.Host.ServiceRequests.FirmwareUpdateHandler(store, new WholeFileHasher());
        var result = handler.Handle(new HanBench.Host.ServiceRequests.FirmwareUpdateRequest("90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:9", HanBench.Host.ServiceRequests.FirmwareUpdateKind.UpdatePpmidFirmware, Convert.ToBase64String(TestBench.BridgeImage), "00010002", [TestBench.Bridges[0], TestBench.Bridges[1]]));
        long row = result.Request!.RowId;
        store.Write(s => s.Firmware.Transition(row, TestBench.Bridges[1], FirmwareProgressState.Failed, "earlier"));

        IReadOnlyList<IssuedDccAlert> issued = store.Write(s => FirmwareCancellation.Cancel(s, Recorder, result.Request.RequestId).Issued);

        Assert.AreEqual(1, issued.Count);
        Assert.AreEqual("N61", issued[0].AlertCode);
        Assert.AreEqual(TestBench.Bridges[0], issued[0].DeviceId);
        Assert.AreEqual("earlier", store.Read(s => s.Firmware.FindProgress(row, TestBench.Bridges[1]))!.FailureReason);
        Assert.AreEqual(FirmwareProgressState.Failed, store.Read(s => s.Firmware.FindProgress(row, TestBench.Bridges[0]))!.State);
    }
}
