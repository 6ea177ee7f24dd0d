using HanBench.Protocol.Bytes;
using HanBench.Protocol.Management;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Management
{
    [TestClass]
    public class ManagementRandomInputTests
    {
        private const int Iterations = 10000;

        private static readonly byte[] KnownTypes = new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x81, 0x82, 0x84, 0x86, 0xFF };

        [TestMethod]
        public void Decode_RandomBytes_NeverThrowsAndOkReEncodesExactly()
        {
            TestRandom random = new TestRandom(0x6D676D745F726E64UL);
            ManagementMessage message = new ManagementMessage();
            byte[] buffer = new byte[200];
            byte[] output = new byte[300];
            int ok = 0;
            for (int i = 0; i < Iterations; i++)
            {
                int length = random.Next(buffer.Length + 1);
                random.NextBytes(buffer, 0, length);
                if (length > 0 && (i & 1) == 0)
                {
                    buffer[0] = KnownTypes[random.Next(KnownTypes.Length)];
                }

                ok += DecodeAndCheck(message, buffer, length, output, random.Seed, i);
            }

            OutputHelper.WriteLine("random management messages decoded Ok: " + ok.ToString());
        }

        [TestMethod]
        public void Decode_MutatedGoldens_NeverThrowAndOkReEncodesExactly()
        {
            TestRandom random = new TestRandom(0x6D676D745F6D7574UL);
            ManagementMessage message = new ManagementMessage();
            byte[] buffer = new byte[200];
            byte[] output = new byte[300];
            int ok = 0;
            for (int i = 0; i < Iterations; i++)
            {
                byte[] golden = ManagementVectors.Bytes(ManagementVectors.All[i % ManagementVectors.All.Length]);
                System.Array.Copy(golden, buffer, golden.Length);
                int mutations = 1 + random.Next(2);
                for (int m = 0; m < mutations; m++)
                {
                    buffer[random.Next(golden.Length)] = (byte)random.Next(256);
                }

                int length = golden.Length - 1 + random.Next(3);
                ok += DecodeAndCheck(message, buffer, length, output, random.Seed, i);
            }

            OutputHelper.WriteLine("mutated management messages decoded Ok: " + ok.ToString());
            Assert.IsTrue(ok > Iterations / 10, "seed " + random.Seed.ToString() + ": too few mutated messages decoded to exercise the round trip");
        }

        private static int DecodeAndCheck(ManagementMessage message, byte[] buffer, int length, byte[] output, ulong seed, int iteration)
        {
            ManagementDecodeStatus status = message.TryDecode(new ByteReader(buffer, 0, length));
            if (status != ManagementDecodeStatus.Ok)
            {
                return 0;
            }

            ByteWriter writer = new ByteWriter(output);
            message.WriteTo(writer);
            string context = "seed " + seed.ToString() + " iteration " + iteration.ToString();
            Assert.AreEqual(length, writer.Written, context);
            Assert.AreEqual(message.EncodedLength, writer.Written, context);
            Assert.AreEqual(Hex.Encode(buffer, 0, length), Hex.Encode(output, 0, writer.Written), context);
            return 1;
        }
    }
}
