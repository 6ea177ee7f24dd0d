using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Gbcs
{
    [TestClass]
    public class GbcsRandomInputTests
    {
        private const int Iterations = 10000;

        [TestMethod]
        public void Envelope_RandomBytes_NeverThrowsAndOkReEncodesExactly()
        {
            TestRandom random = new TestRandom(0x6B63735F656E7631UL);
            GbcsEnvelope envelope = new GbcsEnvelope();
            byte[] buffer = new byte[160];
            byte[] output = new byte[400];
            int ok = 0;
            for (int i = 0; i < Iterations; i++)
            {
                int length = random.Next(buffer.Length + 1);
                random.NextBytes(buffer, 0, length);
                // Half the inputs start with a real tag so the decoder gets past the first octet.
                if (length > 0 && (i & 1) == 0)
                {
                    buffer[0] = (i & 2) == 0 ? GbcsEnvelope.GeneralSigningTag : GbcsEnvelope.GeneralCipheringTag;
                }

                ok += DecodeAndCheck(envelope, buffer, length, output, random.Seed, i);
            }

            OutputHelper.WriteLine("random envelopes decoded Ok: " + ok.ToString());
        }

        [TestMethod]
        public void Envelope_MutatedGoldenVectors_NeverThrowAndOkReEncodesExactly()
        {
            TestRandom random = new TestRandom(0x6B63735F6D757431UL);
            GbcsEnvelope envelope = new GbcsEnvelope();
            byte[][] goldens = new byte[][] { GbcsVectors.Bytes(GbcsVectors.MacdCommand), GbcsVectors.Bytes(GbcsVectors.SignedAlert) };
            byte[] buffer = new byte[200];
            byte[] output = new byte[400];
            int ok = 0;
            for (int i = 0; i < Iterations; i++)
            {
                byte[] golden = goldens[i % goldens.Length];
                System.Array.Copy(golden, buffer, golden.Length);
                int mutations = 1 + random.Next(3);
                for (int m = 0; m < mutations; m++)
                {
                    buffer[random.Next(golden.Length)] = (byte)random.Next(256);
                }

                int length = golden.Length - 2 + random.Next(5);
                ok += DecodeAndCheck(envelope, buffer, length, output, random.Seed, i);
            }

            OutputHelper.WriteLine("mutated envelopes decoded Ok: " + ok.ToString());
        }

        [TestMethod]
        public void Payloads_RandomAndMutatedBytes_NeverThrow()
        {
            TestRandom random = new TestRandom(0x6B63735F70617931UL);
            byte[] buffer = new byte[120];
            int ok = 0;
            for (int i = 0; i < Iterations; i++)
            {
                int decoder = i % PayloadDecoders.Count;
                int length;
                if ((i & 1) == 0)
                {
                    length = random.Next(buffer.Length + 1);
                    random.NextBytes(buffer, 0, length);
                }
                else
                {
                    byte[] golden = GbcsVectors.Bytes(GbcsVectors.Payloads[decoder]);
                    System.Array.Copy(golden, buffer, golden.Length);
                    buffer[random.Next(golden.Length)] = (byte)random.Next(256);
                    length = golden.Length;
                }

                GbcsPayloadStatus status;
                try
                {
                    status = PayloadDecoders.Decode(decoder, buffer, length);
                }
                catch (System.Exception e)
                {
                    status = GbcsPayloadStatus.Ok;
                    Assert.IsTrue(false, "seed " + random.Seed.ToString() + " iteration " + i.ToString() + " decoder " + decoder.ToString() + " threw " + e.Message);
                }

                if (status == GbcsPayloadStatus.Ok)
                {
                    ok++;
                }
            }

            OutputHelper.WriteLine("payloads decoded Ok: " + ok.ToString());
        }

        private static int DecodeAndCheck(GbcsEnvelope envelope, byte[] buffer, int length, byte[] output, ulong seed, int iteration)
        {
            string where = "seed " + seed.ToString() + " iteration " + iteration.ToString() + " input " + Hex.Encode(buffer, 0, length);
            GbcsStatus status = GbcsStatus.Empty;
            try
            {
                status = GbcsEnvelope.TryDecode(new ByteReader(buffer, 0, length), envelope);
            }
            catch (System.Exception e)
            {
                Assert.IsTrue(false, where + " threw " + e.Message);
            }

            if (status != GbcsStatus.Ok)
            {
                return 0;
            }

            // Whatever decodes must encode back to the very same octets.
            Assert.AreEqual(length, envelope.EncodedLength, where);
            ByteWriter writer = new ByteWriter(output, 0, length);
            envelope.WriteTo(writer);
            Assert.AreEqual(Hex.Encode(buffer, 0, length), Hex.Encode(output, 0, length), where);
            return 1;
        }
    }
}
