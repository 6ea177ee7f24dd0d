using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Device.Roles.Hub;
using HanBench.Device.Roles.Traffic;
using HanBench.Device.Storage;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Tests.Roles;

/// <summary>The portable parts roles are made of, tested on their own.</summary>
[TestClass]
public sealed class RolePartsTests
{
    private const ulong Hub = 0x00DB000000000001UL;

    [TestMethod]
    public void Whitelist_SixType1ThenMore_SeventhRefusedOthersStillFit()
    {
        var list = new HanWhitelist();
        for (int i = 0; i < HanWhitelist.MaxType1Devices; i++)
        {
            Assert.AreEqual(JoinStatus.Joined, list.Join(0x100UL + (ulong)i, i % 2 == 0 ? HanDeviceType.Ppmid : HanDeviceType.Hcalcs, Hub));
        }

        Assert.AreEqual(JoinStatus.Type1LimitReached, list.Join(0x200, HanDeviceType.Ppmid, Hub));
        Assert.AreEqual(JoinStatus.Type1LimitReached, list.Join(0x201, HanDeviceType.Hcalcs, Hub));
        Assert.AreEqual(JoinStatus.Joined, list.Join(0x300, HanDeviceType.Gsme, Hub));
        Assert.AreEqual(JoinStatus.AlreadyJoined, list.Join(0x300, HanDeviceType.Gsme, Hub));
        Assert.AreEqual(JoinStatus.InvalidDevice, list.Join(Hub, HanDeviceType.Gsme, Hub));
        Assert.AreEqual(JoinStatus.InvalidDevice, list.Join(0, HanDeviceType.Gsme, Hub));
        Assert.AreEqual(JoinStatus.InvalidDevice, list.Join(0x301, (HanDeviceType)9, Hub));
        Assert.AreEqual(JoinStatus.Removed, list.Remove(0x100));
        Assert.AreEqual(JoinStatus.NotJoined, list.Remove(0x100));
        Assert.AreEqual(JoinStatus.Joined, list.Join(0x200, HanDeviceType.Ppmid, Hub));
        for (int i = list.Count; i < HanWhitelist.Capacity; i++)
        {
            Assert.AreEqual(JoinStatus.Joined, list.Join(0x400UL + (ulong)i, HanDeviceType.Esme, Hub));
        }

        Assert.AreEqual(JoinStatus.WhitelistFull, list.Join(0x500, HanDeviceType.Ihd, Hub));
    }

    [TestMethod]
    public void Whitelist_SaveLoad_RoundTripsAndIgnoresAForeignValue()
    {
        var settings = new MemorySettingsStore();
        var list = new HanWhitelist();
        list.Join(0x0102030405060708UL, HanDeviceType.Ppmid, Hub);
        list.Join(0x1112131415161718UL, HanDeviceType.Ihd, Hub);
        list.Save(settings);
        var loaded = new HanWhitelist();
        loaded.Load(settings);
        Assert.AreEqual(2, loaded.Count);
        Assert.AreEqual(0x1112131415161718UL, loaded.GetEui(1));
        Assert.AreEqual(HanDeviceType.Ihd, loaded.GetDeviceType(1));
        Assert.AreEqual(1, loaded.Type1Count);

        settings.Write(HanWhitelist.SettingsKey, [0x02, 1, 2, 3], 0, 4);
        loaded.Load(settings);
        Assert.AreEqual(0, loaded.Count);
    }

    [TestMethod]
    public void Whitelist_RecordReport_CountsEachNumberOnceWithinTheWindow()
    {
        var list = new HanWhitelist();
        list.Join(0x10, HanDeviceType.Gsme, Hub);
        Assert.IsTrue(list.RecordReport(0, 5));
        Assert.IsFalse(list.RecordReport(0, 5));
        Assert.IsTrue(list.RecordReport(0, 7));
        Assert.IsTrue(list.RecordReport(0, 6), "a late report inside the window is new");
        Assert.IsFalse(list.RecordReport(0, 6));
        Assert.IsTrue(list.RecordReport(0, 100));
        Assert.IsFalse(list.RecordReport(0, 7), "more than 31 behind the newest cannot be told apart: refused");
        Assert.IsTrue(list.RecordReport(0, 69));
    }

    [TestMethod]
    public void ImageKeys_RoundTripAndRefuseOtherKeys()
    {
        string key = HanBench.Device.Roles.Ota.ImageKeys.For(0x1DB0, 0x0311, 0x00010105);
        Assert.AreEqual("img-1DB0-0311-00010105", key);
        Assert.IsTrue(HanBench.Device.Hal.StoreKey.IsValid(key));
        Assert.IsTrue(HanBench.Device.Roles.Ota.ImageKeys.TryParse(key, out ImageIdentity image));
        Assert.AreEqual((ushort)0x0311, image.ImageType);
        Assert.AreEqual(0x00010105u, image.FileVersion);
        Assert.IsFalse(HanBench.Device.Roles.Ota.ImageKeys.TryParse("img-1DB0-0311-0001010G", out _));
        Assert.IsFalse(HanBench.Device.Roles.Ota.ImageKeys.TryParse("digest.img-1DB0", out _));
    }

    [TestMethod]
    public void RoleConfiguration_Helpers_ValidAndDefectsNamed()
    {
        Assert.IsNull(RoleSettings.ForHub(Hub, 0xF000).Validate());
        Assert.IsNull(RoleSettings.ForPpmid(0x10, Hub).Validate());
        Assert.IsNull(RoleSettings.ForMeter(0x31, Hub).Validate());
        foreach (AltHanVariant variant in new[] { AltHanVariant.B1, AltHanVariant.B2, AltHanVariant.B3, AltHanVariant.B4 })
        {
            RoleSettings bridge = RoleSettings.ForBridge(0x21, variant, Hub, 0x22, []);
            Assert.IsNull(bridge.Validate(), variant.ToString());
            Assert.AreEqual(variant == AltHanVariant.B4 ? 1 : 2, bridge.Components.Length);
        }

        Assert.AreNotEqual(RoleSettings.ForBridge(0x21, AltHanVariant.B1, Hub, 0x22, []).Components[0].ImageType,
            RoleSettings.ForBridge(0x22, AltHanVariant.B2, Hub, 0x21, []).Components[0].ImageType, "each variant has its own SiLabs image type");
        Assert.AreEqual(RoleSettings.ForBridge(0x21, AltHanVariant.B1, Hub, 0x22, []).Components[1].ImageType,
            RoleSettings.ForBridge(0x23, AltHanVariant.B3, Hub, 0x24, []).Components[1].ImageType, "one Broadcom image for B1–B3");

        RoleSettings ppmidWithVariant = RoleSettings.ForPpmid(0x10, Hub);
        ppmidWithVariant.Variant = AltHanVariant.B2;
        StringAssert.Contains(ppmidWithVariant.Validate(), "variant");
        RoleSettings b4WithBroadcom = RoleSettings.ForBridge(0x24, AltHanVariant.B1, Hub, 0x23, []);
        b4WithBroadcom.Variant = AltHanVariant.B4;
        StringAssert.Contains(b4WithBroadcom.Validate(), "B4");
        RoleSettings noHub = RoleSettings.ForPpmid(0x10, 0);
        StringAssert.Contains(noHub.Validate(), "HubEui");
        Assert.ThrowsExactly<ArgumentException>(() => RoleFactory.Create(noHub, Context(), new NullLink(), null));
        Assert.ThrowsExactly<ArgumentException>(() => RoleFactory.Create(RoleSettings.ForHub(Hub, 0xF000), Context(), new NullLink(), null));
    }

    [TestMethod]
    public void RoleFactory_EachKind_MakesItsRole()
    {
        Assert.IsInstanceOfType<CommsHubRole>(RoleFactory.Create(RoleSettings.ForHub(Hub, 0xF000), Context(), new NullLink(), new NullLink()));
        Assert.IsInstanceOfType<HanBench.Device.Roles.EndDevice.PpmidRole>(RoleFactory.Create(RoleSettings.ForPpmid(0x10, Hub), Context(), new NullLink(), null));
        Assert.IsInstanceOfType<HanBench.Device.Roles.EndDevice.AltHanBridgeRole>(RoleFactory.Create(RoleSettings.ForBridge(0x21, AltHanVariant.B3, Hub, 0x22, []), Context(), new NullLink(), new NullLink()));
        Assert.IsInstanceOfType<MeterTrafficRole>(RoleFactory.Create(RoleSettings.ForMeter(0x31, Hub), Context(), new NullLink(), null));
    }

    [TestMethod]
    public void MeterTrafficFrame_WriteRead_RoundTripsAndRefusesShortOrUnknown()
    {
        var buffer = new byte[24];
        MeterTrafficFrame.Write(new ByteWriter(buffer), MeterTrafficFrame.Report, 0x01020304, 24);
        Assert.AreEqual("0104030201A5", Hex.Encode(buffer, 0, 6));
        Assert.IsTrue(MeterTrafficFrame.TryRead(buffer, 0, 24, out byte type, out uint number));
        Assert.AreEqual(MeterTrafficFrame.Report, type);
        Assert.AreEqual(0x01020304u, number);
        Assert.IsFalse(MeterTrafficFrame.TryRead(buffer, 0, 4, out _, out _));
        buffer[0] = 0x07;
        Assert.IsFalse(MeterTrafficFrame.TryRead(buffer, 0, 24, out _, out _));
    }

    [TestMethod]
    public void Sha256StreamingHash_InBlocks_EqualsDotNetSha256()
    {
        var data = new byte[10_000];
        new Random(7).NextBytes(data);
        var hash = new Sha256StreamingHash();
        hash.Reset();
        for (int at = 0; at < data.Length; at += 333)
        {
            hash.Append(data, at, Math.Min(333, data.Length - at));
        }

        var output = new byte[hash.HashLength];
        hash.GetHash(output, 0);
        CollectionAssert.AreEqual(System.Security.Cryptography.SHA256.HashData(data), output);

        // Through the digest-only store, as a small board would use it.
        var store = new DigestOnlyImageStore(new MemorySettingsStore(), new Sha256StreamingHash());
        Assert.AreEqual(HanBench.Device.Hal.StoreStatus.Ok, store.Begin("img-1", data.Length));
        Assert.AreEqual(HanBench.Device.Hal.StoreStatus.Ok, store.Append(data, 0, data.Length));
        Assert.AreEqual(HanBench.Device.Hal.StoreStatus.Ok, store.Commit());
        var digest = new byte[32];
        Assert.IsTrue(store.TryGetDigest("img-1", digest, 0));
        CollectionAssert.AreEqual(output, digest);
    }

    private static HanBench.Device.Roles.DeviceContext Context() =>
        new(new ManualClock(0), new MemoryImageStore(1 << 20), new MemorySettingsStore(), new MemoryIndicator(), new MemoryLog(10, HanBench.Device.Hal.LogLevel.Info));

    private sealed class NullLink : HanBench.Device.Hal.IFrameLink
    {
        public int MaxFrameLength => HanBench.Protocol.Han.HanFrame.MaxEncodedLength;

        public bool Send(HanBench.Protocol.Han.HanFrame frame) => true;
    }
}
