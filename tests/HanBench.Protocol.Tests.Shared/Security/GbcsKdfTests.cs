using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Security
{
    [TestClass]
    public class GbcsKdfTests
    {
        // docs/GBCS-SECURITY.md §2 worked example: the CS08 success response, PPMID 00DB1234567890A4 to the ACB.
        private const string WorkedZ = "9CCFE012CC5DF79FE5B98E286D3D4E6A938A35C0536554C60D6B70EFC6489114";
        private const string WorkedOtherInfo = "60857406080300" + "00DB1234567890A4" + "09" + "02" + "0000000000000514" + "90B3D51F30000002";
        private const string WorkedKey = "CFBAFADB1D03CC0B4E2D06535AEABB71";

        [TestMethod]
        public void DeriveKey_WorkedExample_GivesDocumentedOtherInfoAndKey()
        {
            var kdf = new GbcsKdf();
            byte[] key = new byte[GbcsKdf.KeyLength + 2];
            kdf.DeriveKey(Aes128Tests.Bytes(WorkedZ), 0, 0x00DB1234567890A4UL, GbcsCraFlag.Response, 0x514UL, 0x90B3D51F30000002UL, key, 1);
            Assert.AreEqual(WorkedOtherInfo, Hex.Encode(kdf.OtherInfo));
            Assert.AreEqual("00" + WorkedKey + "00", Hex.Encode(key));
        }

        [TestMethod]
        public void DeriveKey_ZAtOffset_SameKey()
        {
            var kdf = new GbcsKdf();
            byte[] key = new byte[GbcsKdf.KeyLength];
            kdf.DeriveKey(Aes128Tests.Bytes("FFFF" + WorkedZ), 2, 0x00DB1234567890A4UL, GbcsCraFlag.Response, 0x514UL, 0x90B3D51F30000002UL, key, 0);
            Assert.AreEqual(WorkedKey, Hex.Encode(key));
        }

        [TestMethod]
        public void DeriveKey_AnyHeaderFieldChanged_DifferentKey()
        {
            var kdf = new GbcsKdf();
            byte[] z = Aes128Tests.Bytes(WorkedZ);
            byte[] key = new byte[GbcsKdf.KeyLength];
            kdf.DeriveKey(z, 0, 0x00DB1234567890A5UL, GbcsCraFlag.Response, 0x514UL, 0x90B3D51F30000002UL, key, 0);
            Assert.AreNotEqual(WorkedKey, Hex.Encode(key));
            kdf.DeriveKey(z, 0, 0x00DB1234567890A4UL, GbcsCraFlag.Alert, 0x514UL, 0x90B3D51F30000002UL, key, 0);
            Assert.AreNotEqual(WorkedKey, Hex.Encode(key));
            kdf.DeriveKey(z, 0, 0x00DB1234567890A4UL, GbcsCraFlag.Response, 0x515UL, 0x90B3D51F30000002UL, key, 0);
            Assert.AreNotEqual(WorkedKey, Hex.Encode(key));
            kdf.DeriveKey(z, 0, 0x00DB1234567890A4UL, GbcsCraFlag.Response, 0x514UL, 0x90B3D51F30000001UL, key, 0);
            Assert.AreNotEqual(WorkedKey, Hex.Encode(key));
        }

        [TestMethod]
        public void DeriveKey_ShortZ_Throws()
        {
            var kdf = new GbcsKdf();
            Assert.ThrowsException(typeof(System.ArgumentException), () => kdf.DeriveKey(new byte[31], 0, 1, GbcsCraFlag.Command, 1, 2, new byte[16], 0));
        }
    }
}
