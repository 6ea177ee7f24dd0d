using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Host.Tests.ServiceRequests;

/// <summary>SRV 8.11 and the SRVs SECMP0170 §4.2 closes to Alt HAN devices (8.7.2, 8.8.2, 8.9).</summary>
[TestClass]
public sealed class HanDeviceLogTests
{
    private const string InstallCode = "0123456789ABCDEF0123456789ABCDEF";

    private static UpdateHanDeviceLogRequest Add(Eui64 device, int? join = 90, string? code = InstallCode) =>
        new("r", TestBench.Hub, device, HanDeviceLogAction.Add, join, code);

    [TestMethod]
    public void Add_AltHanDevice_BecomesCommissionedOnTheHub()
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        ServiceResult result = new UpdateHanDeviceLogHandler(store).Handle(Add(TestBench.Bridges[1], join: 3600));

        Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
        DeviceRecord bridge = TestBench.Find(store, TestBench.Bridges[1]);
        Assert.AreEqual(DeviceStatus.Commissioned, bridge.Status);
        Assert.AreEqual(TestBench.Hub, bridge.CommsHubId);
        Assert.AreEqual(3600, bridge.JoinTimePeriodSeconds);
        Assert.AreEqual(InstallCode, bridge.InstallCode);
        Assert.AreEqual(new DateOnly(2024, 3, 1), bridge.DateCommissioned);
    }

    [TestMethod]
    public void Add_OrdinaryPendingPpmid_BecomesWhitelistedNotCommissioned()
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        Eui64 ppmid = Eui64.Parse("00-00-00-00-00-00-00-77");
        store.Write(s => s.Devices.Insert(TestBench.Device(ppmid, DeviceType.PPMID, DeviceStatus.Pending, "M", "X", null, null)));
        new UpdateHanDeviceLogHandler(store).Handle(Add(ppmid));
        Assert.AreEqual(DeviceStatus.Whitelisted, TestBench.Find(store, ppmid).Status);
    }

    [TestMethod]
    [DataRow(3601)]
    [DataRow(0)]
    [DataRow(null)]
    public void Add_JoinPeriodOutside1To3600_RefusedNothingChanged(int? join)
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        TestBench.AssertRefusedUnchanged(store, () => new UpdateHanDeviceLogHandler(store).Handle(Add(TestBench.Bridges[0], join)), DuisResponseCodes.HanLogInvalidJoinDetails, "1–3600");
    }

    [TestMethod]
    [DataRow("0123456789")]
    [DataRow("0123456789ABCDEF0123456789ABCDEF00")]
    [DataRow("0123456789ABCDEFXY")]
    [DataRow(null)]
    public void Add_InstallCodeNotSixToSixteenOctets_Refused(string? code)
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        TestBench.AssertRefusedUnchanged(store, () => new UpdateHanDeviceLogHandler(store).Handle(Add(TestBench.Bridges[0], code: code)), DuisResponseCodes.HanLogInvalidJoinDetails, "InstallCode");
    }

    [TestMethod]
    public void Add_SeventhType1Device_RefusedNamingTheSixHeld()
    {
        // The hub holds PPMID A4 and bridges C1–C4 (five Type 1); an HCALCS makes six; a seventh bridge is refused.
        using InventoryStore store = TestBench.Seeded();
        var handler = new UpdateHanDeviceLogHandler(store);
        store.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Hcalcs, DeviceType.HCALCS, DeviceStatus.Pending, "M", "X", null, null)));
        Assert.AreEqual(DuisResponseCodes.Success, handler.Handle(Add(TestBench.Hcalcs)).ResponseCode);
        Eui64 seventh = Eui64.Parse("00-AA-00-00-00-00-00-C7");
        store.Write(s => s.Devices.Insert(TestBench.Device(seventh, DeviceType.PPMID, DeviceStatus.Pending, TestBench.BridgeMaker, TestBench.BridgeModel, "B2", null)));

        TestBench.AssertRefusedUnchanged(store, () => handler.Handle(Add(seventh)), DuisResponseCodes.HanLogType1LimitReached, "already holds 6 Type 1 devices");
        StringAssert.Contains(handler.Handle(Add(seventh)).Message, $"{TestBench.Bridges[3]} (Alt HAN B4)");
        Assert.AreEqual(DuisResponseCodes.Success, handler.Handle(Add(TestBench.Bridges[0])).ResponseCode, "re-adding one already there is not a seventh");
    }

    [TestMethod]
    public void Add_Type2DeviceWhenSixType1Held_Accepted()
    {
        using InventoryStore store = TestBench.Seeded();
        var handler = new UpdateHanDeviceLogHandler(store);
        store.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Hcalcs, DeviceType.HCALCS, DeviceStatus.Pending, "M", "X", null, null)));
        handler.Handle(Add(TestBench.Hcalcs));
        Eui64 ihd = Eui64.Parse("00-00-00-00-00-00-00-1D");
        store.Write(s => s.Devices.Insert(TestBench.Device(ihd, DeviceType.IHD, DeviceStatus.Pending, "M", "X", null, null)));
        Assert.AreEqual(DuisResponseCodes.Success, handler.Handle(Add(ihd)).ResponseCode);
    }

    [TestMethod]
    public void Add_LimitIsASetting()
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        var handler = new UpdateHanDeviceLogHandler(store, new ServiceRequestSettings { MaxType1DevicesPerCommsHub = 1 });
        TestBench.AssertRefusedUnchanged(store, () => handler.Handle(Add(TestBench.Bridges[0])), DuisResponseCodes.HanLogType1LimitReached, "already holds 1 Type 1");
    }

    [TestMethod]
    public void Add_DeviceOnAnotherHub_Refused()
    {
        using InventoryStore store = TestBench.Seeded();
        Eui64 otherHub = Eui64.Parse("00-00-00-00-00-00-00-B2");
        store.Write(s => s.Devices.Insert(TestBench.Device(otherHub, DeviceType.CHF, DeviceStatus.Commissioned, "M", "X", null, null)));
        TestBench.AssertRefusedUnchanged(store, () => new UpdateHanDeviceLogHandler(store).Handle(Add(TestBench.Bridges[0]) with { CommsHubId = otherHub }), DuisResponseCodes.HanLogDeviceOnAnotherHub, TestBench.Hub.ToString());
    }

    [TestMethod]
    public void Add_TargetIsNotAHub_RefusedE11_HubPending_RefusedE5()
    {
        using InventoryStore store = TestBench.Seeded(commissionBridges: false);
        TestBench.AssertRefusedUnchanged(store, () => new UpdateHanDeviceLogHandler(store).Handle(Add(TestBench.Bridges[0]) with { CommsHubId = TestBench.Esme }), DuisResponseCodes.NotApplicableToDevice, "ESME");
        DeviceRecord hub = TestBench.Find(store, TestBench.Hub);
        store.Write(s => s.Devices.Update(hub with { Status = DeviceStatus.Pending }));
        TestBench.AssertRefusedUnchanged(store, () => new UpdateHanDeviceLogHandler(store).Handle(Add(TestBench.Bridges[0])), DuisResponseCodes.InvalidDeviceStatus, "Pending");
    }

    [TestMethod]
    public void Remove_DeviceOnHub_ClearsAssociation_DeviceNotOnHub_Refused()
    {
        using InventoryStore store = TestBench.Seeded();
        var handler = new UpdateHanDeviceLogHandler(store);
        var remove = new UpdateHanDeviceLogRequest("r", TestBench.Hub, TestBench.Bridges[2], HanDeviceLogAction.Remove);
        Assert.AreEqual(DuisResponseCodes.Success, handler.Handle(remove).ResponseCode);
        Assert.IsNull(TestBench.Find(store, TestBench.Bridges[2]).CommsHubId);
        TestBench.AssertRefusedUnchanged(store, () => handler.Handle(remove), DuisResponseCodes.HanLogDeviceNotOnHub, "not on Comms Hub");
    }

    [TestMethod]
    [DataRow("8.7.2")]
    [DataRow("8.8.2")]
    [DataRow("8.9")]
    public void RestrictedSrv_AddressedToAltHanDevice_RefusedE11NothingChanged(string srv)
    {
        using InventoryStore store = TestBench.Seeded();
        TestBench.AssertRefusedUnchanged(store, () => new AltHanRestrictedHandler(store).Handle(new("r", srv, TestBench.Bridges[1])), DuisResponseCodes.NotApplicableToDevice, "Alt HAN device (variant B2)");
    }

    [TestMethod]
    public void JoinService_OtherDeviceIsAltHan_RefusedE11()
    {
        using InventoryStore store = TestBench.Seeded();
        TestBench.AssertRefusedUnchanged(store, () => new AltHanRestrictedHandler(store).Handle(new("r", "8.7.2", TestBench.Gsme, TestBench.Bridges[3])), DuisResponseCodes.NotApplicableToDevice, TestBench.Bridges[3].ToString());
    }

    [TestMethod]
    public void JoinService_OrdinaryPpmid_PassesValidationButIsReportedNotCarried()
    {
        using InventoryStore store = TestBench.Seeded();
        ServiceResult result = new AltHanRestrictedHandler(store).Handle(new("r", "8.7.2", TestBench.Gsme, TestBench.Ppmid));
        Assert.AreEqual(DuisResponseCodes.NotSupportedByHanBench, result.ResponseCode);
        StringAssert.Contains(result.Message, "passed validation");
    }
}
