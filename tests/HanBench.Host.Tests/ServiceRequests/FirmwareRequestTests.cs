using System.Diagnostics.CodeAnalysis;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Ota;

namespace HanBench.Host.Tests.ServiceRequests;

/// <summary>SRV 11.2, 11.4 and 11.1 validation and queueing.</summary>
[TestClass]
public sealed class FirmwareRequestTests
{
    private static readonly string Image64 = Convert.ToBase64String(TestBench.BridgeImage);

    private static FirmwareUpdateRequest Ppmid(string requestId, params Eui64[] devices) =>
        new(requestId, FirmwareUpdateKind.UpdatePpmidFirmware, Image64, "00010002", devices);

    [TestMethod]
    public async Task ReadFirmwareVersion_DeviceReportsDifferentVersion_InventoryUpdated()
    {
        using InventoryStore store = TestBench.Seeded();
        var gateway = new FakeGateway(FirmwareVersionReading.Of("00000002"));
        ReadFirmwareVersionResult result = await new ReadFirmwareVersionHandler(store, gateway).HandleAsync(new("r", TestBench.Ppmid));

        Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
        Assert.IsTrue(result.InventoryUpdated);
        Assert.AreEqual("00000001", result.PreviousInventoryVersion);
        Assert.AreEqual("00000002", store.Read(s => s.Devices.FirmwareVersion(TestBench.Ppmid, FirmwareComponents.Main)));
    }

    [TestMethod]
    public async Task ReadFirmwareVersion_SameVersion_InventoryUntouched()
    {
        using InventoryStore store = TestBench.Seeded();
        string before = TestBench.Snapshot(store);
        ReadFirmwareVersionResult result = await new ReadFirmwareVersionHandler(store, new FakeGateway(FirmwareVersionReading.Of("00000001"))).HandleAsync(new("r", TestBench.Ppmid));
        Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode);
        Assert.IsFalse(result.InventoryUpdated);
        Assert.AreEqual(before, TestBench.Snapshot(store));
    }

    [TestMethod]
    public async Task ReadFirmwareVersion_NoAnswer_E21NothingChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        string before = TestBench.Snapshot(store);
        var gateway = new FakeGateway(new FirmwareVersionReading(FirmwareVersionReadStatus.NoResponse, null, "CS08 timed out"));
        ReadFirmwareVersionResult result = await new ReadFirmwareVersionHandler(store, gateway).HandleAsync(new("r", TestBench.Bridges[0]));
        Assert.AreEqual(DuisResponseCodes.NoResponse, result.ResponseCode);
        StringAssert.Contains(result.Message, "CS08 timed out");
        Assert.AreEqual(before, TestBench.Snapshot(store));
    }

    [TestMethod]
    public async Task ReadFirmwareVersion_PendingDevice_E5AndTheDeviceIsNotAsked()
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        var gateway = new FakeGateway(FirmwareVersionReading.Of("00000009"));
        ReadFirmwareVersionResult result = await new ReadFirmwareVersionHandler(store, gateway).HandleAsync(new("r", TestBench.Bridges[0]));
        Assert.AreEqual(DuisResponseCodes.InvalidDeviceStatus, result.ResponseCode);
        Assert.AreEqual(0, gateway.Calls);
    }

    [TestMethod]
    public void UpdatePpmidFirmware_AllBridgesKnownImage_QueuedAcknowledged()
    {
        using InventoryStore store = TestBench.Seeded();
        FirmwareUpdateResult result = new FirmwareUpdateHandler(store, new WholeFileHasher()).Handle(Ppmid("r1", TestBench.Bridges));

        Assert.AreEqual(DuisResponseCodes.Acknowledged, result.ResponseCode, result.Message);
        Assert.AreEqual(4, result.With(FirmwareDeviceOutcome.Queued).Count);
        IReadOnlyList<FirmwareProgressRecord> progress = store.Read(s => s.Firmware.Progress(result.Request!.RowId));
        Assert.AreEqual(4, progress.Count);
        Assert.IsTrue(progress.All(p => p.State == FirmwareProgressState.Queued && p.Component == FirmwareComponents.SiLabs && p.CommsHubId == TestBench.Hub));
    }

    [TestMethod]
    public void UpdatePpmidFirmware_OverTheBase64Limit_E110405BeforeTheImageIsRead()
    {
        using InventoryStore store = TestBench.Seeded();
        var hasher = new WholeFileHasher();
        var settings = new ServiceRequestSettings { FirmwareImageBase64Limit = Image64.Length - 1 };
        TestBench.AssertRefusedUnchanged(store, () => new FirmwareUpdateHandler(store, hasher, settings).Handle(Ppmid("r1", TestBench.Bridges[0])), DuisResponseCodes.UpdatePpmidFirmwareImageTooLarge, $"the limit is {Image64.Length - 1}");
        Assert.AreEqual(0, hasher.Calls);

        var exact = new ServiceRequestSettings { FirmwareImageBase64Limit = Image64.Length };
        Assert.AreEqual(DuisResponseCodes.Acknowledged, new FirmwareUpdateHandler(store, hasher, exact).Handle(Ppmid("r2", TestBench.Bridges[0])).ResponseCode);
    }

    [TestMethod]
    public void UpdatePpmidFirmware_BroadcomSizedImage_RefusedE110405_SiLabsSized_Fits()
    {
        // SECMP0170 §4.3: Broadcom 869 KB does not fit 1,024,000 Base64 characters; the largest SiLabs (621 KB) does.
        using InventoryStore store = TestBench.Seeded();
        string broadcom = new('A', (int)Base64Size.EncodedLength(869 * 1024));
        TestBench.AssertRefusedUnchanged(store, () => new FirmwareUpdateHandler(store, new WholeFileHasher()).Handle(Ppmid("r1", TestBench.Bridges[0]) with { FirmwareImageBase64 = broadcom }), DuisResponseCodes.UpdatePpmidFirmwareImageTooLarge, "1,024,000");

        byte[] siLabs = new byte[621 * 1024];
        string hash = WholeFileHasher.HashOf(siLabs);
        store.Write(s => s.Cpl.Put(new CplEntry(TestBench.BridgeMaker, TestBench.BridgeModel, FirmwareComponents.SiLabs, "00020000", hash)));
        FirmwareUpdateResult result = new FirmwareUpdateHandler(store, new WholeFileHasher()).Handle(Ppmid("r2", TestBench.Bridges[3]) with { FirmwareImageBase64 = Convert.ToBase64String(siLabs), FirmwareVersion = "00020000" });
        Assert.AreEqual(DuisResponseCodes.Acknowledged, result.ResponseCode, result.Message);
    }

    [TestMethod]
    public void UpdatePpmidFirmware_DeviceWithUpdateInProgress_BlockedAndReportedWhileOthersProceed()
    {
        using InventoryStore store = TestBench.Seeded();
        var handler = new FirmwareUpdateHandler(store, new WholeFileHasher());
        handler.Handle(Ppmid("r1", TestBench.Bridges[0]));

        FirmwareUpdateResult second = handler.Handle(Ppmid("r2", TestBench.Bridges[0], TestBench.Bridges[1]));

        Assert.AreEqual(DuisResponseCodes.UpdatePpmidFirmwarePartlyAccepted, second.ResponseCode, second.Message);
        CollectionAssert.AreEqual(new[] { TestBench.Bridges[0] }, second.With(FirmwareDeviceOutcome.OtherRequestInProgress).ToArray());
        CollectionAssert.AreEqual(new[] { TestBench.Bridges[1] }, second.With(FirmwareDeviceOutcome.Queued).ToArray());
        StringAssert.Contains(second.Message, "already in progress");
        Assert.AreEqual(1, store.Read(s => s.Firmware.Progress(second.Request!.RowId)).Count);
    }

    [TestMethod]
    public void UpdatePpmidFirmware_MixedList_EachDeviceReportedInItsList()
    {
        using InventoryStore store = TestBench.Seeded();
        Eui64 unknown = Eui64.Parse("00-00-00-00-00-00-00-99");
        Eui64 pendingBridge = Eui64.Parse("00-AA-00-00-00-00-00-C9");
        store.Write(s => s.Devices.Insert(TestBench.Device(pendingBridge, DeviceType.PPMID, DeviceStatus.Pending, TestBench.BridgeMaker, TestBench.BridgeModel, "B1", null)));

        FirmwareUpdateResult result = new FirmwareUpdateHandler(store, new WholeFileHasher()).Handle(Ppmid("r1", unknown, TestBench.Esme, pendingBridge, TestBench.Ppmid, TestBench.Bridges[2]));

        Assert.AreEqual(DuisResponseCodes.UpdatePpmidFirmwarePartlyAccepted, result.ResponseCode);
        CollectionAssert.AreEqual(new[] { unknown, TestBench.Esme }, result.With(FirmwareDeviceOutcome.InvalidDevice).ToArray());
        CollectionAssert.AreEqual(new[] { pendingBridge }, result.With(FirmwareDeviceOutcome.NotCommissioned).ToArray());
        CollectionAssert.AreEqual(new[] { TestBench.Ppmid }, result.With(FirmwareDeviceOutcome.NotApplicableFirmware).ToArray(), "the bridge image is not on the CPL for the PPMID's model");
        CollectionAssert.AreEqual(new[] { TestBench.Bridges[2] }, result.With(FirmwareDeviceOutcome.Queued).ToArray());
    }

    [TestMethod]
    public void UpdatePpmidFirmware_UnknownImage_E110401NothingQueued()
    {
        using InventoryStore store = TestBench.Seeded();
        var request = Ppmid("r1", TestBench.Bridges) with { FirmwareImageBase64 = Convert.ToBase64String(new byte[] { 1, 2, 3 }) };
        TestBench.AssertRefusedUnchanged(store, () => new FirmwareUpdateHandler(store, new WholeFileHasher()).Handle(request), DuisResponseCodes.UpdatePpmidFirmwareNoDeviceAccepted, "not on the Central Product List");
    }

    [TestMethod]
    public void UpdatePpmidFirmware_PrecomputedHash_UsedWithoutAnImageParser()
    {
        using InventoryStore store = TestBench.Seeded();
        var request = Ppmid("r1", TestBench.Bridges[0]) with { ManufacturerImageHash = WholeFileHasher.HashOf(TestBench.BridgeImage).ToUpperInvariant() };
        Assert.AreEqual(DuisResponseCodes.Acknowledged, new FirmwareUpdateHandler(store).Handle(request).ResponseCode);
    }

    [TestMethod]
    public void UpdatePpmidFirmware_NoHashAndNoParser_E110402()
    {
        using InventoryStore store = TestBench.Seeded();
        TestBench.AssertRefusedUnchanged(store, () => new FirmwareUpdateHandler(store).Handle(Ppmid("r1", TestBench.Bridges[0])), DuisResponseCodes.UpdatePpmidFirmwareImageUnreadable, "no image parser");
    }

    [TestMethod]
    public void UpdatePpmidFirmware_ParserRejectsImage_E110402NamingTheDefect()
    {
        using InventoryStore store = TestBench.Seeded();
        TestBench.AssertRefusedUnchanged(store, () => new FirmwareUpdateHandler(store, new RejectingHasher()).Handle(Ppmid("r1", TestBench.Bridges[0])), DuisResponseCodes.UpdatePpmidFirmwareImageUnreadable, "bad OTA magic");
    }

    [TestMethod]
    public void UpdatePpmidFirmware_NotBase64_E110402()
    {
        using InventoryStore store = TestBench.Seeded();
        TestBench.AssertRefusedUnchanged(store, () => new FirmwareUpdateHandler(store, new WholeFileHasher()).Handle(Ppmid("r1", TestBench.Bridges[0]) with { FirmwareImageBase64 = "not*base64" }), DuisResponseCodes.UpdatePpmidFirmwareImageUnreadable, "not valid Base64");
    }

    [TestMethod]
    public void UpdatePpmidFirmware_RequestIdReused_RefusedNothingChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        var handler = new FirmwareUpdateHandler(store, new WholeFileHasher());
        handler.Handle(Ppmid("r1", TestBench.Bridges[0]));
        TestBench.AssertRefusedUnchanged(store, () => handler.Handle(Ppmid("r1", TestBench.Bridges[1])), DuisResponseCodes.UpdatePpmidFirmwareNoDeviceAccepted, "already used");
    }

    [TestMethod]
    public void UpdateFirmware_EsmeAccepted_BridgeInvalidFor11Point1()
    {
        using InventoryStore store = TestBench.Seeded();
        store.Write(s => s.Cpl.Put(new CplEntry("AB01", "010A030B", FirmwareComponents.Main, "00010002", WholeFileHasher.HashOf(TestBench.BridgeImage))));
        var request = new FirmwareUpdateRequest("r1", FirmwareUpdateKind.UpdateFirmware, Image64, "00010002", [TestBench.Esme, TestBench.Bridges[0]]);

        FirmwareUpdateResult result = new FirmwareUpdateHandler(store, new WholeFileHasher()).Handle(request);

        Assert.AreEqual(DuisResponseCodes.UpdateFirmwarePartlyAccepted, result.ResponseCode, result.Message);
        CollectionAssert.AreEqual(new[] { TestBench.Bridges[0] }, result.With(FirmwareDeviceOutcome.InvalidDevice).ToArray());
        Assert.AreEqual("11.1", result.Request!.ServiceReferenceVariant);
    }

    private sealed class RejectingHasher : IManufacturerImageHasher
    {
        public bool TryComputeManufacturerImageHash(byte[] image, [NotNullWhen(true)] out byte[]? sha256, [NotNullWhen(false)] out string? problem)
        {
            sha256 = null;
            problem = "bad OTA magic";
            return false;
        }
    }
}
