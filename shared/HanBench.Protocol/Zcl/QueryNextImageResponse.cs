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
        private OtaImageOffer _offer;

        /// <summary>SUCCESS, NO_IMAGE_AVAILABLE or NOT_AUTHORIZED.</summary>
        public OtaStatus Status { get => _offer.Status; set => _offer.Status = value; }

        /// <summary>Manufacturer code of the offered image (SUCCESS only).</summary>
        public ushort ManufacturerCode { get => _offer.Image.ManufacturerCode; set => _offer.Image.ManufacturerCode = value; }

        /// <summary>Image type of the offered image (SUCCESS only).</summary>
        public ushort ImageType { get => _offer.Image.ImageType; set => _offer.Image.ImageType = value; }

        /// <summary>File version of the offered image (SUCCESS only).</summary>
        public uint FileVersion { get => _offer.Image.FileVersion; set => _offer.Image.FileVersion = value; }

        /// <summary>Size in bytes of the whole OTA file the client will download (SUCCESS only).</summary>
        public uint ImageSize { get => _offer.ImageSize; set => _offer.ImageSize = value; }

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.QueryNextImageResponse;

        /// <inheritdoc />
        public int EncodedLength => _offer.EncodedLength;

        /// <summary>True for the statuses ZCL OTA allows in this response.</summary>
        public static bool IsAllowedStatus(OtaStatus status)
        {
            return status == OtaStatus.Success || status == OtaStatus.NoImageAvailable || status == OtaStatus.NotAuthorized;
        }

        /// <inheritdoc />
        public void WriteTo(ByteWriter writer)
        {
            _offer.WriteTo(writer);
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out QueryNextImageResponse frame)
        {
            frame = default;
            return OtaImageOffer.TryDecode(reader, out frame._offer);
        }
    }
}
