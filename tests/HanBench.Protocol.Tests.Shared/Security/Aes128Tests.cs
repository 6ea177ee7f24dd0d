using HanBench.Protocol.Bytes;
using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Security
{
    [TestClass]
    public class Aes128Tests
    {
        // FIPS-197 Appendix C.1, Appendix B, and SP 800-38A F.1.1 (ECB-AES128, block 1).
        [TestMethod]
        [DataRow("000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF", "69C4E0D86A7B0430D8CDB78070B4C55A")]
        [DataRow("2B7E151628AED2A6ABF7158809CF4F3C", "3243F6A8885A308D313198A2E0370734", "3925841D02DC09FBDC118597196A0B32")]
        [DataRow("2B7E151628AED2A6ABF7158809CF4F3C", "6BC1BEE22E409F96E93D7E117393172A", "3AD77BB40D7A3660A89ECAF32466EF97")]
        public void EncryptBlock_Fips197Vector_GivesCiphertext(string key, string plaintext, string ciphertext)
        {
            var aes = new Aes128();
            aes.SetKey(Bytes(key), 0);
            byte[] block = Bytes(plaintext);
            byte[] output = new byte[Aes128.BlockLength];
            aes.EncryptBlock(block, 0, output, 0);
            Assert.AreEqual(ciphertext, Hex.Encode(output));
        }

        [TestMethod]
        public void EncryptBlock_InPlaceAtOffsets_SameAsSeparateBuffers()
        {
            var aes = new Aes128();
            aes.SetKey(Bytes("FF000102030405060708090A0B0C0D0E0F"), 1);
            byte[] buffer = Bytes("AAAA00112233445566778899AABBCCDDEEFF");
            aes.EncryptBlock(buffer, 2, buffer, 2);
            Assert.AreEqual("AAAA69C4E0D86A7B0430D8CDB78070B4C55A", Hex.Encode(buffer));
        }

        [TestMethod]
        public void SetKey_NewKey_ReplacesTheOldSchedule()
        {
            var aes = new Aes128();
            byte[] output = new byte[Aes128.BlockLength];
            aes.SetKey(Bytes("2B7E151628AED2A6ABF7158809CF4F3C"), 0);
            aes.SetKey(Bytes("000102030405060708090A0B0C0D0E0F"), 0);
            aes.EncryptBlock(Bytes("00112233445566778899AABBCCDDEEFF"), 0, output, 0);
            Assert.AreEqual("69C4E0D86A7B0430D8CDB78070B4C55A", Hex.Encode(output));
        }

        [TestMethod]
        public void SetKey_ShortKey_Throws()
        {
            var aes = new Aes128();
            Assert.ThrowsException(typeof(System.ArgumentException), () => aes.SetKey(new byte[15], 0));
        }

        internal static byte[] Bytes(string hex)
        {
            Hex.TryDecode(hex, out byte[] bytes);
            return bytes;
        }
    }
}
