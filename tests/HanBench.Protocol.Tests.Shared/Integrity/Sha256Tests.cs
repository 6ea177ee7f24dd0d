using HanBench.Protocol.Bytes;
using HanBench.Protocol.Integrity;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Integrity
{
    [TestClass]
    public class Sha256Tests
    {
        // FIPS 180-4 examples (NIST "SHA256.pdf" example values and the FIPS 180-2 appendix B long message).
        private const string AbcDigest = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
        private const string EmptyDigest = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        private const string TwoBlockMessage = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        private const string TwoBlockDigest = "248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1";
        private const string LongMessage = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
        private const string LongMessageDigest = "CF5B16A778AF8380036CE59E7B0492370B249B11E8F07A51AFAC45037AFEE9D1";
        private const string MillionADigest = "CDC76E5C9914FB9281A1C7E284D73E67F1809A48A497200E046D39CCC7112CD0";

        [TestMethod]
        public void Hash_Abc_MatchesFips180Example()
        {
            Assert.AreEqual(AbcDigest, Hex.Encode(Sha256.Hash(Ascii("abc"))));
        }

        [TestMethod]
        public void Hash_EmptyMessage_MatchesKnownDigest()
        {
            Assert.AreEqual(EmptyDigest, Hex.Encode(Sha256.Hash(new byte[0])));
        }

        [TestMethod]
        public void Hash_448BitMessage_MatchesFips180Example()
        {
            Assert.AreEqual(56, TwoBlockMessage.Length);
            Assert.AreEqual(TwoBlockDigest, Hex.Encode(Sha256.Hash(Ascii(TwoBlockMessage))));
        }

        [TestMethod]
        public void Hash_896BitMessage_MatchesFips180Example()
        {
            Assert.AreEqual(112, LongMessage.Length);
            Assert.AreEqual(LongMessageDigest, Hex.Encode(Sha256.Hash(Ascii(LongMessage))));
        }

        [TestMethod]
        [DataRow(1000)]
        [DataRow(997)]
        [DataRow(64)]
        public void Append_OneMillionA_InChunks_MatchesFips180Example(int chunk)
        {
            // Fed in chunks so the test holds no megabyte, as a board could not (docs/PLATFORM.md: ~79 KB heap).
            byte[] block = new byte[chunk];
            for (int i = 0; i < chunk; i++)
            {
                block[i] = (byte)'a';
            }

            Sha256 hasher = new Sha256();
            int left = 1000000;
            while (left > 0)
            {
                int take = left < chunk ? left : chunk;
                hasher.Append(block, 0, take);
                left -= take;
            }

            Assert.AreEqual(1000000L, hasher.MessageLength);
            Assert.AreEqual(MillionADigest, Hex.Encode(hasher.GetHash()), "chunk " + chunk.ToString());
        }

        [TestMethod]
        public void Append_EverySplitOfRandomMessages_EqualsOneShot()
        {
            ulong seed = 0x5A256A11CE0001UL;
            TestRandom random = new TestRandom(seed);
            Sha256 hasher = new Sha256();
            byte[] digest = new byte[Sha256.HashLength];
            for (int length = 0; length <= 200; length += 1 + random.Next(7))
            {
                byte[] message = random.NextBytes(length);
                string expected = Hex.Encode(Sha256.Hash(message));
                for (int split = 0; split <= length; split++)
                {
                    hasher.Reset();
                    hasher.Append(message, 0, split);
                    hasher.Append(message, split, length - split);
                    hasher.GetHash(digest, 0);
                    Assert.AreEqual(expected, Hex.Encode(digest), "seed 0x" + seed.ToString("X") + " length " + length.ToString() + " split " + split.ToString());
                }
            }
        }

        [TestMethod]
        public void Append_RandomManyPartSplits_EqualsOneShot()
        {
            ulong seed = 0x5A256A11CE0002UL;
            TestRandom random = new TestRandom(seed);
            Sha256 hasher = new Sha256();
            for (int round = 0; round < 300; round++)
            {
                int length = random.Next(2000);
                byte[] message = random.NextBytes(length);
                string expected = Hex.Encode(Sha256.Hash(message, 0, length));
                hasher.Reset();
                int position = 0;
                while (position < length)
                {
                    int take = 1 + random.Next(length - position < 150 ? length - position : 150);
                    hasher.Append(message, position, take);
                    position += take;
                }

                Assert.AreEqual(expected, Hex.Encode(hasher.GetHash()), "seed 0x" + seed.ToString("X") + " round " + round.ToString());
            }
        }

        [TestMethod]
        public void GetHash_MidStream_DoesNotDisturbRunningHash()
        {
            Sha256 hasher = new Sha256();
            hasher.Append(Ascii("ab"), 0, 2);
            string partial = Hex.Encode(hasher.GetHash());
            hasher.Append(Ascii("c"), 0, 1);
            Assert.AreEqual(Hex.Encode(Sha256.Hash(Ascii("ab"))), partial);
            Assert.AreEqual(AbcDigest, Hex.Encode(hasher.GetHash()));
            Assert.AreEqual(AbcDigest, Hex.Encode(hasher.GetHash()));
        }

        [TestMethod]
        public void Reset_AfterUse_StartsANewMessage()
        {
            Sha256 hasher = new Sha256();
            hasher.Append(Ascii(LongMessage), 0, LongMessage.Length);
            hasher.Reset();
            Assert.AreEqual(0L, hasher.MessageLength);
            hasher.Append(Ascii("abc"), 0, 3);
            Assert.AreEqual(AbcDigest, Hex.Encode(hasher.GetHash()));
        }

        [TestMethod]
        public void GetHash_AtOffset_WritesOnlyThe32Bytes()
        {
            byte[] output = new byte[40];
            for (int i = 0; i < output.Length; i++)
            {
                output[i] = 0xEE;
            }

            Sha256 hasher = new Sha256();
            hasher.Append(Ascii("abc"), 0, 3);
            hasher.GetHash(output, 4);
            Assert.AreEqual((byte)0xEE, output[3]);
            Assert.AreEqual((byte)0xEE, output[36]);
            Assert.AreEqual(AbcDigest, Hex.Encode(output, 4, 32));
        }

        [TestMethod]
        public void Append_BadArguments_Throw()
        {
            Sha256 hasher = new Sha256();
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => hasher.Append(null!, 0, 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => hasher.Append(new byte[4], 2, 3));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => hasher.Append(new byte[4], -1, 1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => hasher.GetHash(new byte[32], 1));
        }

        private static byte[] Ascii(string text)
        {
            return System.Text.Encoding.UTF8.GetBytes(text);
        }
    }
}
