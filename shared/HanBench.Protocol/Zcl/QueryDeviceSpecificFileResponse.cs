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
        private OtaImageOffer _offer;

        /// <summary>SUCCESS, NO_IMAGE_AVAILABLE or NOT_AUTHORIZED.</summary>
        public OtaStatus Status { get => _offer.Status; set => _offer.Status = value; }

        /// <summary>Manufacturer code of the file (SUCCESS only).</summary>
        public ushort ManufacturerCode { get => _offer.Image.ManufacturerCode; set => _offer.Image.ManufacturerCode = value; }

        /// <summary>Image type of the file, 0xFFC0–0xFFFE (SUCCESS only).</summary>
        public ushort ImageType { get => _offer.Image.ImageType; set => _offer.Image.ImageType = value; }

        /// <summary>File version of the file (SUCCESS only).</summary>
        public uint FileVersion { get => _offer.Image.FileVersion; set => _offer.Image.FileVersion = value; }

        /// <summary>Size in bytes of the file (SUCCESS only).</summary>
        public uint ImageSize { get => _offer.ImageSize; set => _offer.ImageSize = value; }

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.QueryDeviceSpecificFileResponse;

        /// <inheritdoc />
        public int EncodedLength => _offer.EncodedLength;

        /// <inheritdoc />
        public void WriteTo(ByteWriter writer)
        {
            _offer.WriteTo(writer);
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out QueryDeviceSpecificFileResponse frame)
        {
            frame = default;
            ZclDecodeStatus status = OtaImageOffer.TryDecode(reader, out frame._offer);

            // ZCL OTA: the file's type must be device-specific; judged after the layout, so a short or long frame reports that first.
            if (status == ZclDecodeStatus.Ok && frame.Status == OtaStatus.Success && !QueryDeviceSpecificFileRequest.IsDeviceSpecificImageType(frame.ImageType))
            {
                return ZclDecodeStatus.InvalidImageType;
            }

            return status;
        }
    }
}
