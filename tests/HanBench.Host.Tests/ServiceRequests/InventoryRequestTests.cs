using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.ServiceRequests;

/// <summary>SRV 12.2, 8.4 and 8.2 (SECMP0170 §4.2/§4.4: the Alt HAN variant in, stored as SMETS variant, read back).</summary>
[TestClass]
public sealed class InventoryRequestTests
{
    private static readonly Eui64 NewBridge = Eui64.Parse("00-AA-00-00-00-00-00-D1");

    [TestMethod]
    public void Prenotification_PpmidWithAltHanVariant_StoresVariantAsSmetsVariant()
    {
        using InventoryStore store = TestBench.Empty();
        ServiceResult result = new DevicePrenotificationHandler(store).Handle(new("r1", NewBridge, "AHCO", "BRIDGE-2", DeviceType.PPMID, FirmwareVersion: "00010001", AltHanVariant: AltHanVariant.B2));

        Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
        DeviceRecord device = TestBench.Find(store, NewBridge);
        Assert.AreEqual(DeviceStatus.Pending, device.Status);
        Assert.AreEqual("B2", device.SmetsVariant);
        Assert.AreEqual(AltHanVariant.B2, device.AltHanVariant);
        Assert.AreEqual("00010001", store.Read(s => s.Devices.FirmwareVersion(NewBridge, FirmwareComponents.SiLabs)));
        AuditEntry audit = store.Read(s => s.Audit.All()).Single();
        Assert.AreEqual("12.2", audit.ServiceReferenceVariant);
        Assert.AreEqual("r1", audit.RequestId);
    }

    [TestMethod]
    public void Prenotification_AltHanVariantOnAnEsme_RefusedNothingChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        TestBench.AssertRefusedUnchanged(store, () => new DevicePrenotificationHandler(store).Handle(new("r1", NewBridge, "M", "X", DeviceType.ESME, AltHanVariant: AltHanVariant.B1)), DuisResponseCodes.PrenotificationInvalidDetails, "only valid for a PPMID");
    }

    [TestMethod]
    public void Prenotification_DeviceAlreadyInInventory_RefusedNothingChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        TestBench.AssertRefusedUnchanged(store, () => new DevicePrenotificationHandler(store).Handle(new("r1", TestBench.Ppmid, "M", "X", DeviceType.PPMID, AltHanVariant: AltHanVariant.B1)), DuisResponseCodes.PrenotificationDuplicate, TestBench.Ppmid.ToString());
    }

    [TestMethod]
    public void Prenotification_ModelLongerThanThirty_Refused()
    {
        using InventoryStore store = TestBench.Empty();
        TestBench.AssertRefusedUnchanged(store, () => new DevicePrenotificationHandler(store).Handle(new("r1", NewBridge, "M", new string('x', 31), DeviceType.PPMID)), DuisResponseCodes.PrenotificationInvalidDetails, "1–30");
    }

    [TestMethod]
    public void UpdateInventory_SetThenChangeVariantOfPpmid_ReadInventoryReturnsTheNewOne()
    {
        using InventoryStore store = TestBench.Seeded();
        var update = new UpdateInventoryHandler(store);
        Assert.AreEqual(DuisResponseCodes.Success, update.Handle(new("r1", TestBench.Ppmid, new DetailsChange(AltHanVariant: AltHanVariant.B1))).ResponseCode);
        Assert.AreEqual(DuisResponseCodes.Success, update.Handle(new("r2", TestBench.Ppmid, new DetailsChange(AltHanVariant: AltHanVariant.B4))).ResponseCode);

        ReadInventoryResult read = new ReadInventoryHandler(store).Handle(new("r3", TestBench.Ppmid));
        Assert.AreEqual(DuisResponseCodes.Success, read.ResponseCode);
        Assert.AreEqual(AltHanVariant.B4, read.Devices.Single().Device.AltHanVariant);
        Assert.AreEqual("00000001", read.Devices.Single().FirmwareVersion);
    }

    [TestMethod]
    public void UpdateInventory_VariantMakesPpmidABridge_KnownVersionMovesToSiLabsNoMainRowRead()
    {
        using InventoryStore store = TestBench.Seeded();
        string? before = store.Read(s => s.Devices.FirmwareVersion(TestBench.Ppmid, FirmwareComponents.Main));
        Assert.IsNotNull(before);
        Assert.AreEqual(DuisResponseCodes.Success, new UpdateInventoryHandler(store).Handle(new("r1", TestBench.Ppmid, new DetailsChange(AltHanVariant: AltHanVariant.B3))).ResponseCode);

        Assert.AreEqual(before, store.Read(s => s.Devices.FirmwareVersion(TestBench.Ppmid, FirmwareComponents.SiLabs)));
        Assert.AreEqual(before, new ReadInventoryHandler(store).Handle(new("r2", TestBench.Ppmid)).Devices.Single().FirmwareVersion);
    }

    [TestMethod]
    public void UpdateInventory_VariantOnAGsme_RefusedNothingChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        TestBench.AssertRefusedUnchanged(store, () => new UpdateInventoryHandler(store).Handle(new("r1", TestBench.Gsme, new DetailsChange(AltHanVariant: AltHanVariant.B2))), DuisResponseCodes.UpdateInventoryInvalidVariant, "only valid for a PPMID");
    }

    [TestMethod]
    public void UpdateInventory_UnknownDevice_RefusedWithE19()
    {
        using InventoryStore store = TestBench.Seeded();
        TestBench.AssertRefusedUnchanged(store, () => new UpdateInventoryHandler(store).Handle(new("r1", NewBridge, new StatusChange(DeviceStatus.Pending))), DuisResponseCodes.UnknownDevice, NewBridge.ToString());
    }

    [TestMethod]
    public void UpdateInventory_StatusCommissionedOnNonHub_RefusedNamingWhatIsAllowed()
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        TestBench.AssertRefusedUnchanged(store, () => new UpdateInventoryHandler(store).Handle(new("r1", TestBench.Bridges[0], new StatusChange(DeviceStatus.Commissioned))), DuisResponseCodes.UpdateInventoryInvalidStatus, "Pending or InstalledNotCommissioned");
    }

    [TestMethod]
    public void UpdateInventory_HubSkipsOrStepsBack_RefusedWithE080405()
    {
        using InventoryStore store = TestBench.Seeded();
        var handler = new UpdateInventoryHandler(store);
        Eui64 hub = new(0x00DB_0000_0000_0F01);
        Assert.AreEqual(DuisResponseCodes.Success, new DevicePrenotificationHandler(store).Handle(new("p1", hub, "CHMF", "CH-1", DeviceType.CHF)).ResponseCode);

        TestBench.AssertRefusedUnchanged(store, () => handler.Handle(new("r1", hub, new StatusChange(DeviceStatus.Commissioned))), DuisResponseCodes.UpdateInventoryInvalidStatus, "InstalledNotCommissioned before Commissioned");
        Assert.AreEqual(DuisResponseCodes.Success, handler.Handle(new("r2", hub, new StatusChange(DeviceStatus.InstalledNotCommissioned))).ResponseCode);
        Assert.AreEqual(DuisResponseCodes.Success, handler.Handle(new("r3", hub, new StatusChange(DeviceStatus.Commissioned))).ResponseCode);
        TestBench.AssertRefusedUnchanged(store, () => handler.Handle(new("r4", hub, new StatusChange(DeviceStatus.InstalledNotCommissioned))), DuisResponseCodes.UpdateInventoryInvalidStatus, "back to InstalledNotCommissioned");
        Assert.AreEqual(DeviceStatus.Commissioned, TestBench.Find(store, hub).Status);
    }

    [TestMethod]
    public void UpdateInventory_HubWithdrawn_Applied()
    {
        using InventoryStore store = TestBench.Seeded();
        Assert.AreEqual(DuisResponseCodes.Success, new UpdateInventoryHandler(store).Handle(new("r1", TestBench.Hub, new StatusChange(DeviceStatus.Withdrawn))).ResponseCode);
        Assert.AreEqual(DeviceStatus.Withdrawn, TestBench.Find(store, TestBench.Hub).Status);
    }

    [TestMethod]
    public void UpdateInventory_DeletePendingDevice_RemovesIt_DeleteCommissioned_Refused()
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        var update = new UpdateInventoryHandler(store);
        Assert.AreEqual(DuisResponseCodes.Success, update.Handle(new("r1", TestBench.Bridges[0], new DeleteDeviceChange())).ResponseCode);
        Assert.IsNull(store.Read(s => s.Devices.Find(TestBench.Bridges[0])));
        TestBench.AssertRefusedUnchanged(store, () => update.Handle(new("r2", TestBench.Ppmid, new DeleteDeviceChange())), DuisResponseCodes.UpdateInventoryDeleteNotPending, "Commissioned");
    }

    [TestMethod]
    public void UpdateInventory_DeletePendingDeviceWithACredentialRequestOnRecord_RefusedNamingIt_NothingChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        var update = new UpdateInventoryHandler(store);
        store.Write(s => s.Credentials.Enqueue("cr-1", ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsKrp, null, TestBench.Ppmid, TestBench.Hub, "ProvideDetails", "{}"));
        Assert.AreEqual(DuisResponseCodes.Success, update.Handle(new("r1", TestBench.Ppmid, new StatusChange(DeviceStatus.Pending))).ResponseCode);

        TestBench.AssertRefusedUnchanged(store, () => update.Handle(new("r2", TestBench.Ppmid, new DeleteDeviceChange())), DuisResponseCodes.UpdateInventoryDeleteNotPending, "1 credential request");
        Assert.IsNotNull(store.Read(s => s.Devices.Find(TestBench.Ppmid)));
        Assert.IsNotNull(store.Read(s => s.Credentials.Find("cr-1")), "its history kept");
    }

    [TestMethod]
    public void ReadInventory_CommsHub_ReturnsItAndItsDevicesWithVariants()
    {
        using InventoryStore store = TestBench.Seeded();
        ReadInventoryResult read = new ReadInventoryHandler(store).Handle(new("r1", TestBench.Hub));

        Assert.AreEqual(DuisResponseCodes.Success, read.ResponseCode);
        Assert.AreEqual(TestBench.Hub, read.Devices[0].Device.DeviceId);
        Assert.AreEqual(8, read.Devices.Count);
        CollectionAssert.AreEquivalent(
            new AltHanVariant?[] { AltHanVariant.B1, AltHanVariant.B2, AltHanVariant.B3, AltHanVariant.B4 },
            read.Devices.Where(d => d.Device.IsAltHan).Select(d => d.Device.AltHanVariant).ToArray());
    }

    [TestMethod]
    public void ReadInventory_UnknownDevice_ReportsNothingFound()
    {
        using InventoryStore store = TestBench.Seeded();
        ReadInventoryResult read = new ReadInventoryHandler(store).Handle(new("r1", NewBridge));
        Assert.AreEqual(DuisResponseCodes.ReadInventoryNothingFound, read.ResponseCode);
        Assert.AreEqual(0, read.Devices.Count);
    }
}
