using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL OTA Upgrade End Request (0x06, client→server): the download is over, with its verdict.
    /// <code>
    /// status (1) · manufacturerCode (2) · imageType (2) · fileVersion (4)
    /// </code>
    /// ZCL OTA allows SUCCESS (image verified), INVALID_IMAGE, REQUIRE_MORE_IMAGE and ABORT; a decoder rejects others.
    /// </summary>
    public struct UpgradeEndRequest : IOtaCommand
    {
        /// <summary>The payload's length.</summary>
        public const int Length = 9;

        private OtaImageId _image;

        /// <summary>The client's verdict on the downloaded image.</summary>
        public OtaStatus Status { get; set; }

        /// <summary>Manufacturer code of the downloaded image.</summary>
        public ushort ManufacturerCode { get => _image.ManufacturerCode; set => _image.ManufacturerCode = value; }

        /// <summary>Image type of the downloaded image.</summary>
        public ushort ImageType { get => _image.ImageType; set => _image.ImageType = value; }

        /// <summary>File version of the downloaded image.</summary>
        public uint FileVersion { get => _image.FileVersion; set => _image.FileVersion = value; }

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.UpgradeEndRequest;

        /// <inheritdoc />
        public int EncodedLength => Length;

        /// <summary>
        /// True for the statuses ZCL OTA allows in this request (SUCCESS, INVALID_IMAGE, REQUIRE_MORE_IMAGE, ABORT), and the
        /// two ZCL general statuses HanBench adds so that a client whose store cannot take the image says why instead of a
        /// bare ABORT: INSUFFICIENT_SPACE (no room now) and INVALID_VALUE (larger than the whole store). HanBench choice,
        /// docs/PROTOCOL.md §1; a server that knows only the four reads them as a failed download, as it would ABORT.
        /// </summary>
        public static bool IsAllowedStatus(OtaStatus status)
        {
            return status == OtaStatus.Success || status == OtaStatus.InvalidImage || status == OtaStatus.RequireMoreImage || status == OtaStatus.Abort
                || status == OtaStatus.InsufficientSpace || status == OtaStatus.InvalidValue;
        }

        /// <inheritdoc />
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte((byte)Status);
            _image.WriteTo(writer);
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out UpgradeEndRequest frame)
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
            if (!OtaImageId.TryRead(reader, out frame._image))
            {
                return ZclDecodeStatus.Truncated;
            }

            return reader.Remaining == 0 ? ZclDecodeStatus.Ok : ZclDecodeStatus.TrailingBytes;
        }
    }
}
