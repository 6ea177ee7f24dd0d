using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Zcl
{
    [TestClass]
    public class UpgradeEndTests
    {
        [TestMethod]
        public void RequestDecode_EveryAllowedStatus_ReadsFields()
        {
            string[] frames = new string[] { ZclTestFrames.UpgradeEndRequestSuccess, ZclTestFrames.UpgradeEndRequestInvalidImage, ZclTestFrames.UpgradeEndRequestRequireMore, ZclTestFrames.UpgradeEndRequestAbort };
            OtaStatus[] statuses = new OtaStatus[] { OtaStatus.Success, OtaStatus.InvalidImage, OtaStatus.RequireMoreImage, OtaStatus.Abort };
            for (int i = 0; i < frames.Length; i++)
            {
                ByteReader reader = ZclTestFrames.PayloadReader(frames[i], OtaCommandId.UpgradeEndRequest, out ZclHeader _);
                Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)UpgradeEndRequest.TryDecode(reader, out UpgradeEndRequest request), frames[i]);
                Assert.AreEqual((byte)statuses[i], (byte)request.Status, frames[i]);
                Assert.AreEqual(ZclTestFrames.Manufacturer, request.ManufacturerCode);
                Assert.AreEqual(ZclTestFrames.Image, request.ImageType);
                Assert.AreEqual(ZclTestFrames.NewVersion, request.FileVersion);
            }
        }

        [TestMethod]
        public void RequestEncode_EveryAllowedStatus_MatchesGolden()
        {
            UpgradeEndRequest request = default;
            request.ManufacturerCode = ZclTestFrames.Manufacturer;
            request.ImageType = ZclTestFrames.Image;
            request.FileVersion = ZclTestFrames.NewVersion;
            request.Status = OtaStatus.Success;
            Assert.AreEqual(ZclTestFrames.UpgradeEndRequestSuccess, ZclTestFrames.Encode(0x53, request));
            request.Status = OtaStatus.InvalidImage;
            Assert.AreEqual(ZclTestFrames.UpgradeEndRequestInvalidImage, ZclTestFrames.Encode(0x54, request));
            request.Status = OtaStatus.RequireMoreImage;
            Assert.AreEqual(ZclTestFrames.UpgradeEndRequestRequireMore, ZclTestFrames.Encode(0x55, request));
            request.Status = OtaStatus.Abort;
            Assert.AreEqual(ZclTestFrames.UpgradeEndRequestAbort, ZclTestFrames.Encode(0x56, request));
        }

        [TestMethod]
        public void RequestDecode_WaitForData_ReportsUnexpectedStatus()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.UnexpectedStatus, (byte)UpgradeEndRequest.TryDecode(ZclTestFrames.Reader("97" + "0210" + "0102" + "01032620"), out UpgradeEndRequest _));
        }

        [TestMethod]
        public void RequestDecode_StoreRefusals_ReadWhileOtherGeneralStatusesStayRefused()
        {
            // HanBench's two store refusals (docs/PROTOCOL.md §1): INSUFFICIENT_SPACE 0x89, INVALID_VALUE 0x87.
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)UpgradeEndRequest.TryDecode(ZclTestFrames.Reader("89" + "0210" + "0102" + "01032620"), out UpgradeEndRequest full));
            Assert.AreEqual((byte)OtaStatus.InsufficientSpace, (byte)full.Status);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)UpgradeEndRequest.TryDecode(ZclTestFrames.Reader("87" + "0210" + "0102" + "01032620"), out UpgradeEndRequest tooLarge));
            Assert.AreEqual((byte)OtaStatus.InvalidValue, (byte)tooLarge.Status);
            Assert.AreEqual((byte)ZclDecodeStatus.UnexpectedStatus, (byte)UpgradeEndRequest.TryDecode(ZclTestFrames.Reader("88" + "0210" + "0102" + "01032620"), out UpgradeEndRequest _));
            Assert.AreEqual("INSUFFICIENT_SPACE", OtaStatusNames.NameOf(OtaStatus.InsufficientSpace));
            Assert.AreEqual("INVALID_VALUE", OtaStatusNames.NameOf(OtaStatus.InvalidValue));
        }

        [TestMethod]
        public void ResponseDecode_UpgradeTimeAllOnes_MeansWait()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.UpgradeEndResponseWait, OtaCommandId.UpgradeEndResponse, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)UpgradeEndResponse.TryDecode(reader, out UpgradeEndResponse response));
            Assert.AreEqual(ZclTestFrames.Manufacturer, response.ManufacturerCode);
            Assert.AreEqual(ZclTestFrames.Image, response.ImageType);
            Assert.AreEqual(ZclTestFrames.NewVersion, response.FileVersion);
            Assert.AreEqual(0x40302010u, response.CurrentTime);
            Assert.AreEqual(0xFFFFFFFFu, response.UpgradeTime);
            Assert.IsTrue(response.WaitsForUpgradeCommand);
        }

        [TestMethod]
        public void ResponseDecode_UpgradeTimeSet_DoesNotWait()
        {
            ByteReader reader = ZclTestFrames.PayloadReader(ZclTestFrames.UpgradeEndResponseAt, OtaCommandId.UpgradeEndResponse, out ZclHeader _);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)UpgradeEndResponse.TryDecode(reader, out UpgradeEndResponse response));
            Assert.AreEqual(0x4030204Cu, response.UpgradeTime);
            Assert.AreEqual(60u, response.UpgradeTime - response.CurrentTime);
            Assert.IsFalse(response.WaitsForUpgradeCommand);
        }

        [TestMethod]
        public void ResponseEncode_BothForms_MatchGolden()
        {
            UpgradeEndResponse response = default;
            response.ManufacturerCode = ZclTestFrames.Manufacturer;
            response.ImageType = ZclTestFrames.Image;
            response.FileVersion = ZclTestFrames.NewVersion;
            response.CurrentTime = 0x40302010;
            response.UpgradeTime = UpgradeEndResponse.UpgradeTimeWaitForUpgradeCommand;
            Assert.AreEqual(ZclTestFrames.UpgradeEndResponseWait, ZclTestFrames.Encode(0x57, response));
            response.UpgradeTime = 0x4030204C;
            Assert.AreEqual(ZclTestFrames.UpgradeEndResponseAt, ZclTestFrames.Encode(0x58, response));
        }
    }
}
