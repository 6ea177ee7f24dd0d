using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Firmware.Tests.Roles
{
    [TestClass]
    public class TrustAnchorStoreTests
    {
        private const ulong Device = 0x00DB000000000010UL;
        private const ulong Acb = 0x90B3D51F30000002UL;
        private const ulong Supplier = 0x90B3D51F30010000UL;

        [TestMethod]
        public void Load_NothingStored_HoldsTheProvisionedAcbKaAndDsAndSupplierDs()
        {
            TrustAnchorStore store = new TrustAnchorStore(new MemorySettingsStore());
            store.Load(Credentials(), Acb, Supplier);
            Assert.AreEqual(3, store.Count);
            int acb = store.Find(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0);
            Assert.AreEqual(Acb, store.SubjectIdAt(acb));
            Assert.AreEqual(store.Find(RemotePartyRole.Supplier, GbcsKeyUsage.DigitalSignature, 0), store.FindParty(Supplier, GbcsKeyUsage.DigitalSignature));
        }

        [TestMethod]
        public void Replacement_Stored_SurvivesANewInstance()
        {
            MemorySettingsStore settings = new MemorySettingsStore();
            TrustAnchorStore store = new TrustAnchorStore(settings);
            store.Load(Credentials(), Acb, Supplier);
            Assert.IsTrue(store.Put(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0, Acb, 0x42UL, NewKey()));
            store.SetSeqNumber(RemotePartyRole.AccessControlBroker, 1300);
            Assert.IsTrue(store.TrySave());

            TrustAnchorStore restarted = new TrustAnchorStore(settings);
            restarted.Load(Credentials(), Acb, Supplier);
            Assert.AreEqual(0x42UL, restarted.SubjectKeyIdAt(restarted.Find(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0)));
            Assert.AreEqual(1300UL, restarted.SeqNumber(RemotePartyRole.AccessControlBroker));
        }

        [TestMethod]
        public void Replacement_StoreRefusesTheWrite_ReloadGivesBackWhatWasHeld()
        {
            TrustAnchorStore store = new TrustAnchorStore(new RefusingStore());
            store.Load(Credentials(), Acb, Supplier);
            byte[] before = new byte[65];
            store.CopyKey(store.Find(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0), before);
            store.Put(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0, Acb, 0x42UL, NewKey());
            Assert.IsFalse(store.TrySave());

            store.Load(Credentials(), Acb, Supplier);
            byte[] after = new byte[65];
            int cell = store.Find(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0);
            store.CopyKey(cell, after);
            Assert.AreEqual(0UL, store.SubjectKeyIdAt(cell));
            for (int i = 0; i < after.Length; i++)
            {
                Assert.AreEqual(before[i], after[i]);
            }
        }

        [TestMethod]
        public void Load_CorruptRecord_FallsBackToTheProvisionedAnchors()
        {
            MemorySettingsStore settings = new MemorySettingsStore();
            settings.Write(TrustAnchorStore.SettingsKey, new byte[] { 1, 9, 0 }, 0, 3);
            TrustAnchorStore store = new TrustAnchorStore(settings);
            store.Load(Credentials(), Acb, Supplier);
            Assert.AreEqual(3, store.Count);
        }

        private static DeviceCredentials Credentials()
        {
            return DeviceCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, Device, Acb, Supplier);
        }

        private static byte[] NewKey()
        {
            return GbcsTestKeys.DerivePublicKey(GbcsTestKeys.DefaultSeed ^ 7, Acb, GbcsTestKeys.KeyAgreement);
        }

        // A store whose writes all fail (a full or worn flash).
        private sealed class RefusingStore : ISettingsStore
        {
            public StoreStatus TryRead(string key, byte[] buffer, int offset, out int length)
            {
                length = 0;
                return StoreStatus.NotFound;
            }

            public StoreStatus Write(string key, byte[] value, int offset, int count)
            {
                return StoreStatus.NoSpace;
            }

            public bool Contains(string key)
            {
                return false;
            }

            public StoreStatus Delete(string key)
            {
                return StoreStatus.NotFound;
            }

            public string[] Keys()
            {
                return new string[0];
            }
        }
    }
}
