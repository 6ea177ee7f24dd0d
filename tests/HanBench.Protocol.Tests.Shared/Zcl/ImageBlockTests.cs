using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Zcl
{
    [TestClass]
    public class ImageBlockTests
    {
        [TestMethod]
        public void BlockRequestDecode_EveryFieldControl_ReadsOptionalFieldsInOrder()
        {
            string[] frames = new string[] { ZclTestFrames.ImageBlockRequestPlain, ZclTestFrames.ImageBlockRequestIeee, ZclTestFrames.ImageBlockRequestPeriod, ZclTestFrames.ImageBlockRequestIeeeAndPeriod };
            for (byte fieldControl = 0; fieldControl < 4; fieldControl++)
            {
                string hex = frames[fieldControl];
                ByteReader reader = ZclTestFrames.PayloadReader(hex, OtaCommandId.ImageBlockRequest, out ZclHeader _);
                Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImageBlockRequest.TryDecode(reader, out ImageBlockRequest request), hex);
                Assert.AreEqual(fieldControl, request.FieldControl, hex);
                Assert.AreEqual(ZclTestFrames.Manufacturer, request.ManufacturerCode, hex);
                Assert.AreEqual(ZclTestFrames.Image, request.ImageType, hex);
                Assert.AreEqual(ZclTestFrames.NewVersion, request.FileVersion, hex);
                Assert.AreEqual(512u, request.FileOffset, hex);
                Assert.AreEqual((byte)64, request.MaximumDataSize, hex);
                Assert.AreEqual((fieldControl & 1) != 0, request.HasRequestNodeAddress, hex);
                Assert.AreEqual((fieldControl & 2) != 0, request.HasMinimumBlockPeriod, hex);
                Assert.AreEqual((fieldControl & 1) != 0 ? ZclTestFrames.Ieee : 0UL, request.RequestNodeAddress, hex);
                Assert.AreEqual((fieldControl & 2) != 0 ? (ushort)500 : (ushort)0, request.MinimumBlockPeriod, hex);
            }
        }

        [TestMethod]
        public void BlockRequestEncode_EveryFieldControl_MatchesGolden()
        {
            string[] frames = new string[] { ZclTestFrames.ImageBlockRequestPlain, ZclTestFrames.ImageBlockRequestIeee, ZclTestFrames.ImageBlockRequestPeriod, ZclTestFrames.ImageBlockRequestIeeeAndPeriod };
            ImageBlockRequest request = default;
            request.ManufacturerCode = ZclTestFrames.Manufacturer;
            request.ImageType = ZclTestFrames.Image;
            request.FileVersion = ZclTestFrames.NewVersion;
            request.FileOffset = 512;
            request.MaximumDataSize = 64;
            request.RequestNodeAddress = ZclTestFrames.Ieee;
            request.MinimumBlockPeriod = 500;
            for (byte fieldControl = 0; fieldControl < 4; fieldControl++)
            {
                request.FieldControl = fieldControl;
                Assert.AreEqual(frames[fieldControl], ZclTestFrames.Encode((byte)(0x49 + fieldControl), request));
            }
        }

        [TestMethod]
        public void BlockRequestDecode_ReservedFieldControlBit_ReportsBadFieldControl()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.BadFieldControl, (byte)ImageBlockRequest.TryDecode(ZclTestFrames.Reader("04" + "0210" + "0102" + "01032620" + "00020000" + "40"), out ImageBlockRequest _));
        }

        [TestMethod]
        public void PageRequestDecode_BothForms_ReadFields()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.ImagePageRequestPlain, OtaCommandId.ImagePageRequest, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImagePageRequest.TryDecode(reader, out ImagePageRequest plain));
            Assert.IsFalse(plain.HasRequestNodeAddress);
            Assert.AreEqual(ZclTestFrames.Manufacturer, plain.ManufacturerCode);
            Assert.AreEqual(ZclTestFrames.Image, plain.ImageType);
            Assert.AreEqual(ZclTestFrames.NewVersion, plain.FileVersion);
            Assert.AreEqual(1024u, plain.FileOffset);
            Assert.AreEqual((byte)63, plain.MaximumDataSize);
            Assert.AreEqual((ushort)1024, plain.PageSize);
            Assert.AreEqual((ushort)50, plain.ResponseSpacing);
            Assert.AreEqual(0UL, plain.RequestNodeAddress);

            reader = ZclTestFrames.PayloadReader(ZclTestFrames.ImagePageRequestIeee, OtaCommandId.ImagePageRequest, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImagePageRequest.TryDecode(reader, out ImagePageRequest withIeee));
            Assert.IsTrue(withIeee.HasRequestNodeAddress);
            Assert.AreEqual(ZclTestFrames.Ieee, withIeee.RequestNodeAddress);
            Assert.AreEqual((ushort)50, withIeee.ResponseSpacing);
        }

        [TestMethod]
        public void PageRequestEncode_BothForms_MatchGolden()
        {
            ImagePageRequest request = default;
            request.ManufacturerCode = ZclTestFrames.Manufacturer;
            request.ImageType = ZclTestFrames.Image;
            request.FileVersion = ZclTestFrames.NewVersion;
            request.FileOffset = 1024;
            request.MaximumDataSize = 63;
            request.PageSize = 1024;
            request.ResponseSpacing = 50;
            request.RequestNodeAddress = ZclTestFrames.Ieee;
            Assert.AreEqual(ZclTestFrames.ImagePageRequestPlain, ZclTestFrames.Encode(0x4D, request));
            request.FieldControl = ImagePageRequest.FieldControlRequestNodeAddressPresent;
            Assert.AreEqual(ZclTestFrames.ImagePageRequestIeee, ZclTestFrames.Encode(0x4E, request));
        }

        [TestMethod]
        public void PageRequestDecode_MinimumBlockPeriodBit_ReportsBadFieldControl()
        {
            // Bit 1 means something in an Image Block Request only; in a page request it is reserved.
            Assert.AreEqual((byte)ZclDecodeStatus.BadFieldControl, (byte)ImagePageRequest.TryDecode(ZclTestFrames.Reader("02" + "0210" + "0102" + "01032620" + "00040000" + "3F" + "0004" + "3200"), out ImagePageRequest _));
        }

        [TestMethod]
        public void BlockResponseDecode_Success_DataIsAViewIntoTheFrame()
        {
            byte[] bytes = ZclTestFrames.Bytes(ZclTestFrames.ImageBlockResponseSuccess);
            ByteReader reader = new ByteReader(bytes, 0, bytes.Length);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ZclHeader.TryDecode(reader, out ZclHeader _));
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImageBlockResponse.TryDecode(reader, out ImageBlockResponse response));
            Assert.AreEqual((byte)OtaStatus.Success, (byte)response.Status);
            Assert.AreEqual(ZclTestFrames.Manufacturer, response.ManufacturerCode);
            Assert.AreEqual(ZclTestFrames.Image, response.ImageType);
            Assert.AreEqual(ZclTestFrames.NewVersion, response.FileVersion);
            Assert.AreEqual(512u, response.FileOffset);
            Assert.AreEqual((byte)8, response.DataSize);
            Assert.AreSame(bytes, response.DataBuffer);
            Assert.AreEqual(3 + 14, response.DataOffset);
            Assert.AreEqual("A1A2A3A4A5A6A7A8", Hex.Encode(response.DataBuffer, response.DataOffset, response.DataSize));
        }

        [TestMethod]
        public void BlockResponseDecode_SuccessWithNoData_IsEmpty()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.ImageBlockResponseEmpty, OtaCommandId.ImageBlockResponse, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImageBlockResponse.TryDecode(reader, out ImageBlockResponse response));
            Assert.AreEqual((byte)0, response.DataSize);
            Assert.AreEqual(0u, response.FileOffset);
        }

        [TestMethod]
        public void BlockResponseDecode_WaitForData_ReadsTimes()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.ImageBlockResponseWait, OtaCommandId.ImageBlockResponse, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImageBlockResponse.TryDecode(reader, out ImageBlockResponse response));
            Assert.AreEqual((byte)OtaStatus.WaitForData, (byte)response.Status);
            Assert.AreEqual(0x40302010u, response.CurrentTime);
            Assert.AreEqual(0x4030201Eu, response.RequestTime);
            Assert.AreEqual((ushort)1000, response.MinimumBlockPeriod);
            Assert.AreEqual((byte)0, response.DataSize);
            Assert.AreEqual(0, response.DataBuffer.Length);
        }

        [TestMethod]
        public void BlockResponseDecode_Abort_IsStatusOnly()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.ImageBlockResponseAbort, OtaCommandId.ImageBlockResponse, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImageBlockResponse.TryDecode(reader, out ImageBlockResponse response));
            Assert.AreEqual((byte)OtaStatus.Abort, (byte)response.Status);
            Assert.AreEqual(1, response.EncodedLength);
        }

        [TestMethod]
        public void BlockResponseEncode_EveryForm_MatchesGolden()
        {
            // The data sits in the middle of a larger caller buffer: SetData must use exactly the window.
            byte[] image = ZclTestFrames.Bytes("FFFF" + "A1A2A3A4A5A6A7A8" + "FF");
            ImageBlockResponse response = default;
            response.Status = OtaStatus.Success;
            response.ManufacturerCode = ZclTestFrames.Manufacturer;
            response.ImageType = ZclTestFrames.Image;
            response.FileVersion = ZclTestFrames.NewVersion;
            response.FileOffset = 512;
            response.SetData(image, 2, 8);
            Assert.AreSame(image, response.DataBuffer);
            Assert.AreEqual(ZclTestFrames.ImageBlockResponseSuccess, ZclTestFrames.Encode(0x4F, response));

            response.FileOffset = 0;
            response.SetData(image, 0, 0);
            Assert.AreEqual(ZclTestFrames.ImageBlockResponseEmpty, ZclTestFrames.Encode(0x50, response));

            ImageBlockResponse wait = default;
            wait.Status = OtaStatus.WaitForData;
            wait.CurrentTime = 0x40302010;
            wait.RequestTime = 0x4030201E;
            wait.MinimumBlockPeriod = 1000;
            Assert.AreEqual(ZclTestFrames.ImageBlockResponseWait, ZclTestFrames.Encode(0x51, wait));

            ImageBlockResponse abort = default;
            abort.Status = OtaStatus.Abort;
            Assert.AreEqual(ZclTestFrames.ImageBlockResponseAbort, ZclTestFrames.Encode(0x52, abort));
        }

        [TestMethod]
        public void BlockResponseEncode_MaximumBlock_Writes255DataBytes()
        {
            byte[] image = new byte[300];
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = (byte)i;
            }

            ImageBlockResponse response = default;
            response.Status = OtaStatus.Success;
            response.SetData(image, 45, 255);
            byte[] frame = new byte[response.EncodedLength];
            response.WriteTo(new ByteWriter(frame));
            Assert.AreEqual(14 + 255, frame.Length);
            Assert.AreEqual((byte)0xFF, frame[13]);
            Assert.AreEqual((byte)45, frame[14]);
            Assert.AreEqual((byte)(299 & 0xFF), frame[frame.Length - 1]);
        }

        [TestMethod]
        public void BlockResponseSetData_MoreThan255Bytes_Throws()
        {
            ImageBlockResponse response = default;
            byte[] image = new byte[256];
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => response.SetData(image, 0, 256));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => response.SetData(image, 200, 100));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => response.SetData(null!, 0, 0));
        }

        [TestMethod]
        [DataRow("01")]
        [DataRow("98")]
        [DataRow("96")]
        public void BlockResponseDecode_StatusNotAllowed_ReportsUnexpectedStatus(string status)
        {
            Assert.AreEqual((byte)ZclDecodeStatus.UnexpectedStatus, (byte)ImageBlockResponse.TryDecode(ZclTestFrames.Reader(status), out ImageBlockResponse _), status);
        }

        [TestMethod]
        public void BlockResponseDecode_DataSizeBeyondFrame_ReportsTruncated()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.Truncated, (byte)ImageBlockResponse.TryDecode(ZclTestFrames.Reader("00" + "0210" + "0102" + "01032620" + "00020000" + "09" + "A1A2A3A4A5A6A7A8"), out ImageBlockResponse _));
        }

        [TestMethod]
        public void BlockResponseDecode_DataSizeShortOfFrame_ReportsTrailingBytes()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.TrailingBytes, (byte)ImageBlockResponse.TryDecode(ZclTestFrames.Reader("00" + "0210" + "0102" + "01032620" + "00020000" + "07" + "A1A2A3A4A5A6A7A8"), out ImageBlockResponse _));
        }

        [TestMethod]
        public void BlockResponseDecode_ReaderWindowInsideLargerBuffer_StopsAtWindow()
        {
            // The frame sits at offset 2 of a buffer with junk after it: the window, not the array, bounds the data.
            byte[] frame = ZclTestFrames.Bytes(ZclTestFrames.ImageBlockResponseSuccess);
            byte[] buffer = new byte[frame.Length + 6];
            System.Array.Copy(frame, 0, buffer, 2, frame.Length);
            ByteReader reader = new ByteReader(buffer, 2, frame.Length);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)OtaCommandDecoder.TryDecode(reader, out ZclHeader _, out IOtaCommand? command));
            ImageBlockResponse response = (ImageBlockResponse)command!;
            Assert.AreSame(buffer, response.DataBuffer);
            Assert.AreEqual(2 + 17, response.DataOffset);
        }
    }
}
