using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL OTA Query Next Image Response (0x02, server→client): the image the client should download, or why not.
    /// <code>
    /// status (1) · [manufacturerCode (2) · imageType (2) · fileVersion (4) · imageSize (4)] only when status is SUCCESS
    /// </code>
    /// ZCL OTA allows SUCCESS, NO_IMAGE_AVAILABLE and NOT_AUTHORIZED; a decoder rejects any other status.
    /// </summary>
    public struct QueryNextImageResponse : IOtaCommand
    {
        /// <summary>SUCCESS, NO_IMAGE_AVAILABLE or NOT_AUTHORIZED.</summary>
        public OtaStatus Status { get; set; }

        /// <summary>Manufacturer code of the offered image (SUCCESS only).</summary>
        public ushort ManufacturerCode { get; set; }

        /// <summary>Image type of the offered image (SUCCESS only).</summary>
        public ushort ImageType { get; set; }

        /// <summary>File version of the offered image (SUCCESS only).</summary>
        public uint FileVersion { get; set; }

        /// <summary>Size in bytes of the whole OTA file the client will download (SUCCESS only).</summary>
        public uint ImageSize { get; set; }

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.QueryNextImageResponse;

        /// <inheritdoc />
        public int EncodedLength => Status == OtaStatus.Success ? 13 : 1;

        /// <summary>True for the statuses ZCL OTA allows in this response.</summary>
        public static bool IsAllowedStatus(OtaStatus status)
        {
            return status == OtaStatus.Success || status == OtaStatus.NoImageAvailable || status == OtaStatus.NotAuthorized;
        }

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
        public static ZclDecodeStatus TryDecode(ByteReader reader, out QueryNextImageResponse frame)
        {
            frame = default;
            if (!reader.TryReadByte(out byte status))
            {
                return ZclDecodeStatus.Truncated;
            }

            if (!IsAllowedStatus((OtaStatus)status))
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

            return reader.Remaining == 0 ? ZclDecodeStatus.Ok : ZclDecodeStatus.TrailingBytes;
        }
    }
}
