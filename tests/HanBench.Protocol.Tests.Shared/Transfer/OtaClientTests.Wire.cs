using HanBench.Protocol.Bytes;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Transfer
{
    /// <summary>The OTA client's bytes: the resume record and Default Response golden both ways, the data size a link frame allows.</summary>
    public partial class OtaClientTests
    {
        [TestMethod]
        public void ResumeRecord_GoldenBytesBothWaysAndEveryDefectRefused()
        {
            // format 01 · 1234 · 0101 · 00000200 · 000BB800 (768,000) · 00002000 (8,192) · CRC-16/CCITT-FALSE of the 17 bytes.
            byte[] golden = Hex("01 3412 0101 00020000 00B80B00 00200000 " + CrcHex("01 3412 0101 00020000 00B80B00 00200000"));
            OtaResumeRecord record = default;
            record.ManufacturerCode = 0x1234;
            record.ImageType = 0x0101;
            record.FileVersion = 0x00000200;
            record.ImageSize = 768000;
            record.Offset = 8192;
            byte[] written = new byte[OtaResumeRecord.Length];
            record.WriteTo(new ByteWriter(written));
            CollectionAssert.AreEqual(golden, written);
            Assert.IsTrue(OtaResumeRecord.TryDecode(new ByteReader(golden, 0, golden.Length), out OtaResumeRecord decoded));
            Assert.AreEqual(768000u, decoded.ImageSize);
            Assert.AreEqual(8192u, decoded.Offset);
            Assert.AreEqual((ushort)0x0101, decoded.ImageType);
            for (int length = 0; length < golden.Length; length++)
            {
                Assert.IsFalse(OtaResumeRecord.TryDecode(new ByteReader(golden, 0, length), out OtaResumeRecord _), "length " + length.ToString());
            }

            for (int bit = 0; bit < golden.Length * 8; bit++)
            {
                byte[] flipped = new byte[golden.Length];
                System.Array.Copy(golden, flipped, golden.Length);
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.IsFalse(OtaResumeRecord.TryDecode(new ByteReader(flipped, 0, flipped.Length), out OtaResumeRecord _), "bit " + bit.ToString());
            }
        }

        [TestMethod]
        public void DefaultResponse_GoldenBytesBothWays()
        {
            ZclDefaultResponse response = default;
            response.CommandId = 0x04;
            response.Status = 0x81;
            byte[] written = new byte[2];
            response.WriteTo(new ByteWriter(written));
            CollectionAssert.AreEqual(Hex("04 81"), written);
            Assert.IsTrue(ZclDefaultResponse.TryDecode(new ByteReader(written, 0, 2), out ZclDefaultResponse decoded));
            Assert.AreEqual((byte)0x81, decoded.Status);
            Assert.IsFalse(ZclDefaultResponse.TryDecode(new ByteReader(written, 0, 1), out ZclDefaultResponse _));
            Assert.IsFalse(ZclDefaultResponse.TryDecode(new ByteReader(Hex("04 81 00"), 0, 3), out ZclDefaultResponse _));
        }

        [TestMethod]
        public void MaxDataSizeFor_LinkFrameLimits()
        {
            Assert.AreEqual((byte)65, OtaTransferLimits.MaxDataSizeFor(102), "ZigBee preset: 102 - 20 - 3 - 14");
            Assert.AreEqual((byte)255, OtaTransferLimits.MaxDataSizeFor(1044));
            Assert.AreEqual((byte)0, OtaTransferLimits.MaxDataSizeFor(37));
            Assert.AreEqual((byte)1, OtaTransferLimits.MaxDataSizeFor(38));
        }

        [TestMethod]
        public void PageRequest_LinkAllows255_AsksForFeHerdsmanReads()
        {
            // Issue 16: a PPMID on a UART link asked for maximumDataSize 0xFF, which zigbee-herdsman reads as "no value".
            // The same first page request, byte for byte, except that it asks for 0xFE.
            RecordingSender sent = new RecordingSender();
            OtaClientSettings settings = new OtaClientSettings();
            settings.ServerAddress = OtaTestKit.ServerAddress;
            settings.ManufacturerCode = 0x1DB0;
            settings.ImageType = 0x0200;
            settings.CurrentFileVersion = 0x00010104;
            settings.MaxDataSize = OtaTransferLimits.MaxDataSizeFor(1044);
            Assert.AreEqual((byte)0xFF, settings.MaxDataSize);
            OtaClient client = new OtaClient(sent, new MemorySink(), new MemoryProgress(), new OtaImageVerifierCheck(), settings);
            client.StartQuery(0);
            QueryNextImageResponse response = default;
            response.Status = OtaStatus.Success;
            response.ManufacturerCode = 0x1DB0;
            response.ImageType = 0x0200;
            response.FileVersion = 0x00010105;
            response.ImageSize = 8192;
            Deliver(client, OtaTestKit.Frame(OtaCommandId.QueryNextImageResponse, 1, response), 0);
            Assert.AreEqual("11020400b01d00020501010000000000fe00100000", HanBench.Protocol.Bytes.Hex.Encode(sent.Last.Bytes).ToLower());
        }
    }
}
