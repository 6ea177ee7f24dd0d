using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Zcl
{
    [TestClass]
    public class QueryDeviceSpecificFileTests
    {
        [TestMethod]
        public void RequestDecode_ReadsIeeeLittleEndianAndFields()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.QueryDeviceSpecificFileRequestFrame, OtaCommandId.QueryDeviceSpecificFileRequest, out ZclHeader header);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)QueryDeviceSpecificFileRequest.TryDecode(reader, out QueryDeviceSpecificFileRequest request));
            Assert.IsFalse(header.IsServerToClient);
            Assert.AreEqual(ZclTestFrames.Ieee, request.RequestNodeAddress);
            Assert.AreEqual(ZclTestFrames.Manufacturer, request.ManufacturerCode);
            Assert.AreEqual((ushort)0xFFC1, request.ImageType);
            Assert.AreEqual(3u, request.FileVersion);
            Assert.AreEqual((ushort)0x0002, request.ZigbeeStackVersion);
        }

        [TestMethod]
        public void RequestEncode_MatchesGolden()
        {
            QueryDeviceSpecificFileRequest request = default;
            request.RequestNodeAddress = ZclTestFrames.Ieee;
            request.ManufacturerCode = ZclTestFrames.Manufacturer;
            request.ImageType = 0xFFC1;
            request.FileVersion = 3;
            request.ZigbeeStackVersion = 0x0002;
            Assert.AreEqual(ZclTestFrames.QueryDeviceSpecificFileRequestFrame, ZclTestFrames.Encode(0x59, request));
        }

        [TestMethod]
        [DataRow("0102")]
        [DataRow("BFFF")]
        [DataRow("FFFF")]
        public void RequestDecode_ImageTypeNotDeviceSpecific_ReportsInvalidImageType(string imageType)
        {
            Assert.AreEqual((byte)ZclDecodeStatus.InvalidImageType, (byte)QueryDeviceSpecificFileRequest.TryDecode(ZclTestFrames.Reader("7766554433221100" + "0210" + imageType + "01000000" + "0200"), out QueryDeviceSpecificFileRequest _), imageType);
        }

        [TestMethod]
        public void ResponseDecode_EveryForm_ReadsFields()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.QueryDeviceSpecificFileResponseSuccess, OtaCommandId.QueryDeviceSpecificFileResponse, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)QueryDeviceSpecificFileResponse.TryDecode(reader, out QueryDeviceSpecificFileResponse success));
            Assert.AreEqual((byte)OtaStatus.Success, (byte)success.Status);
            Assert.AreEqual(ZclTestFrames.Manufacturer, success.ManufacturerCode);
            Assert.AreEqual((ushort)0xFFC1, success.ImageType);
            Assert.AreEqual(2u, success.FileVersion);
            Assert.AreEqual(256u, success.ImageSize);

            reader = ZclTestFrames.PayloadReader(ZclTestFrames.QueryDeviceSpecificFileResponseNoImage, OtaCommandId.QueryDeviceSpecificFileResponse, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)QueryDeviceSpecificFileResponse.TryDecode(reader, out QueryDeviceSpecificFileResponse noImage));
            Assert.AreEqual((byte)OtaStatus.NoImageAvailable, (byte)noImage.Status);

            reader = ZclTestFrames.PayloadReader(ZclTestFrames.QueryDeviceSpecificFileResponseNotAuthorized, OtaCommandId.QueryDeviceSpecificFileResponse, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)QueryDeviceSpecificFileResponse.TryDecode(reader, out QueryDeviceSpecificFileResponse notAuthorized));
            Assert.AreEqual((byte)OtaStatus.NotAuthorized, (byte)notAuthorized.Status);
        }

        [TestMethod]
        public void ResponseEncode_EveryForm_MatchesGolden()
        {
            QueryDeviceSpecificFileResponse response = default;
            response.Status = OtaStatus.Success;
            response.ManufacturerCode = ZclTestFrames.Manufacturer;
            response.ImageType = 0xFFC1;
            response.FileVersion = 2;
            response.ImageSize = 256;
            Assert.AreEqual(ZclTestFrames.QueryDeviceSpecificFileResponseSuccess, ZclTestFrames.Encode(0x5A, response));
            response.Status = OtaStatus.NoImageAvailable;
            Assert.AreEqual(ZclTestFrames.QueryDeviceSpecificFileResponseNoImage, ZclTestFrames.Encode(0x5B, response));
            response.Status = OtaStatus.NotAuthorized;
            Assert.AreEqual(ZclTestFrames.QueryDeviceSpecificFileResponseNotAuthorized, ZclTestFrames.Encode(0x5C, response));
        }

        [TestMethod]
        public void ResponseDecode_SuccessForOrdinaryImageType_ReportsInvalidImageType()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.InvalidImageType, (byte)QueryDeviceSpecificFileResponse.TryDecode(ZclTestFrames.Reader("00" + "0210" + "0102" + "02000000" + "00010000"), out QueryDeviceSpecificFileResponse _));
        }

        [TestMethod]
        public void ResponseDecode_Abort_ReportsUnexpectedStatus()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.UnexpectedStatus, (byte)QueryDeviceSpecificFileResponse.TryDecode(ZclTestFrames.Reader("95"), out QueryDeviceSpecificFileResponse _));
        }
    }
}
