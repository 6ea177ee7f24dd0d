using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Zcl
{
    [TestClass]
    public class OtaCommandDecoderTests
    {
        private const ulong RandomSeed = 0x0A7A5EED2026UL;
        private const int RandomInputs = 12000;

        [TestMethod]
        public void Decode_EveryGoldenFrame_NamesItsCommandAndReencodesToTheSameBytes()
        {
            foreach (string hex in ZclTestFrames.All)
            {
                ZclDecodeStatus status = ZclTestFrames.Decode(hex, out ZclHeader header, out IOtaCommand? command);
                Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)status, hex);
                Assert.IsNotNull(command, hex);
                Assert.AreEqual(header.CommandId, (byte)command!.CommandId, hex);
                Assert.AreEqual(OtaCluster.IsServerToClient(command.CommandId), header.IsServerToClient, hex);
                Assert.AreEqual(hex, ZclTestFrames.Encode(header, command), hex);
            }
        }

        [TestMethod]
        public void Decode_GoldenFrames_CoverEveryCommand()
        {
            bool[] seen = new bool[OtaCluster.LastCommandId + 1];
            foreach (string hex in ZclTestFrames.All)
            {
                seen[(byte)ZclTestFrames.DecodeOk(hex).CommandId] = true;
            }

            for (int id = 0; id <= OtaCluster.LastCommandId; id++)
            {
                Assert.IsTrue(seen[id], "no golden frame for command " + id.ToString());
            }
        }

        [TestMethod]
        public void Decode_EveryTruncationOfEveryGoldenFrame_IsNotOkAndDoesNotThrow()
        {
            foreach (string hex in ZclTestFrames.All)
            {
                byte[] bytes = ZclTestFrames.Bytes(hex);
                ByteReader reader = new ByteReader();
                for (int length = 0; length < bytes.Length; length++)
                {
                    reader.Reset(bytes, 0, length);
                    ZclDecodeStatus status = OtaCommandDecoder.TryDecode(reader, out ZclHeader _, out IOtaCommand? command);
                    Assert.AreNotEqual((int)ZclDecodeStatus.Ok, (int)status, hex + " cut to " + length.ToString());
                    Assert.IsNull(command, hex + " cut to " + length.ToString());
                }
            }
        }

        [TestMethod]
        public void Decode_EveryGoldenFrameWithAByteAppended_ReportsTrailingBytes()
        {
            foreach (string hex in ZclTestFrames.All)
            {
                ZclDecodeStatus status = ZclTestFrames.Decode(hex + "00", out ZclHeader _, out IOtaCommand? _);
                Assert.AreEqual((byte)ZclDecodeStatus.TrailingBytes, (byte)status, hex);
            }
        }

        [TestMethod]
        public void Decode_ManufacturerSpecificFrame_DecodesCommandAndKeepsCode()
        {
            ZclDecodeStatus status = ZclTestFrames.Decode(ZclTestFrames.ManufacturerSpecificAbort, out ZclHeader header, out IOtaCommand? command);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)status);
            Assert.IsTrue(header.IsManufacturerSpecific);
            Assert.AreEqual(ZclTestFrames.Manufacturer, header.ManufacturerCode);
            Assert.AreEqual((byte)OtaStatus.Abort, (byte)((ImageBlockResponse)command!).Status);
        }

        [TestMethod]
        [DataRow("19400A00")]
        [DataRow("11400AFF")]
        public void Decode_CommandIdAboveNine_ReportsUnknownCommand(string hex)
        {
            Assert.AreEqual((byte)ZclDecodeStatus.UnknownCommand, (byte)ZclTestFrames.Decode(hex, out ZclHeader header, out IOtaCommand? _), hex);
            Assert.AreEqual((byte)0x40, header.TransactionSequenceNumber);
        }

        [TestMethod]
        public void Decode_GlobalDefaultResponse_ReportsNotClusterSpecific()
        {
            // ZCL Default Response (global command 0x0B) answering an Image Block Request with MALFORMED_COMMAND.
            Assert.AreEqual((byte)ZclDecodeStatus.NotClusterSpecific, (byte)ZclTestFrames.Decode("18490B0380", out ZclHeader _, out IOtaCommand? _));
        }

        [TestMethod]
        public void Decode_ReservedFrameType_ReportsIt()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.ReservedFrameType, (byte)ZclTestFrames.Decode("1A520595", out ZclHeader _, out IOtaCommand? _));
        }

        [TestMethod]
        [DataRow("115205" + "95")]
        [DataRow("194903" + "00" + "0210" + "0102" + "01032620" + "00020000" + "40")]
        [DataRow("114000" + "0032")]
        [DataRow("195908" + "7766554433221100" + "0210" + "C1FF" + "03000000" + "0200")]
        public void Decode_DirectionBitAgainstCommand_ReportsWrongDirection(string hex)
        {
            Assert.AreEqual((byte)ZclDecodeStatus.WrongDirection, (byte)ZclTestFrames.Decode(hex, out ZclHeader _, out IOtaCommand? _), hex);
        }

        [TestMethod]
        public void Decode_PayloadDefect_ReturnsNoCommand()
        {
            ZclDecodeStatus status = ZclTestFrames.Decode("194005" + "01", out ZclHeader header, out IOtaCommand? command);
            Assert.AreEqual((byte)ZclDecodeStatus.UnexpectedStatus, (byte)status);
            Assert.IsNull(command);
            Assert.AreEqual((byte)0x05, header.CommandId);
        }

        [TestMethod]
        public void Decode_SeededRandomInputs_NeverThrowAndOkFramesReencodeExactly()
        {
            TestRandom random = new TestRandom(RandomSeed);
            OutputHelper.WriteLine("OtaCommandDecoder random inputs: seed 0x" + RandomSeed.ToString("X") + ", " + RandomInputs.ToString() + " inputs");
            byte[] buffer = new byte[64];
            byte[] reencoded = new byte[64];
            ByteReader reader = new ByteReader();
            ByteWriter writer = new ByteWriter();
            int ok = 0;
            for (int i = 0; i < RandomInputs; i++)
            {
                int length = MakeInput(random, buffer);
                string input = Hex.Encode(buffer, 0, length);
                reader.Reset(buffer, 0, length);
                ZclDecodeStatus status;
                ZclHeader header;
                IOtaCommand? command;
                try
                {
                    status = OtaCommandDecoder.TryDecode(reader, out header, out command);
                }
                catch (System.Exception ex)
                {
                    Assert.IsTrue(false, "seed 0x" + RandomSeed.ToString("X") + " input " + i.ToString() + " (" + input + ") threw: " + ex.Message);
                    return;
                }

                if (status != ZclDecodeStatus.Ok)
                {
                    Assert.IsNull(command, "seed 0x" + RandomSeed.ToString("X") + " input " + input);
                    continue;
                }

                // Strict decoding consumed every byte and kept every bit, so encoding must give the input back.
                ok++;
                writer.Reset(reencoded, 0, reencoded.Length);
                OtaCommandDecoder.WriteTo(header, command!, writer);
                Assert.AreEqual(input, Hex.Encode(reencoded, 0, writer.Written), "seed 0x" + RandomSeed.ToString("X") + " input " + i.ToString());
            }

            OutputHelper.WriteLine(ok.ToString() + " of " + RandomInputs.ToString() + " random inputs decoded Ok and re-encoded exactly");
            Assert.IsTrue(ok > RandomInputs / 20, "seed 0x" + RandomSeed.ToString("X") + ": too few inputs reached a successful decode (" + ok.ToString() + "); the generator no longer exercises the command decoders");
        }

        /// <summary>
        /// One input in three is random bytes; the rest start from a golden frame and are mutated (a byte changed,
        /// the length changed), so the command decoders see near-valid frames, not just header rejections.
        /// </summary>
        private static int MakeInput(TestRandom random, byte[] buffer)
        {
            int kind = random.Next(3);
            if (kind == 0)
            {
                int length = random.Next(40);
                random.NextBytes(buffer, 0, length);
                return length;
            }

            byte[] golden = ZclTestFrames.Bytes(ZclTestFrames.All[random.Next(ZclTestFrames.All.Length)]);
            System.Array.Copy(golden, buffer, golden.Length);
            int result = golden.Length;
            if (kind == 1)
            {
                buffer[random.Next(golden.Length)] = (byte)random.Next(256);
            }
            else
            {
                result = random.Next(golden.Length + 8);
                for (int i = golden.Length; i < result; i++)
                {
                    buffer[i] = (byte)random.Next(256);
                }
            }

            return result;
        }
    }
}
