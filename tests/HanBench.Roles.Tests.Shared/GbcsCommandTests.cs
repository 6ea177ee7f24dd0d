using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using nanoFramework.TestFramework;

namespace HanBench.Roles.Tests
{
    /// <summary>
    /// A PPMID's GBCS commands from the ACB (issue 8 §3; docs/GBCS-SECURITY.md): the MAC is checked before the counter,
    /// so only an authenticated command can move it, and the answer is MAC'd for the ACB.
    /// </summary>
    [TestClass]
    public class GbcsCommandTests
    {
        private const ulong Ppmid = 0x00DB000000000020UL;

        [TestMethod]
        public void Cs08_MacdByTheAcb_AnsweredWithAMacdResponseToIt()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendAcbCommand(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, 0x1000, Cs08(), -1);
            GbcsEnvelope? response = bench.NextMacdResponse();
            Assert.IsNotNull(response);
            Assert.AreEqual((byte)GbcsCraFlag.Response, (byte)response!.CraFlag);
            Assert.AreEqual(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, response.MessageCode);
            Assert.AreEqual(0x1000UL, response.OriginatorCounter, "a response carries the command's counter");
            Assert.AreEqual(Ppmid, response.OriginatorSystemTitle);
            Assert.IsTrue(response.HasSupplementaryRemotePartyId && response.HasSupplementaryRemotePartyCounter, "the supplementary remote party is echoed");
            Assert.AreEqual(RoleSettings.DefaultSupplierSystemTitle, response.SupplementaryRemotePartyId);
            Assert.AreEqual(0x1000UL, response.SupplementaryRemotePartyCounter);
            Assert.AreEqual(1L, Role(bench).FirmwareVersionReads);
        }

        [TestMethod]
        public void Cs08_SupplementaryRemotePartyNotTheSupplier_RefusedNamingItAndNothingMoved()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendCs08(0x1000, true, 0x90B3D51F30020000UL, 5);
            Assert.IsNull(bench.NextMacdResponse(), "nothing is answered");
            Assert.Contains("supplementary remote party 90B3D51F30020000 is not the device's supplier 90B3D51F30010000", Role(bench).LastRefusal!);
            Assert.AreEqual(0L, Role(bench).FirmwareVersionReads);
            ulong last;
            Assert.IsFalse(Role(bench).CommandGuard.Guard.TryGetLastCounter(RoleSettings.DefaultAcbSystemTitle, out last), "the originator counter did not move");
            Assert.IsFalse(Role(bench).SupplementaryRemoteParty.Counters.Guard.TryGetLastCounter(0x90B3D51F30020000UL, out last), "no counter kept for the stranger");

            bench.SendCs08(0x1000, true, RoleSettings.DefaultSupplierSystemTitle, 5);
            Assert.IsNotNull(bench.NextMacdResponse(), "the same counters from the supplier are still good");
        }

        [TestMethod]
        public void Cs08_SupplementaryRemotePartyCounterReplayedWithAFreshOriginatorCounter_RefusedAndNothingMoved()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendCs08(0x1000, true, RoleSettings.DefaultSupplierSystemTitle, 1000);
            Assert.IsNotNull(bench.NextMacdResponse());

            bench.SendCs08(0x1001, true, RoleSettings.DefaultSupplierSystemTitle, 1000);
            bench.SendCs08(0x1002, true, RoleSettings.DefaultSupplierSystemTitle, 999);
            Assert.IsNull(bench.NextMacdResponse(), "neither is answered");
            Assert.AreEqual(2L, Role(bench).CommandsRefused);
            Assert.Contains("older supplementary remote party counter 999 (last accepted 1000)", Role(bench).LastRefusal!);
            ulong last;
            Assert.IsTrue(Role(bench).CommandGuard.Guard.TryGetLastCounter(RoleSettings.DefaultAcbSystemTitle, out last));
            Assert.AreEqual(0x1000UL, last, "the refused commands' originator counters did not move");

            bench.SendCs08(0x1001, true, RoleSettings.DefaultSupplierSystemTitle, 1001);
            Assert.IsNotNull(bench.NextMacdResponse(), "the next counters are good");
        }

        [TestMethod]
        public void Cs08_WithoutSupplementaryRemoteParty_RefusedNamingIt()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendCs08(0x1000, false, 0, 0);
            Assert.IsNull(bench.NextMacdResponse());
            Assert.Contains("supplementary remote party id and counter missing", Role(bench).LastRefusal!);
        }

        [TestMethod]
        public void Cs08_SupplementaryRemotePartyCounter_KeptAcrossARestart()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendCs08(0x1000, true, RoleSettings.DefaultSupplierSystemTitle, 1000);
            Assert.IsNotNull(bench.NextMacdResponse());

            bench.Role.Start(0);
            bench.SendCs08(0x1001, true, RoleSettings.DefaultSupplierSystemTitle, 1000);
            Assert.IsNull(bench.NextMacdResponse(), "a restart does not reopen the replay");
            Assert.Contains("replayed supplementary remote party counter 1000", Role(bench).LastRefusal!);
        }

        [TestMethod]
        public void Cs08_FlippedMacWithTheHighestCounter_RefusedAndTheAcbNotLockedOut()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendAcbCommand(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, 0xFFFFFFFFFFFFFFFFUL, Cs08(), 3);
            Assert.IsNull(bench.NextMacdResponse(), "nothing is answered to a forged command");
            Assert.AreEqual(1L, Role(bench).CommandsRefused);
            Assert.AreEqual(0L, Role(bench).FirmwareVersionReads);
            Assert.IsNotNull(Role(bench).LastRefusal);

            bench.SendAcbCommand(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, 0x1001, Cs08(), -1);
            Assert.IsNotNull(bench.NextMacdResponse(), "the forged counter moved nothing");
        }

        [TestMethod]
        public void Cs08_ReplayedOrOlderCounter_RefusedAfterTheMac()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendAcbCommand(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, 0x2000, Cs08(), -1);
            Assert.IsNotNull(bench.NextMacdResponse());
            bench.SendAcbCommand(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, 0x2000, Cs08(), -1);
            bench.SendAcbCommand(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, 0x1FFF, Cs08(), -1);
            Assert.IsNull(bench.NextMacdResponse());
            Assert.AreEqual(2L, Role(bench).CommandsRefused);
            Assert.AreEqual(1L, Role(bench).FirmwareVersionReads);
        }

        private static PpmidRole Role(RoleBench bench)
        {
            return (PpmidRole)bench.Role;
        }

        private static byte[] Cs08()
        {
            byte[] content = new byte[ReadFirmwareVersionCommand.EncodedLength];
            ReadFirmwareVersionCommand.WriteTo(new ByteWriter(content));
            return content;
        }
    }
}
