using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Device.Roles.Ota;
using HanBench.Device.Roles.Traffic;
using HanBench.Device.Storage;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using nanoFramework.TestFramework;

namespace HanBench.Roles.Tests
{
    /// <summary>The portable parts roles are made of, tested on their own.</summary>
    [TestClass]
    public class RolePartsTests
    {
        private const ulong Hub = RoleBench.Hub;

        [TestMethod]
        public void Whitelist_SixType1ThenMore_SeventhRefusedOthersStillFit()
        {
            HanWhitelist list = new HanWhitelist();
            for (int i = 0; i < HanWhitelist.MaxType1Devices; i++)
            {
                Assert.AreEqual((byte)JoinStatus.Joined, (byte)list.Join(0x100UL + (ulong)i, i % 2 == 0 ? HanDeviceType.Ppmid : HanDeviceType.Hcalcs, Hub));
            }

            Assert.AreEqual((byte)JoinStatus.Type1LimitReached, (byte)list.Join(0x200, HanDeviceType.Ppmid, Hub));
            Assert.AreEqual((byte)JoinStatus.Type1LimitReached, (byte)list.Join(0x201, HanDeviceType.Hcalcs, Hub));
            Assert.AreEqual((byte)JoinStatus.Joined, (byte)list.Join(0x300, HanDeviceType.Gsme, Hub));
            Assert.AreEqual((byte)JoinStatus.AlreadyJoined, (byte)list.Join(0x300, HanDeviceType.Gsme, Hub));
            Assert.AreEqual((byte)JoinStatus.InvalidDevice, (byte)list.Join(Hub, HanDeviceType.Gsme, Hub));
            Assert.AreEqual((byte)JoinStatus.InvalidDevice, (byte)list.Join(0, HanDeviceType.Gsme, Hub));
            Assert.AreEqual((byte)JoinStatus.InvalidDevice, (byte)list.Join(0x301, (HanDeviceType)9, Hub));
            Assert.AreEqual((byte)JoinStatus.Removed, (byte)list.Remove(0x100));
            Assert.AreEqual((byte)JoinStatus.NotJoined, (byte)list.Remove(0x100));
            Assert.AreEqual((byte)JoinStatus.Joined, (byte)list.Join(0x200, HanDeviceType.Ppmid, Hub));
            for (int i = list.Count; i < HanWhitelist.Capacity; i++)
            {
                Assert.AreEqual((byte)JoinStatus.Joined, (byte)list.Join(0x400UL + (ulong)i, HanDeviceType.Esme, Hub));
            }

            Assert.AreEqual((byte)JoinStatus.WhitelistFull, (byte)list.Join(0x500, HanDeviceType.Ihd, Hub));
        }

        [TestMethod]
        public void Whitelist_SaveLoad_RoundTripsAndIgnoresAForeignValue()
        {
            MemorySettingsStore settings = new MemorySettingsStore();
            HanWhitelist list = new HanWhitelist();
            list.Join(0x0102030405060708UL, HanDeviceType.Ppmid, Hub);
            list.Join(0x1112131415161718UL, HanDeviceType.Ihd, Hub);
            list.Save(settings);
            HanWhitelist loaded = new HanWhitelist();
            loaded.Load(settings);
            Assert.AreEqual(2, loaded.Count);
            Assert.AreEqual(0x1112131415161718UL, loaded.GetEui(1));
            Assert.AreEqual((byte)HanDeviceType.Ihd, (byte)loaded.GetDeviceType(1));
            Assert.AreEqual(1, loaded.Type1Count);

            settings.Write(HanWhitelist.SettingsKey, new byte[] { 0x02, 1, 2, 3 }, 0, 4);
            loaded.Load(settings);
            Assert.AreEqual(0, loaded.Count);
        }

        [TestMethod]
        public void Whitelist_RecordReport_CountsEachNumberOnceWithinTheWindow()
        {
            HanWhitelist list = new HanWhitelist();
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
            string key = ImageKeys.For(0x1DB0, 0x0311, 0x00010105);
            Assert.AreEqual("img-1DB0-0311-00010105", key);
            Assert.IsTrue(StoreKey.IsValid(key));
            Assert.IsTrue(ImageKeys.TryParse(key, out ImageIdentity image));
            Assert.AreEqual((ushort)0x0311, image.ImageType);
            Assert.AreEqual(0x00010105u, image.FileVersion);
            Assert.IsFalse(ImageKeys.TryParse("img-1DB0-0311-0001010G", out ImageIdentity _));
            Assert.IsFalse(ImageKeys.TryParse("digest.img-1DB0", out ImageIdentity _));
        }

        [TestMethod]
        public void RoleConfiguration_Helpers_ValidAndDefectsNamed()
        {
            Assert.IsNull(RoleSettings.ForHub(Hub, 0xF000).Validate());
            Assert.IsNull(RoleSettings.ForPpmid(0x10, Hub).Validate());
            Assert.IsNull(RoleSettings.ForMeter(0x31, Hub).Validate());
            AltHanVariant[] variants = new AltHanVariant[] { AltHanVariant.B1, AltHanVariant.B2, AltHanVariant.B3, AltHanVariant.B4 };
            for (int i = 0; i < variants.Length; i++)
            {
                RoleSettings bridge = Bridge(0x21, variants[i], 0x22);
                Assert.IsNull(bridge.Validate(), "B" + (i + 1).ToString());
                Assert.AreEqual(variants[i] == AltHanVariant.B4 ? 1 : 2, bridge.Components.Length);
            }

            Assert.AreNotEqual((int)Bridge(0x21, AltHanVariant.B1, 0x22).Components[0].ImageType, (int)Bridge(0x22, AltHanVariant.B2, 0x21).Components[0].ImageType, "each variant has its own SiLabs image type");
            Assert.AreEqual(Bridge(0x21, AltHanVariant.B1, 0x22).Components[1].ImageType, Bridge(0x23, AltHanVariant.B3, 0x24).Components[1].ImageType, "one Broadcom image for B1–B3");

            RoleSettings ppmidWithVariant = RoleSettings.ForPpmid(0x10, Hub);
            ppmidWithVariant.Variant = AltHanVariant.B2;
            Assert.Contains("variant", ppmidWithVariant.Validate()!);
            RoleSettings b4WithBroadcom = Bridge(0x24, AltHanVariant.B1, 0x23);
            b4WithBroadcom.Variant = AltHanVariant.B4;
            Assert.Contains("B4", b4WithBroadcom.Validate()!);
            RoleSettings noHub = RoleSettings.ForPpmid(0x10, 0);
            Assert.Contains("HubEui", noHub.Validate()!);
            Assert.ThrowsException(typeof(System.ArgumentException), () => RoleFactory.Create(noHub, Context(), Link(), null));
            Assert.ThrowsException(typeof(System.ArgumentException), () => RoleFactory.Create(RoleSettings.ForHub(Hub, 0xF000), Context(), Link(), null));
        }

        [TestMethod]
        public void RoleFactory_EachKind_MakesItsRole()
        {
            Assert.IsInstanceOfType(RoleFactory.Create(RoleSettings.ForHub(Hub, 0xF000), Context(), Link(), Link()), typeof(CommsHubRole));
            Assert.IsInstanceOfType(RoleFactory.Create(RoleSettings.ForPpmid(0x10, Hub), Context(), Link(), null), typeof(PpmidRole));
            Assert.IsInstanceOfType(RoleFactory.Create(Bridge(0x21, AltHanVariant.B3, 0x22), Context(), Link(), Link()), typeof(AltHanBridgeRole));
            Assert.IsInstanceOfType(RoleFactory.Create(RoleSettings.ForMeter(0x31, Hub), Context(), Link(), null), typeof(MeterTrafficRole));
        }

        [TestMethod]
        public void MeterTrafficFrame_WriteRead_RoundTripsAndRefusesShortOrUnknown()
        {
            byte[] buffer = new byte[24];
            MeterTrafficFrame.Write(new ByteWriter(buffer), MeterTrafficFrame.Report, 0x01020304, 24);
            Assert.AreEqual("0104030201A5", Hex.Encode(buffer, 0, 6));
            Assert.IsTrue(MeterTrafficFrame.TryRead(buffer, 0, 24, out byte type, out uint number));
            Assert.AreEqual(MeterTrafficFrame.Report, type);
            Assert.AreEqual(0x01020304u, number);
            Assert.IsFalse(MeterTrafficFrame.TryRead(buffer, 0, 4, out type, out number));
            buffer[0] = 0x07;
            Assert.IsFalse(MeterTrafficFrame.TryRead(buffer, 0, 24, out type, out number));
        }

        [TestMethod]
        public void Sha256StreamingHash_InUnevenBlocks_GivesTheFips180Digest()
        {
            // FIPS 180-2 appendix B.2: SHA-256 of the 56-character message below (two blocks after padding).
            const string Message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
            const string Digest = "248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1";
            byte[] data = new byte[Message.Length];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)Message[i];
            }

            Sha256StreamingHash hash = new Sha256StreamingHash();
            byte[] output = new byte[hash.HashLength];
            for (int step = 1; step <= data.Length; step += 11)
            {
                hash.Reset();
                for (int at = 0; at < data.Length; at += step)
                {
                    int count = data.Length - at < step ? data.Length - at : step;
                    hash.Append(data, at, count);
                }

                hash.GetHash(output, 0);
                Assert.AreEqual(Digest, Hex.Encode(output), "in blocks of " + step.ToString());
            }

            // Through the digest-only store, as a small board would use it.
            DigestOnlyImageStore store = new DigestOnlyImageStore(new MemorySettingsStore(), new Sha256StreamingHash());
            Assert.AreEqual((byte)StoreStatus.Ok, (byte)store.Begin("img-1", data.Length));
            Assert.AreEqual((byte)StoreStatus.Ok, (byte)store.Append(data, 0, data.Length));
            Assert.AreEqual((byte)StoreStatus.Ok, (byte)store.Commit());
            byte[] digest = new byte[32];
            Assert.IsTrue(store.TryGetDigest("img-1", digest, 0));
            Assert.AreEqual(Digest, Hex.Encode(digest));
        }

        private static RoleSettings Bridge(ulong eui64, AltHanVariant variant, ulong peer)
        {
            return RoleSettings.ForBridge(eui64, variant, Hub, peer, new ulong[0]);
        }

        private static DeviceContext Context()
        {
            return new DeviceContext(new ManualClock(0), new MemoryImageStore(1 << 16), new MemorySettingsStore(), new MemoryIndicator(), new MemoryLog(10, LogLevel.Info));
        }

        private static ScriptedFrameLink Link()
        {
            return new ScriptedFrameLink(HanFrame.MaxEncodedLength);
        }
    }
}
