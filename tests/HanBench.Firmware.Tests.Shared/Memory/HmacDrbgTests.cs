using HanBench.Device.Memory;
using HanBench.Protocol.Bytes;
using nanoFramework.TestFramework;

namespace HanBench.Firmware.Tests.Memory
{
    [TestClass]
    public class HmacDrbgTests
    {
        // Expected octets from an independent HMAC_DRBG (SP 800-90A 10.1.2, SHA-256) written with Python's hmac module:
        // seed 00 01 .. 0F, no nonce or personalisation.
        private const string First40 = "099427D6192F1B0AB5A1312EDF280EEF0753776A581062952CE07A737F79AE456E4FDEFC94820F5F";
        private const string Next32 = "71B53152D635EC39F0E5FD231AA44EB61D7BC0804720F7B37CF799A8C94DA431";
        private const string AfterReseedAABB = "C9B84DC7B6F70FBBE9751564DBC8BDEF";

        [TestMethod]
        public void Generate_KnownSeed_GivesTheIndependentImplementationsOctets()
        {
            HmacDrbg drbg = new HmacDrbg(Seed());
            Assert.AreEqual(First40, Fill(drbg, 40));
            Assert.AreEqual(Next32, Fill(drbg, 32));
        }

        [TestMethod]
        public void Reseed_Entropy_ChangesWhatFollows()
        {
            HmacDrbg drbg = new HmacDrbg(Seed());
            Fill(drbg, 40);
            drbg.Reseed(new byte[] { 0xAA, 0xBB }, 0, 2);
            Assert.AreEqual(AfterReseedAABB, Fill(drbg, 16));
        }

        [TestMethod]
        public void Persisted_ANewInstanceOnTheSameStore_ContinuesInsteadOfRepeating()
        {
            MemorySettingsStore settings = new MemorySettingsStore();
            HmacDrbg first = new HmacDrbg(Seed(), settings, "rng.state");
            Assert.AreEqual(First40, Fill(first, 40));

            // a restart: same seed, same store
            HmacDrbg second = new HmacDrbg(Seed(), settings, "rng.state");
            Assert.AreEqual(Next32, Fill(second, 32));
        }

        private static byte[] Seed()
        {
            byte[] seed = new byte[16];
            for (int i = 0; i < seed.Length; i++)
            {
                seed[i] = (byte)i;
            }

            return seed;
        }

        private static string Fill(HmacDrbg drbg, int count)
        {
            byte[] output = new byte[count];
            Assert.IsTrue(drbg.TryFill(output, 0, count));
            return Hex.Encode(output);
        }
    }
}
