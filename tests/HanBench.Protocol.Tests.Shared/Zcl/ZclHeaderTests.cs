using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Zcl
{
    [TestClass]
    public class ZclHeaderTests
    {
        [TestMethod]
        public void HeaderFor_ServerToClientCommand_Is0x19()
        {
            ZclHeader header = OtaCluster.HeaderFor(OtaCommandId.ImageBlockResponse, 0x42);
            Assert.AreEqual((byte)0x19, header.FrameControl);
            Assert.IsTrue(header.IsServerToClient);
            Assert.IsTrue(header.IsDefaultResponseDisabled);
            Assert.IsFalse(header.IsManufacturerSpecific);
            Assert.AreEqual((byte)0x42, header.TransactionSequenceNumber);
            Assert.AreEqual((byte)0x05, header.CommandId);
            Assert.AreEqual(3, header.EncodedLength);
        }

        [TestMethod]
        public void HeaderFor_ClientToServerCommand_Is0x11()
        {
            foreach (OtaCommandId id in new OtaCommandId[] { OtaCommandId.QueryNextImageRequest, OtaCommandId.ImageBlockRequest, OtaCommandId.ImagePageRequest, OtaCommandId.UpgradeEndRequest, OtaCommandId.QueryDeviceSpecificFileRequest })
            {
                Assert.AreEqual((byte)0x11, OtaCluster.HeaderFor(id, 0).FrameControl, "command " + ((byte)id).ToString());
            }

            foreach (OtaCommandId id in new OtaCommandId[] { OtaCommandId.ImageNotify, OtaCommandId.QueryNextImageResponse, OtaCommandId.ImageBlockResponse, OtaCommandId.UpgradeEndResponse, OtaCommandId.QueryDeviceSpecificFileResponse })
            {
                Assert.AreEqual((byte)0x19, OtaCluster.HeaderFor(id, 0).FrameControl, "command " + ((byte)id).ToString());
            }
        }

        [TestMethod]
        public void Decode_ManufacturerSpecific_ReadsCodeLittleEndian()
        {
            ByteReader reader = ZclTestFrames.Reader("1D02105D05");
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ZclHeader.TryDecode(reader, out ZclHeader header));
            Assert.IsTrue(header.IsManufacturerSpecific);
            Assert.AreEqual((ushort)0x1002, header.ManufacturerCode);
            Assert.AreEqual((byte)0x5D, header.TransactionSequenceNumber);
            Assert.AreEqual((byte)0x05, header.CommandId);
            Assert.AreEqual(5, header.EncodedLength);
            Assert.AreEqual(0, reader.Remaining);
        }

        [TestMethod]
        public void Encode_ManufacturerSpecific_WritesCodeAfterFrameControl()
        {
            ZclHeader header = default;
            header.FrameControl = 0x1D;
            header.ManufacturerCode = 0x1002;
            header.TransactionSequenceNumber = 0x5D;
            header.CommandId = 0x05;
            byte[] buffer = new byte[header.EncodedLength];
            header.WriteTo(new ByteWriter(buffer));
            Assert.AreEqual("1D02105D05", Hex.Encode(buffer));
        }

        [TestMethod]
        public void Encode_NotManufacturerSpecific_OmitsCode()
        {
            ZclHeader header = OtaCluster.HeaderFor(OtaCommandId.ImageNotify, 0x07);
            header.ManufacturerCode = 0xBEEF;
            byte[] buffer = new byte[header.EncodedLength];
            header.WriteTo(new ByteWriter(buffer));
            Assert.AreEqual("190700", Hex.Encode(buffer));
        }

        [TestMethod]
        public void Decode_ReservedBitsSet_KeepsThemForRoundTrip()
        {
            ByteReader reader = ZclTestFrames.Reader("F90100");
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ZclHeader.TryDecode(reader, out ZclHeader header));
            Assert.AreEqual((byte)0xF9, header.FrameControl);
            byte[] again = new byte[header.EncodedLength];
            header.WriteTo(new ByteWriter(again));
            Assert.AreEqual("F90100", Hex.Encode(again));
        }

        [TestMethod]
        [DataRow("12")]
        [DataRow("13")]
        public void Decode_ReservedFrameType_ReportsIt(string frameControl)
        {
            Assert.AreEqual((byte)ZclDecodeStatus.ReservedFrameType, (byte)ZclHeader.TryDecode(ZclTestFrames.Reader(frameControl + "0100"), out ZclHeader _));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("19")]
        [DataRow("1901")]
        [DataRow("1D")]
        [DataRow("1D02")]
        [DataRow("1D0210")]
        [DataRow("1D02105D")]
        public void Decode_Truncated_ReportsTruncated(string hex)
        {
            Assert.AreEqual((byte)ZclDecodeStatus.Truncated, (byte)ZclHeader.TryDecode(ZclTestFrames.Reader(hex), out ZclHeader _), hex);
        }
    }
}
