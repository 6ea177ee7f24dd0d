using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Firmware.Tests.Roles
{
    /// <summary>
    /// The board's credentials record with the transitional change-of-supplier party (GBCS 6.23): format 3 carries its title
    /// and DS key and the trust anchors then hold it; a format 2 record (boards provisioned before) still reads, trusting
    /// no CoS party.
    /// </summary>
    [TestClass]
    public class ProvisionedCredentialsTests
    {
        private const ulong Device = 0x00DB000000000010UL;
        private const ulong Hub = 0x00DB000000000001UL;
        private const ulong Acb = 0x90B3D51F30000002UL;
        private const ulong Supplier = 0x90B3D51F30010000UL;

        [TestMethod]
        public void Format3_WithTheCoSParty_RoundTrips_TrustAnchorsHoldItsDsKey()
        {
            byte[] record = ProvisionedCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, Device, Hub, Acb, Supplier).ToBytes();
            Assert.AreEqual(ProvisionedCredentials.EncodedLength, record.Length);
            Assert.AreEqual(ProvisionedCredentials.Format, record[0]);

            ProvisionedCredentials? decoded = ProvisionedCredentials.TryDecode(record, 0, record.Length, Device, out string problem);
            Assert.IsNotNull(decoded, problem);
            Assert.AreEqual(RoleSettings.DefaultTransitionalCoSSystemTitle, decoded!.TransitionalCoSSystemTitle);

            TrustAnchorStore anchors = new TrustAnchorStore(new MemorySettingsStore());
            anchors.Load(decoded.ToDeviceCredentials(), Acb, Supplier);
            int cell = anchors.FindParty(RoleSettings.DefaultTransitionalCoSSystemTitle, GbcsKeyUsage.DigitalSignature);
            Assert.IsTrue(cell >= 0, "the CoS party's DS key is a trust anchor");
            Assert.AreEqual((byte)RemotePartyRole.TransitionalCoS, (byte)anchors.RoleAt(cell));
            byte[] key = new byte[65];
            anchors.CopyKey(cell, key);
            byte[] expected = GbcsTestKeys.DerivePublicKey(GbcsTestKeys.DefaultSeed, RoleSettings.DefaultTransitionalCoSSystemTitle, GbcsTestKeys.DigitalSigning);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], key[i]);
            }
        }

        [TestMethod]
        public void Format2_WithoutTheCoSParty_StillReads_NoCoSAnchor()
        {
            byte[] current = ProvisionedCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, Device, Hub, Acb, Supplier).ToBytes();
            byte[] old = new byte[ProvisionedCredentials.EncodedLengthWithoutCoS];
            System.Array.Copy(current, old, old.Length);
            old[0] = ProvisionedCredentials.FormatWithoutCoS;

            ProvisionedCredentials? decoded = ProvisionedCredentials.TryDecode(old, 0, old.Length, Device, out string problem);
            Assert.IsNotNull(decoded, problem);
            Assert.AreEqual(0UL, decoded!.TransitionalCoSSystemTitle);
            DeviceCredentials credentials = decoded.ToDeviceCredentials();
            Assert.IsNull(credentials.TransitionalCoSSigningPublicKey);

            TrustAnchorStore anchors = new TrustAnchorStore(new MemorySettingsStore());
            anchors.Load(credentials, Acb, Supplier);
            Assert.AreEqual(-1, anchors.Find(RemotePartyRole.TransitionalCoS, GbcsKeyUsage.DigitalSignature, 0));
            Assert.IsTrue(anchors.Find(RemotePartyRole.Supplier, GbcsKeyUsage.DigitalSignature, 0) >= 0);
        }

        [TestMethod]
        public void Format3_LengthOfFormat2_RefusedNamingTheLength()
        {
            byte[] current = ProvisionedCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, Device, Hub, Acb, Supplier).ToBytes();

            ProvisionedCredentials? decoded = ProvisionedCredentials.TryDecode(current, 0, ProvisionedCredentials.EncodedLengthWithoutCoS, Device, out string problem);

            Assert.IsNull(decoded);
            Assert.IsTrue(problem.IndexOf("511 octets, not 584") >= 0, problem);
        }

        [TestMethod]
        public void Format3_CoSKeyNotAPoint_Refused()
        {
            byte[] record = ProvisionedCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, Device, Hub, Acb, Supplier).ToBytes();
            record[ProvisionedCredentials.EncodedLengthWithoutCoS + 8] = 0x05;

            Assert.IsNull(ProvisionedCredentials.TryDecode(record, 0, record.Length, Device, out string problem));
            Assert.IsTrue(problem.IndexOf("SEC 1") >= 0, problem);
        }
    }
}
