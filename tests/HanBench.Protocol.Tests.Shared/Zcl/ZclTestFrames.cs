using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Zcl
{
    /// <summary>
    /// HanBench's own golden ZCL OTA frames (header + payload, upper-case hex), one per command and form, and
    /// helpers to decode and encode them. The values are invented for these tests: manufacturer code 0x1002,
    /// image type 0x0201, file versions 0x20250101 (current) and 0x20260301 (new), IEEE address
    /// 0x0011223344556677, transaction sequence numbers from 0x40 up.
    /// </summary>
    public static class ZclTestFrames
    {
        public const ushort Manufacturer = 0x1002;
        public const ushort Image = 0x0201;
        public const uint CurrentVersion = 0x20250101;
        public const uint NewVersion = 0x20260301;
        public const ulong Ieee = 0x0011223344556677UL;

        public const string ImageNotifyType0 = "194000" + "0032";
        public const string ImageNotifyType1 = "194100" + "01640210";
        public const string ImageNotifyType2 = "194200" + "020102100102";
        public const string ImageNotifyType3 = "194300" + "030A0210010201032620";

        public const string QueryNextImageRequestPlain = "114401" + "00" + "0210" + "0102" + "01012520";
        public const string QueryNextImageRequestHardware = "114501" + "01" + "0210" + "0102" + "01012520" + "0300";

        public const string QueryNextImageResponseSuccess = "194602" + "00" + "0210" + "0102" + "01032620" + "00B00B00";
        public const string QueryNextImageResponseNoImage = "194702" + "98";
        public const string QueryNextImageResponseNotAuthorized = "194802" + "7E";

        public const string ImageBlockRequestPlain = "114903" + "00" + "0210" + "0102" + "01032620" + "00020000" + "40";
        public const string ImageBlockRequestIeee = "114A03" + "01" + "0210" + "0102" + "01032620" + "00020000" + "40" + "7766554433221100";
        public const string ImageBlockRequestPeriod = "114B03" + "02" + "0210" + "0102" + "01032620" + "00020000" + "40" + "F401";
        public const string ImageBlockRequestIeeeAndPeriod = "114C03" + "03" + "0210" + "0102" + "01032620" + "00020000" + "40" + "7766554433221100" + "F401";

        public const string ImagePageRequestPlain = "114D04" + "00" + "0210" + "0102" + "01032620" + "00040000" + "3F" + "0004" + "3200";
        public const string ImagePageRequestIeee = "114E04" + "01" + "0210" + "0102" + "01032620" + "00040000" + "3F" + "0004" + "3200" + "7766554433221100";

        public const string ImageBlockResponseSuccess = "194F05" + "00" + "0210" + "0102" + "01032620" + "00020000" + "08" + "A1A2A3A4A5A6A7A8";
        public const string ImageBlockResponseEmpty = "195005" + "00" + "0210" + "0102" + "01032620" + "00000000" + "00";
        public const string ImageBlockResponseWait = "195105" + "97" + "10203040" + "1E203040" + "E803";
        public const string ImageBlockResponseAbort = "195205" + "95";

        public const string UpgradeEndRequestSuccess = "115306" + "00" + "0210" + "0102" + "01032620";
        public const string UpgradeEndRequestInvalidImage = "115406" + "96" + "0210" + "0102" + "01032620";
        public const string UpgradeEndRequestRequireMore = "115506" + "99" + "0210" + "0102" + "01032620";
        public const string UpgradeEndRequestAbort = "115606" + "95" + "0210" + "0102" + "01032620";

        public const string UpgradeEndResponseWait = "195707" + "0210" + "0102" + "01032620" + "10203040" + "FFFFFFFF";
        public const string UpgradeEndResponseAt = "195807" + "0210" + "0102" + "01032620" + "10203040" + "4C203040";

        public const string QueryDeviceSpecificFileRequestFrame = "115908" + "7766554433221100" + "0210" + "C1FF" + "03000000" + "0200";
        public const string QueryDeviceSpecificFileResponseSuccess = "195A09" + "00" + "0210" + "C1FF" + "02000000" + "00010000";
        public const string QueryDeviceSpecificFileResponseNoImage = "195B09" + "98";
        public const string QueryDeviceSpecificFileResponseNotAuthorized = "195C09" + "7E";

        /// <summary>Image Block Response ABORT sent manufacturer-specific (frame control 0x1D, code 0x1002).</summary>
        public const string ManufacturerSpecificAbort = "1D02105D05" + "95";

        /// <summary>Every golden frame above.</summary>
        public static readonly string[] All = new string[]
        {
            ImageNotifyType0, ImageNotifyType1, ImageNotifyType2, ImageNotifyType3,
            QueryNextImageRequestPlain, QueryNextImageRequestHardware,
            QueryNextImageResponseSuccess, QueryNextImageResponseNoImage, QueryNextImageResponseNotAuthorized,
            ImageBlockRequestPlain, ImageBlockRequestIeee, ImageBlockRequestPeriod, ImageBlockRequestIeeeAndPeriod,
            ImagePageRequestPlain, ImagePageRequestIeee,
            ImageBlockResponseSuccess, ImageBlockResponseEmpty, ImageBlockResponseWait, ImageBlockResponseAbort,
            UpgradeEndRequestSuccess, UpgradeEndRequestInvalidImage, UpgradeEndRequestRequireMore, UpgradeEndRequestAbort,
            UpgradeEndResponseWait, UpgradeEndResponseAt,
            QueryDeviceSpecificFileRequestFrame, QueryDeviceSpecificFileResponseSuccess,
            QueryDeviceSpecificFileResponseNoImage, QueryDeviceSpecificFileResponseNotAuthorized,
            ManufacturerSpecificAbort,
        };

        /// <summary>The bytes of a hex string (the test's own constant, so bad hex is a test defect).</summary>
        public static byte[] Bytes(string hex)
        {
            Assert.IsTrue(Hex.TryDecode(hex, out byte[] bytes), "bad hex in test: " + hex);
            return bytes;
        }

        /// <summary>A reader over all the bytes of <paramref name="hex"/>, for decoding a payload on its own.</summary>
        public static ByteReader Reader(string hex)
        {
            byte[] bytes = Bytes(hex);
            return new ByteReader(bytes, 0, bytes.Length);
        }

        /// <summary>
        /// A reader over the payload of <paramref name="hex"/>, positioned after its header, which must decode and
        /// carry <paramref name="expectedCommand"/>.
        /// </summary>
        public static ByteReader PayloadReader(string hex, OtaCommandId expectedCommand, out ZclHeader header)
        {
            byte[] bytes = Bytes(hex);
            ByteReader reader = new ByteReader(bytes, 0, bytes.Length);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ZclHeader.TryDecode(reader, out header), hex);
            Assert.AreEqual((byte)expectedCommand, header.CommandId, hex);
            return reader;
        }

        /// <summary>Hex of the whole frame for <paramref name="command"/> under the standard header.</summary>
        public static string Encode(byte transactionSequenceNumber, IOtaCommand command)
        {
            return Encode(OtaCluster.HeaderFor(command.CommandId, transactionSequenceNumber), command);
        }

        /// <summary>Hex of the whole frame, checking that exactly EncodedLength bytes were written.</summary>
        public static string Encode(ZclHeader header, IOtaCommand command)
        {
            int length = OtaCommandDecoder.EncodedLength(header, command);
            byte[] buffer = new byte[length];
            ByteWriter writer = new ByteWriter(buffer);
            OtaCommandDecoder.WriteTo(header, command, writer);
            Assert.AreEqual(length, writer.Written, "EncodedLength disagrees with WriteTo");
            return Hex.Encode(buffer);
        }

        /// <summary>Decodes <paramref name="hex"/> with the dispatcher.</summary>
        public static ZclDecodeStatus Decode(string hex, out ZclHeader header, out IOtaCommand? command)
        {
            byte[] bytes = Bytes(hex);
            return OtaCommandDecoder.TryDecode(new ByteReader(bytes, 0, bytes.Length), out header, out command);
        }

        /// <summary>Decodes <paramref name="hex"/> with the dispatcher, which must succeed.</summary>
        public static IOtaCommand DecodeOk(string hex)
        {
            ZclDecodeStatus status = Decode(hex, out ZclHeader _, out IOtaCommand? command);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)status, hex);
            Assert.IsNotNull(command, hex);
            return command!;
        }
    }
}
