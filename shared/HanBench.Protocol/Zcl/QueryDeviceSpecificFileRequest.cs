using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL OTA Query Device Specific File Request (0x08, client→server): asks for a file made for this one device
    /// (security credential, configuration, log), named by an image type in 0xFFC0–0xFFFE.
    /// <code>
    /// requestNodeAddress (8, IEEE, little-endian) · manufacturerCode (2) · imageType (2) · fileVersion (4) · zigbeeStackVersion (2)
    /// </code>
    /// </summary>
    public struct QueryDeviceSpecificFileRequest : IOtaCommand
    {
        /// <summary>The payload's length.</summary>
        public const int Length = 18;

        private OtaImageId _image;

        /// <summary>The requesting device's IEEE address (EUI-64) as a number.</summary>
        public ulong RequestNodeAddress { get; set; }

        /// <summary>The device's manufacturer code.</summary>
        public ushort ManufacturerCode { get => _image.ManufacturerCode; set => _image.ManufacturerCode = value; }

        /// <summary>The device-specific file type wanted (0xFFC0–0xFFFE).</summary>
        public ushort ImageType { get => _image.ImageType; set => _image.ImageType = value; }

        /// <summary>The file version the device holds now.</summary>
        public uint FileVersion { get => _image.FileVersion; set => _image.FileVersion = value; }

        /// <summary>The device's ZigBee stack version (0x0002 = ZigBee PRO).</summary>
        public ushort ZigbeeStackVersion { get; set; }

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.QueryDeviceSpecificFileRequest;

        /// <inheritdoc />
        public int EncodedLength => Length;

        /// <summary>True for the image types ZCL OTA reserves for device-specific files.</summary>
        public static bool IsDeviceSpecificImageType(ushort imageType)
        {
            return imageType >= OtaCluster.DeviceSpecificImageTypeFirst && imageType <= OtaCluster.DeviceSpecificImageTypeLast;
        }

        /// <inheritdoc />
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteUInt64LittleEndian(RequestNodeAddress);
            _image.WriteTo(writer);
            writer.WriteUInt16LittleEndian(ZigbeeStackVersion);
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out QueryDeviceSpecificFileRequest frame)
        {
            frame = default;
            if (!reader.TryReadUInt64LittleEndian(out ulong requestNodeAddress)
                || !OtaImageId.TryRead(reader, out frame._image)
                || !reader.TryReadUInt16LittleEndian(out ushort zigbeeStackVersion))
            {
                return ZclDecodeStatus.Truncated;
            }

            frame.RequestNodeAddress = requestNodeAddress;
            frame.ZigbeeStackVersion = zigbeeStackVersion;
            if (reader.Remaining != 0)
            {
                return ZclDecodeStatus.TrailingBytes;
            }

            return IsDeviceSpecificImageType(frame.ImageType) ? ZclDecodeStatus.Ok : ZclDecodeStatus.InvalidImageType;
        }
    }
}
