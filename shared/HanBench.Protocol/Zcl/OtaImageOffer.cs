using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// The payload Query Next Image Response and Query Device Specific File Response share (ZCL OTA gives the second
    /// the first's format): the image on offer, or the status that says why there is none.
    /// <code>
    /// status (1) · [manufacturerCode (2) · imageType (2) · fileVersion (4) · imageSize (4)] only when status is SUCCESS
    /// </code>
    /// Both response structs keep one of these, so the layout and its status rule live in one place.
    /// </summary>
    internal struct OtaImageOffer
    {
        /// <summary>Length of a SUCCESS payload.</summary>
        public const int SuccessLength = 1 + OtaImageId.Length + 4;

        /// <summary>Length of any other payload: the status alone.</summary>
        public const int StatusOnlyLength = 1;

        /// <summary>SUCCESS, NO_IMAGE_AVAILABLE or NOT_AUTHORIZED.</summary>
        public OtaStatus Status;

        /// <summary>The image on offer (SUCCESS only).</summary>
        public OtaImageId Image;

        /// <summary>Size in bytes of the whole file on offer (SUCCESS only).</summary>
        public uint ImageSize;

        /// <summary>Bytes <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => Status == OtaStatus.Success ? SuccessLength : StatusOnlyLength;

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte((byte)Status);
            if (Status == OtaStatus.Success)
            {
                Image.WriteTo(writer);
                writer.WriteUInt32LittleEndian(ImageSize);
            }
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out OtaImageOffer offer)
        {
            offer = default;
            if (!reader.TryReadByte(out byte status))
            {
                return ZclDecodeStatus.Truncated;
            }

            // ZCL OTA: both responses allow the same three outcomes.
            if (!QueryNextImageResponse.IsAllowedStatus((OtaStatus)status))
            {
                return ZclDecodeStatus.UnexpectedStatus;
            }

            offer.Status = (OtaStatus)status;
            if (offer.Status == OtaStatus.Success
                && (!OtaImageId.TryRead(reader, out offer.Image) || !reader.TryReadUInt32LittleEndian(out offer.ImageSize)))
            {
                return ZclDecodeStatus.Truncated;
            }

            return reader.Remaining == 0 ? ZclDecodeStatus.Ok : ZclDecodeStatus.TrailingBytes;
        }
    }
}
