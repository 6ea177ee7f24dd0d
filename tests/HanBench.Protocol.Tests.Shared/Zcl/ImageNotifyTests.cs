using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Zcl
{
    [TestClass]
    public class ImageNotifyTests
    {
        [TestMethod]
        public void Decode_EveryPayloadType_ReadsOnlyItsFields()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImageNotify.TryDecode(ZclTestFrames.PayloadReader(ZclTestFrames.ImageNotifyType0, OtaCommandId.ImageNotify, out ZclHeader h0), out ImageNotify t0));
            Assert.AreEqual((byte)0x40, h0.TransactionSequenceNumber);
            Assert.AreEqual((byte)ImageNotifyPayloadType.QueryJitter, (byte)t0.PayloadType);
            Assert.AreEqual((byte)50, t0.QueryJitter);
            Assert.AreEqual((ushort)0, t0.ManufacturerCode);

            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImageNotify.TryDecode(ZclTestFrames.PayloadReader(ZclTestFrames.ImageNotifyType1, OtaCommandId.ImageNotify, out ZclHeader _), out ImageNotify t1));
            Assert.AreEqual((byte)1, (byte)t1.PayloadType);
            Assert.AreEqual((byte)100, t1.QueryJitter);
            Assert.AreEqual(ZclTestFrames.Manufacturer, t1.ManufacturerCode);
            Assert.AreEqual((ushort)0, t1.ImageType);

            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImageNotify.TryDecode(ZclTestFrames.PayloadReader(ZclTestFrames.ImageNotifyType2, OtaCommandId.ImageNotify, out ZclHeader _), out ImageNotify t2));
            Assert.AreEqual((byte)2, (byte)t2.PayloadType);
            Assert.AreEqual((byte)1, t2.QueryJitter);
            Assert.AreEqual(ZclTestFrames.Manufacturer, t2.ManufacturerCode);
            Assert.AreEqual(ZclTestFrames.Image, t2.ImageType);
            Assert.AreEqual(0u, t2.FileVersion);

            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ImageNotify.TryDecode(ZclTestFrames.PayloadReader(ZclTestFrames.ImageNotifyType3, OtaCommandId.ImageNotify, out ZclHeader _), out ImageNotify t3));
            Assert.AreEqual((byte)3, (byte)t3.PayloadType);
            Assert.AreEqual((byte)10, t3.QueryJitter);
            Assert.AreEqual(ZclTestFrames.Manufacturer, t3.ManufacturerCode);
            Assert.AreEqual(ZclTestFrames.Image, t3.ImageType);
            Assert.AreEqual(ZclTestFrames.NewVersion, t3.FileVersion);
        }

        [TestMethod]
        public void Encode_EveryPayloadType_MatchesGolden()
        {
            ImageNotify notify = default;
            notify.PayloadType = ImageNotifyPayloadType.QueryJitter;
            notify.QueryJitter = 50;
            notify.ManufacturerCode = 0xAAAA; // not on the wire for type 0
            Assert.AreEqual(ZclTestFrames.ImageNotifyType0, ZclTestFrames.Encode(0x40, notify));

            notify.PayloadType = ImageNotifyPayloadType.QueryJitterAndManufacturerCode;
            notify.QueryJitter = 100;
            notify.ManufacturerCode = ZclTestFrames.Manufacturer;
            Assert.AreEqual(ZclTestFrames.ImageNotifyType1, ZclTestFrames.Encode(0x41, notify));

            notify.PayloadType = ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType;
            notify.QueryJitter = 1;
            notify.ImageType = ZclTestFrames.Image;
            Assert.AreEqual(ZclTestFrames.ImageNotifyType2, ZclTestFrames.Encode(0x42, notify));

            notify.PayloadType = ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion;
            notify.QueryJitter = 10;
            notify.FileVersion = ZclTestFrames.NewVersion;
            Assert.AreEqual(ZclTestFrames.ImageNotifyType3, ZclTestFrames.Encode(0x43, notify));
        }

        [TestMethod]
        public void Decode_PayloadTypeFour_ReportsInvalidPayloadType()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.InvalidPayloadType, (byte)ImageNotify.TryDecode(ZclTestFrames.Reader("0432"), out ImageNotify _));
        }

        [TestMethod]
        [DataRow("0000")]
        [DataRow("0065")]
        [DataRow("00FF")]
        public void Decode_QueryJitterOutside1To100_ReportsInvalidQueryJitter(string hex)
        {
            Assert.AreEqual((byte)ZclDecodeStatus.InvalidQueryJitter, (byte)ImageNotify.TryDecode(ZclTestFrames.Reader(hex), out ImageNotify _), hex);
        }

        [TestMethod]
        public void Decode_ExtraByteAfterLastField_ReportsTrailingBytes()
        {
            Assert.AreEqual((byte)ZclDecodeStatus.TrailingBytes, (byte)ImageNotify.TryDecode(ZclTestFrames.Reader("016402100102"), out ImageNotify _));
        }

        [TestMethod]
        public void Encode_PayloadTypeFour_ThrowsInvalidOperation()
        {
            ImageNotify notify = default;
            notify.PayloadType = (ImageNotifyPayloadType)4;
            notify.QueryJitter = 10;
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => notify.WriteTo(new ByteWriter(new byte[16])));
        }
    }
}
