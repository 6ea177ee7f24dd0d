using System.Text;
using HanBench.Protocol.Integrity;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Integrity
{
    [TestClass]
    public class Crc16CcittTests
    {
        private const ulong RandomSeed = 0x16CC17F00D5EEDUL;

        [TestMethod]
        public void Compute_CheckString_Returns0x29B1()
        {
            byte[] check = Encoding.UTF8.GetBytes("123456789");
            Assert.AreEqual((ushort)0x29B1, Crc16Ccitt.Compute(check, 0, check.Length));
            Assert.AreEqual(Crc16Ccitt.CheckValue, Crc16Ccitt.Compute(check, 0, check.Length));
        }

        [TestMethod]
        public void Compute_KnownVectors_MatchReference()
        {
            // Values from an independent implementation (Python binascii.crc_hqx with init 0xFFFF).
            Assert.AreEqual((ushort)0xFFFF, Crc16Ccitt.Compute(new byte[0], 0, 0));
            Assert.AreEqual((ushort)0xE1F0, Crc16Ccitt.Compute(new byte[] { 0x00 }, 0, 1));
            Assert.AreEqual((ushort)0xB915, Crc16Ccitt.Compute(new byte[] { 0x41 }, 0, 1));
            Assert.AreEqual((ushort)0xF14C, Crc16Ccitt.Compute(new byte[32], 0, 32));
            Assert.AreEqual((ushort)0x75F8, Crc16Ccitt.Compute(Filled(32, 0xFF), 0, 32));
            Assert.AreEqual((ushort)0x3FBD, Crc16Ccitt.Compute(Counting(256), 0, 256));
            byte[] fox = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog");
            Assert.AreEqual((ushort)0x8FDD, Crc16Ccitt.Compute(fox, 0, fox.Length));
        }

        [TestMethod]
        public void Compute_Window_IgnoresBytesOutside()
        {
            byte[] framed = Encoding.UTF8.GetBytes("xx123456789yy");
            Assert.AreEqual((ushort)0x29B1, Crc16Ccitt.Compute(framed, 2, 9));
        }

        [TestMethod]
        public void Append_EverySplit_EqualsOneShot()
        {
            byte[] data = Counting(300);
            ushort expected = Crc16Ccitt.Compute(data, 0, data.Length);
            Crc16Ccitt crc = new Crc16Ccitt();
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
            Crc16Ccitt crc = new Crc16Ccitt();
            Assert.AreEqual((ushort)0xFFFF, crc.Value);
            crc.Append(new byte[] { 0x55 }, 0, 1);
            crc.Reset();
            for (int i = 0; i < check.Length; i++)
            {
                crc.Append(check, i, 1);
            }

            Assert.AreEqual((ushort)0x29B1, crc.Value);
        }

        [TestMethod]
        public void Compute_RandomInputs_MatchBitwiseDefinition()
        {
            TestRandom random = new TestRandom(RandomSeed);
            for (int round = 0; round < 500; round++)
            {
                byte[] data = random.NextBytes(random.Next(200));
                Assert.AreEqual(Bitwise(data), Crc16Ccitt.Compute(data, 0, data.Length), "seed 0x" + RandomSeed.ToString("X") + " round " + round.ToString());
            }
        }

        [TestMethod]
        public void Compute_BadWindow_Throws()
        {
            byte[] data = new byte[4];
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => Crc16Ccitt.Compute(null!, 0, 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Crc16Ccitt.Compute(data, 2, 3));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Crc16Ccitt.Compute(data, -1, 1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new Crc16Ccitt().Append(data, 0, -1));
        }

        // The definition, one bit at a time (no table): MSB first, poly 0x1021, init 0xFFFF, no final XOR.
        private static ushort Bitwise(byte[] data)
        {
            int crc = 0xFFFF;
            for (int i = 0; i < data.Length; i++)
            {
                crc ^= data[i] << 8;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
                }
            }

            return (ushort)crc;
        }

        internal static byte[] Counting(int count)
        {
            byte[] data = new byte[count];
            for (int i = 0; i < count; i++)
            {
                data[i] = (byte)i;
            }

            return data;
        }

        internal static byte[] Filled(int count, byte value)
        {
            byte[] data = new byte[count];
            for (int i = 0; i < count; i++)
            {
                data[i] = value;
            }

            return data;
        }
    }
}
