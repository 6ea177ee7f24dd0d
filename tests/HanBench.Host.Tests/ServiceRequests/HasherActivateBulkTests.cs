using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Alerts;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.ServiceRequests;

[TestClass]
public sealed class HasherActivateBulkTests
{
    private static readonly byte[] Payload = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();

    [TestMethod]
    public void OtaHasher_UnsignedGbcsImage_HashesTheManufacturerImageOnly()
    {
        byte[] image = AlertTestKit.GbcsImage(Payload);

        Assert.IsTrue(new OtaManufacturerImageHasher().TryComputeManufacturerImageHash(image, FirmwareUpdateKind.UpdatePpmidFirmware, out byte[]? hash, out string? problem), problem);

        CollectionAssert.AreEqual(System.Security.Cryptography.SHA256.HashData(Payload), hash);
    }

    [TestMethod]
    public void OtaHasher_11_1WithoutSignatureTrailer_RefusedNamingTheLayout()
    {
        Assert.IsFalse(new OtaManufacturerImageHasher().TryComputeManufacturerImageHash(AlertTestKit.GbcsImage(Payload), FirmwareUpdateKind.UpdateFirmware, out _, out string? problem));
        StringAssert.Contains(problem, "supplier-signed");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(10)]
    [DataRow(59)]
    public void OtaHasher_NotAnOtaFileOrTruncated_RefusedNeverThrows(int cut)
    {
        byte[] image = AlertTestKit.GbcsImage(Payload);
        byte[] truncated = image[..cut];
        Assert.IsFalse(new OtaManufacturerImageHasher().TryComputeManufacturerImageHash(truncated, out _, out string? problem));
        Assert.IsFalse(string.IsNullOrEmpty(problem));
        byte[] badMagic = (byte[])image.Clone();
        badMagic[0] ^= 0xFF;
        Assert.IsFalse(new OtaManufacturerImageHasher().TryComputeManufacturerImageHash(badMagic, out _, out problem));
        StringAssert.Contains(problem, "magic");
    }

    [TestMethod]
    public void ServiceRequestHandlers_DefaultHasher_11_4WithARealImageQueued()
    {
        using InventoryStore store = TestBench.Seeded();
        byte[] image = AlertTestKit.GbcsImage(Payload);
        store.Write(s => s.Cpl.Put(new CplEntry(TestBench.BridgeMaker, TestBench.BridgeModel, FirmwareComponents.SiLabs, "00020000", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Payload)))));

        FirmwareUpdateResult result = new ServiceRequestHandlers(store, new FakeGateway(FirmwareVersionReading.Of("1"))).FirmwareUpdate.Handle(
            new FirmwareUpdateRequest("r1", FirmwareUpdateKind.UpdatePpmidFirmware, Convert.ToBase64String(image), "00020000", [TestBench.Bridges[0]]));

        Assert.AreEqual(DuisResponseCodes.Acknowledged, result.ResponseCode, result.Message);
    }

    [TestMethod]
    public async Task ActivateFirmware_CommsHubNewVersion_I0N64VersionRecorded()
    {
        using InventoryStore store = TestBench.Seeded();
        var gateway = new ActivationGateway(FirmwareActivationReply.Answered(ActivateFirmwareResponseCode.Success, "00000200"));
        var handlers = new ServiceRequestHandlers(store, gateway);

        ActivateFirmwareResult result = await handlers.ActivateFirmware.HandleAsync(new ActivateFirmwareRequest("r1", TestBench.Hub, new string('a', 64)));

        Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
        Assert.AreEqual("N64", result.Alerts.Single().AlertCode);
        Assert.AreEqual("00000200", store.Read(s => s.Devices.FirmwareVersion(TestBench.Hub, FirmwareComponents.Main)));
        StringAssert.Contains(result.Message, "1× N64");
    }

    [TestMethod]
    public async Task ActivateFirmware_EsmeNewVersion_VersionRecordedNoAlert()
    {
        using InventoryStore store = TestBench.Seeded();
        var handlers = new ServiceRequestHandlers(store, new ActivationGateway(FirmwareActivationReply.Answered(ActivateFirmwareResponseCode.Success, "00000300")));

        ActivateFirmwareResult result = await handlers.ActivateFirmware.HandleAsync(new ActivateFirmwareRequest("r1", TestBench.Esme, new string('a', 64)));

        Assert.AreEqual(0, result.Alerts.Count);
        Assert.AreEqual("00000300", store.Read(s => s.Devices.FirmwareVersion(TestBench.Esme, FirmwareComponents.Main)));
    }

    [TestMethod]
    public async Task ActivateFirmware_DeviceAnswersHashMismatch_I0NamingIt_NothingChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        string before = TestBench.Snapshot(store);
        var handlers = new ServiceRequestHandlers(store, new ActivationGateway(FirmwareActivationReply.Answered(ActivateFirmwareResponseCode.HashMismatch, "00000100")));

        ActivateFirmwareResult result = await handlers.ActivateFirmware.HandleAsync(new ActivateFirmwareRequest("r1", TestBench.Hub, new string('a', 64)));

        Assert.AreEqual(ActivateFirmwareResponseCode.HashMismatch, result.DeviceResponseCode);
        StringAssert.Contains(result.Message, "HashMismatch");
        Assert.AreEqual(before, TestBench.Snapshot(store));
    }

    [TestMethod]
    public void ActivateFirmware_PpmidOrUnknown_RefusedE11E19_GatewayNotCalled()
    {
        using InventoryStore store = TestBench.Seeded();
        var gateway = new ActivationGateway(FirmwareActivationReply.Answered(ActivateFirmwareResponseCode.Success, "1"));
        var handlers = new ServiceRequestHandlers(store, gateway);
        TestBench.AssertRefusedUnchanged(store, () => handlers.ActivateFirmware.HandleAsync(new ActivateFirmwareRequest("r1", TestBench.Bridges[0], new string('a', 64))).GetAwaiter().GetResult(), DuisResponseCodes.NotApplicableToDevice, "0x8F8B");
        TestBench.AssertRefusedUnchanged(store, () => handlers.ActivateFirmware.HandleAsync(new ActivateFirmwareRequest("r2", Eui64.Parse("00-00-00-00-00-00-00-99"), new string('a', 64))).GetAwaiter().GetResult(), DuisResponseCodes.UnknownDevice, "not in the inventory");
        Assert.AreEqual(0, gateway.Activations);
    }

    [TestMethod]
    public async Task ActivateFirmware_GatewayWithoutCs06_E20SayingSo()
    {
        using InventoryStore store = TestBench.Seeded();
        var handlers = new ServiceRequestHandlers(store, new FakeGateway(FirmwareVersionReading.Of("1")));

        ActivateFirmwareResult result = await handlers.ActivateFirmware.HandleAsync(new ActivateFirmwareRequest("r1", TestBench.Hub, new string('a', 64)));

        Assert.AreEqual(DuisResponseCodes.CannotCommunicate, result.ResponseCode);
        StringAssert.Contains(result.Message, "does not send CS06");
    }

    [TestMethod]
    public void BulkPrenotification_ManyDevices_AddedInBatches_DuplicatesAndBadDetailsRefused()
    {
        using InventoryStore store = TestBench.Seeded();
        var requests = Enumerable.Range(0, 25).Select(i => new DevicePrenotificationRequest($"r{i}", new Eui64(0x00AA_0000_0001_0000UL + (ulong)i), "AHCO", "BRIDGE-1", DeviceType.PPMID, FirmwareVersion: "0001", AltHanVariant: AltHanVariant.B2)).ToList();
        requests.Add(new DevicePrenotificationRequest("dup", TestBench.Bridges[0], "AHCO", "BRIDGE-1", DeviceType.PPMID));
        requests.Add(new DevicePrenotificationRequest("bad", new Eui64(0x00AA_0000_0002_0000UL), "AHCO", "BRIDGE-1", DeviceType.ESME, AltHanVariant: AltHanVariant.B1));
        var progress = new List<long>();

        BulkPrenotificationResult result = new BulkPrenotificationHandler(store).Handle(requests, batchSize: 10, new SyncProgress(progress));

        Assert.AreEqual(25, result.Added);
        CollectionAssert.AreEqual(new[] { DuisResponseCodes.PrenotificationDuplicate, DuisResponseCodes.PrenotificationInvalidDetails }, result.Refused.Select(r => r.ResponseCode).ToArray());
        CollectionAssert.AreEqual(new long[] { 10, 20, 25 }, progress);
        DeviceRecord added = TestBench.Find(store, new Eui64(0x00AA_0000_0001_0003UL));
        Assert.AreEqual(DeviceStatus.Pending, added.Status);
        Assert.AreEqual(AltHanVariant.B2, added.AltHanVariant);
        Assert.AreEqual("0001", store.Read(s => s.Devices.FirmwareVersion(added.DeviceId, FirmwareComponents.SiLabs)));
    }

    private sealed class SyncProgress(List<long> seen) : IProgress<long>
    {
        public void Report(long value) => seen.Add(value);
    }
}
