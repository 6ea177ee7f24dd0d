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
            Assert.AreEqual(1L, Role(bench).FirmwareVersionReads);
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
