using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Firmware.Tests.Roles
{
    [TestClass]
    public class CredentialCommitTests
    {
        private const ulong Device = 0x00DB000000000010UL;
        private const ulong Acb = 0x90B3D51F30000002UL;
        private const ulong Supplier = 0x90B3D51F30010000UL;

        [TestMethod]
        public void Guard_FloorOfTheOriginatorsRole_AtOrBelowRefused_AboveAccepted_AfterReload()
        {
            MemorySettingsStore settings = new MemorySettingsStore();
            TrustAnchorStore anchors = Anchors(settings);
            anchors.SetSeqNumber(RemotePartyRole.AccessControlBroker, 500);
            Assert.IsTrue(anchors.TrySave());

            GbcsCommandGuard guard = new GbcsCommandGuard(settings);
            guard.Load();
            guard.UseFloors(Anchors(settings));
            Assert.AreEqual((byte)OriginatorCounterStatus.BelowFloor, (byte)guard.Accept(Acb, 500));
            Assert.AreEqual((byte)OriginatorCounterStatus.BelowFloor, (byte)guard.Check(Acb, 17));
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Check(Supplier, 17), "another role's floor");
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Accept(Acb, 501));
        }

        [TestMethod]
        public void KeyPairs_PowerCutBeforeOrAfterTheCommit_KeyAndCertificateAgree()
        {
            byte[] certificate = new byte[] { 0x30, 0x03, 0x02, 0x01, 0x07 };
            byte[] key = new byte[32];
            key[31] = 9;
            for (int writes = 0; writes <= 2; writes++)
            {
                MemorySettingsStore settings = new MemorySettingsStore();
                DeviceKeyPairs pairs = new DeviceKeyPairs(settings);
                pairs.Load();
                Assert.IsTrue(pairs.TrySetPending(DeviceKeyPairs.KeyAgreement, key));
                settings.WritesBeforePowerCut = writes;
                bool written = pairs.WriteCandidateCertificate(DeviceKeyPairs.KeyAgreement, certificate, 0, certificate.Length) == StoreStatus.Ok;
                bool activated = written && pairs.TryActivate(DeviceKeyPairs.KeyAgreement);
                settings.WritesBeforePowerCut = -1;

                DeviceKeyPairs restarted = new DeviceKeyPairs(settings);
                restarted.Load();
                byte[] held = new byte[16];
                int length = restarted.ReadCertificate(DeviceKeyPairs.KeyAgreement, held);
                bool inUse = restarted.TryGetActive(DeviceKeyPairs.KeyAgreement, new byte[32]);
                Assert.AreEqual(activated, inUse);
                Assert.AreEqual(inUse ? certificate.Length : 0, length);
            }
        }

        private static TrustAnchorStore Anchors(MemorySettingsStore settings)
        {
            TrustAnchorStore store = new TrustAnchorStore(settings);
            store.Load(DeviceCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, Device, Acb, Supplier), Acb, Supplier);
            return store;
        }
    }
}
