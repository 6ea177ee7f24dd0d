using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL OTA Query Device Specific File Response (0x09, server→client): the device-specific file on offer, or why not.
    /// <code>
    /// status (1) · [manufacturerCode (2) · imageType (2) · fileVersion (4) · imageSize (4)] only when status is SUCCESS
    /// </code>
    /// ZCL OTA allows SUCCESS, NO_IMAGE_AVAILABLE and NOT_AUTHORIZED; a decoder rejects any other status, and a
    /// SUCCESS whose image type lies outside 0xFFC0–0xFFFE.
    /// </summary>
    public struct QueryDeviceSpecificFileResponse : IOtaCommand
    {
        /// <summary>SUCCESS, NO_IMAGE_AVAILABLE or NOT_AUTHORIZED.</summary>
        public OtaStatus Status { get; set; }

        /// <summary>Manufacturer code of the file (SUCCESS only).</summary>
        public ushort ManufacturerCode { get; set; }

        /// <summary>Image type of the file, 0xFFC0–0xFFFE (SUCCESS only).</summary>
        public ushort ImageType { get; set; }

        /// <summary>File version of the file (SUCCESS only).</summary>
        public uint FileVersion { get; set; }

        /// <summary>Size in bytes of the file (SUCCESS only).</summary>
        public uint ImageSize { get; set; }

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.QueryDeviceSpecificFileResponse;

        /// <inheritdoc />
        public int EncodedLength => Status == OtaStatus.Success ? 13 : 1;

        /// <inheritdoc />
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte((byte)Status);
            if (Status == OtaStatus.Success)
            {
                writer.WriteUInt16LittleEndian(ManufacturerCode);
                writer.WriteUInt16LittleEndian(ImageType);
                writer.WriteUInt32LittleEndian(FileVersion);
                writer.WriteUInt32LittleEndian(ImageSize);
            }
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out QueryDeviceSpecificFileResponse frame)
        {
            frame = default;
            if (!reader.TryReadByte(out byte status))
            {
                return ZclDecodeStatus.Truncated;
            }

            // ZCL OTA: the same three outcomes as Query Next Image Response.
            if (!QueryNextImageResponse.IsAllowedStatus((OtaStatus)status))
            {
                return ZclDecodeStatus.UnexpectedStatus;
            }

            frame.Status = (OtaStatus)status;
            if (frame.Status == OtaStatus.Success)
            {
                if (!reader.TryReadUInt16LittleEndian(out ushort manufacturerCode)
                    || !reader.TryReadUInt16LittleEndian(out ushort imageType)
                    || !reader.TryReadUInt32LittleEndian(out uint fileVersion)
                    || !reader.TryReadUInt32LittleEndian(out uint imageSize))
                {
                    return ZclDecodeStatus.Truncated;
                }

                frame.ManufacturerCode = manufacturerCode;
                frame.ImageType = imageType;
                frame.FileVersion = fileVersion;
                frame.ImageSize = imageSize;
            }

            if (reader.Remaining != 0)
            {
                return ZclDecodeStatus.TrailingBytes;
            }

            if (frame.Status == OtaStatus.Success && !QueryDeviceSpecificFileRequest.IsDeviceSpecificImageType(frame.ImageType))
            {
                return ZclDecodeStatus.InvalidImageType;
            }

            return ZclDecodeStatus.Ok;
        }
    }
}
