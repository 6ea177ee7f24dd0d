using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Zcl
{
    [TestClass]
    public class QueryNextImageTests
    {
        [TestMethod]
        public void RequestDecode_WithoutHardwareVersion_ReadsFields()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.QueryNextImageRequestPlain, OtaCommandId.QueryNextImageRequest, out ZclHeader header);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)QueryNextImageRequest.TryDecode(reader, out QueryNextImageRequest request));
            Assert.IsFalse(header.IsServerToClient);
            Assert.AreEqual((byte)0x00, request.FieldControl);
            Assert.IsFalse(request.HasHardwareVersion);
            Assert.AreEqual(ZclTestFrames.Manufacturer, request.ManufacturerCode);
            Assert.AreEqual(ZclTestFrames.Image, request.ImageType);
            Assert.AreEqual(ZclTestFrames.CurrentVersion, request.FileVersion);
            Assert.AreEqual(9, request.EncodedLength);
        }

        [TestMethod]
        public void RequestDecode_WithHardwareVersion_ReadsIt()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.QueryNextImageRequestHardware, OtaCommandId.QueryNextImageRequest, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)QueryNextImageRequest.TryDecode(reader, out QueryNextImageRequest request));
            Assert.IsTrue(request.HasHardwareVersion);
            Assert.AreEqual((ushort)0x0003, request.HardwareVersion);
            Assert.AreEqual(ZclTestFrames.CurrentVersion, request.FileVersion);
        }

        [TestMethod]
        public void RequestEncode_BothForms_MatchGolden()
        {
            QueryNextImageRequest request = default;
            request.ManufacturerCode = ZclTestFrames.Manufacturer;
            request.ImageType = ZclTestFrames.Image;
            request.FileVersion = ZclTestFrames.CurrentVersion;
            request.HardwareVersion = 0x0003; // not on the wire while bit 0 is clear
            Assert.AreEqual(ZclTestFrames.QueryNextImageRequestPlain, ZclTestFrames.Encode(0x44, request));

            request.FieldControl = QueryNextImageRequest.FieldControlHardwareVersionPresent;
            Assert.AreEqual(ZclTestFrames.QueryNextImageRequestHardware, ZclTestFrames.Encode(0x45, request));
        }

        [TestMethod]
        public void RequestDecode_ReservedFieldControlBit_ReportsBadFieldControl()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.BadFieldControl, (byte)QueryNextImageRequest.TryDecode(ZclTestFrames.Reader("02" + "0210" + "0102" + "01012520"), out QueryNextImageRequest _));
        }

        [TestMethod]
        public void RequestDecode_HardwareBitSetButFieldMissing_ReportsTruncated()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.Truncated, (byte)QueryNextImageRequest.TryDecode(ZclTestFrames.Reader("01" + "0210" + "0102" + "01012520"), out QueryNextImageRequest _));
        }

        [TestMethod]
        public void RequestDecode_HardwareVersionButBitClear_ReportsTrailingBytes()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.TrailingBytes, (byte)QueryNextImageRequest.TryDecode(ZclTestFrames.Reader("00" + "0210" + "0102" + "01012520" + "0300"), out QueryNextImageRequest _));
        }

        [TestMethod]
        public void ResponseDecode_Success_ReadsImage()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.QueryNextImageResponseSuccess, OtaCommandId.QueryNextImageResponse, out ZclHeader header);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)QueryNextImageResponse.TryDecode(reader, out QueryNextImageResponse response));
            Assert.IsTrue(header.IsServerToClient);
            Assert.AreEqual((byte)OtaStatus.Success, (byte)response.Status);
            Assert.AreEqual(ZclTestFrames.Manufacturer, response.ManufacturerCode);
            Assert.AreEqual(ZclTestFrames.Image, response.ImageType);
            Assert.AreEqual(ZclTestFrames.NewVersion, response.FileVersion);
            Assert.AreEqual(765952u, response.ImageSize);
        }

        [TestMethod]
        public void ResponseDecode_NoImageAndNotAuthorized_AreStatusOnly()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.QueryNextImageResponseNoImage, OtaCommandId.QueryNextImageResponse, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)QueryNextImageResponse.TryDecode(reader, out QueryNextImageResponse noImage));
            Assert.AreEqual((byte)OtaStatus.NoImageAvailable, (byte)noImage.Status);
            Assert.AreEqual(1, noImage.EncodedLength);

            reader = ZclTestFrames.PayloadReader(ZclTestFrames.QueryNextImageResponseNotAuthorized, OtaCommandId.QueryNextImageResponse, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)QueryNextImageResponse.TryDecode(reader, out QueryNextImageResponse notAuthorized));
            Assert.AreEqual((byte)OtaStatus.NotAuthorized, (byte)notAuthorized.Status);
        }

        [TestMethod]
        public void ResponseEncode_EveryForm_MatchesGolden()
        {
            QueryNextImageResponse response = default;
            response.Status = OtaStatus.Success;
            response.ManufacturerCode = ZclTestFrames.Manufacturer;
            response.ImageType = ZclTestFrames.Image;
            response.FileVersion = ZclTestFrames.NewVersion;
            response.ImageSize = 765952;
            Assert.AreEqual(ZclTestFrames.QueryNextImageResponseSuccess, ZclTestFrames.Encode(0x46, response));

            // The image fields stay set but are not on the wire for a refusal.
            response.Status = OtaStatus.NoImageAvailable;
            Assert.AreEqual(ZclTestFrames.QueryNextImageResponseNoImage, ZclTestFrames.Encode(0x47, response));
            response.Status = OtaStatus.NotAuthorized;
            Assert.AreEqual(ZclTestFrames.QueryNextImageResponseNotAuthorized, ZclTestFrames.Encode(0x48, response));
        }

        [TestMethod]
        [DataRow("01")]
        [DataRow("95")]
        [DataRow("42")]
        public void ResponseDecode_StatusNotAllowed_ReportsUnexpectedStatus(string status)
        {
            Assert.AreEqual((byte)ZclDecodeStatus.UnexpectedStatus, (byte)QueryNextImageResponse.TryDecode(ZclTestFrames.Reader(status), out QueryNextImageResponse _), status);
        }

        [TestMethod]
        public void ResponseDecode_RefusalWithImageFields_ReportsTrailingBytes()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.TrailingBytes, (byte)QueryNextImageResponse.TryDecode(ZclTestFrames.Reader("98" + "0210" + "0102" + "01032620" + "00B00B00"), out QueryNextImageResponse _));
        }
    }
}
