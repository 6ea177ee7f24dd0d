using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Security
{
    [TestClass]
    public class HmacSha256Tests
    {
        // RFC 4231 §4.2, §4.3 and §4.7 (test cases 1, 2 and 6: a key longer than a block is hashed first).
        [TestMethod]
        public void Compute_Rfc4231Case1_MatchesVector()
        {
            byte[] key = SecurityVectors.Bytes("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
            byte[] mac = HmacSha256.Compute(key, SecurityVectors.Ascii("Hi There"));
            SecurityVectors.AssertOctets("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", mac, 0, 32);
        }

        [TestMethod]
        public void Compute_Rfc4231Case2_MatchesVector()
        {
            byte[] mac = HmacSha256.Compute(SecurityVectors.Ascii("Jefe"), SecurityVectors.Ascii("what do ya want for nothing?"));
            SecurityVectors.AssertOctets("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", mac, 0, 32);
        }

        [TestMethod]
        public void Compute_Rfc4231Case6KeyLongerThanBlock_MatchesVector()
        {
            byte[] key = new byte[131];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = 0xAA;
            }

            byte[] mac = HmacSha256.Compute(key, SecurityVectors.Ascii("Test Using Larger Than Block-Size Key - Hash Key First"));
            SecurityVectors.AssertOctets("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", mac, 0, 32);
        }

        [TestMethod]
        public void GetMac_MessageInPiecesThenReused_SameAsOneShot()
        {
            byte[] key = SecurityVectors.Ascii("Jefe");
            byte[] message = SecurityVectors.Ascii("what do ya want for nothing?");
            HmacSha256 mac = new HmacSha256();
            mac.SetKey(key, 0, key.Length);
            byte[] first = new byte[HmacSha256.MacLength];
            byte[] second = new byte[HmacSha256.MacLength];
            mac.Append(message, 0, 5);
            mac.Append(message, 5, message.Length - 5);
            mac.GetMac(first, 0);
            mac.Append(message, 0, message.Length);
            mac.GetMac(second, 0);
            SecurityVectors.AssertOctets("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", first, 0, 32);
            SecurityVectors.AssertOctets("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", second, 0, 32);
        }
    }
}
