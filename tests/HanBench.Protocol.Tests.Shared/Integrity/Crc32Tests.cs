using System.Text;
using HanBench.Protocol.Integrity;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Integrity
{
    [TestClass]
    public class Crc32Tests
    {
        private const ulong RandomSeed = 0x32C3C32EEDUL;

        [TestMethod]
        public void Compute_CheckString_Returns0xCBF43926()
        {
            byte[] check = Encoding.UTF8.GetBytes("123456789");
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(check, 0, check.Length));
            Assert.AreEqual(Crc32.CheckValue, Crc32.Compute(check, 0, check.Length));
        }

        [TestMethod]
        public void Compute_KnownVectors_MatchReference()
        {
            // Values from an independent implementation (Python zlib.crc32).
            Assert.AreEqual(0x00000000u, Crc32.Compute(new byte[0], 0, 0));
            Assert.AreEqual(0xD202EF8Du, Crc32.Compute(new byte[] { 0x00 }, 0, 1));
            Assert.AreEqual(0xD3D99E8Bu, Crc32.Compute(new byte[] { 0x41 }, 0, 1));
            Assert.AreEqual(0x190A55ADu, Crc32.Compute(new byte[32], 0, 32));
            Assert.AreEqual(0xFF6CAB0Bu, Crc32.Compute(Crc16CcittTests.Filled(32, 0xFF), 0, 32));
            Assert.AreEqual(0x29058C73u, Crc32.Compute(Crc16CcittTests.Counting(256), 0, 256));
            byte[] fox = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog");
            Assert.AreEqual(0x414FA339u, Crc32.Compute(fox, 0, fox.Length));
        }

        [TestMethod]
        public void Compute_Window_IgnoresBytesOutside()
        {
            byte[] framed = Encoding.UTF8.GetBytes("xx123456789yy");
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(framed, 2, 9));
        }

        [TestMethod]
        public void Append_EverySplit_EqualsOneShot()
        {
            byte[] data = Crc16CcittTests.Counting(300);
            uint expected = Crc32.Compute(data, 0, data.Length);
            Crc32 crc = new Crc32();
            for (int first = 0; first <= data.Length; first++)
            {
                for (int second = first; second <= data.Length; second += 37)
                {
                    crc.Reset();
                    crc.Append(data, 0, first);
                    crc.Append(data, first, second - first);
                    crc.Append(data, second, data.Length - second);
                    Assert.AreEqual(expected, crc.Value, "split at " + first.ToString() + "/" + second.ToString());
                }
            }
        }

        [TestMethod]
        public void Append_ByteAtATime_EqualsOneShot_AndResetStartsAgain()
        {
            byte[] check = Encoding.UTF8.GetBytes("123456789");
            Crc32 crc = new Crc32();
            Assert.AreEqual(0x00000000u, crc.Value);
            crc.Append(new byte[] { 0x55 }, 0, 1);
            crc.Reset();
            for (int i = 0; i < check.Length; i++)
            {
                crc.Append(check, i, 1);
            }

            Assert.AreEqual(0xCBF43926u, crc.Value);
        }

        [TestMethod]
        public void Compute_RandomInputs_MatchBitwiseDefinition()
        {
            TestRandom random = new TestRandom(RandomSeed);
            for (int round = 0; round < 500; round++)
            {
                byte[] data = random.NextBytes(random.Next(200));
                Assert.AreEqual(Bitwise(data), Crc32.Compute(data, 0, data.Length), "seed 0x" + RandomSeed.ToString("X") + " round " + round.ToString());
            }
        }

        [TestMethod]
        public void Compute_BadWindow_Throws()
        {
            byte[] data = new byte[4];
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => Crc32.Compute(null!, 0, 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Crc32.Compute(data, 2, 3));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Crc32.Compute(data, -1, 1));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => new Crc32().Append(null!, 0, 0));
        }

        // The definition, one bit at a time (no table): LSB first, reflected poly 0xEDB88320, init and xorout 0xFFFFFFFF.
        private static uint Bitwise(byte[] data)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = 0; i < data.Length; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return crc ^ 0xFFFFFFFF;
        }
    }
}
