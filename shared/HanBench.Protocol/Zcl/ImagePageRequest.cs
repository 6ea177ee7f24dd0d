using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL OTA Image Page Request (0x04, client→server): "send me pageSize bytes from fileOffset as blocks of up to
    /// maximumDataSize, responseSpacing ms apart" — one request for many Image Block Responses (docs/PROTOCOL.md §1).
    /// <code>
    /// fieldControl (1) · manufacturerCode (2) · imageType (2) · fileVersion (4) · fileOffset (4) · maximumDataSize (1)
    /// · pageSize (2) · responseSpacing (2) · [requestNodeAddress (8, IEEE, little-endian) if bit 0]
    /// </code>
    /// </summary>
    public struct ImagePageRequest : IOtaCommand
    {
        /// <summary>fieldControl bit 0: requestNodeAddress (the client's IEEE address) is present.</summary>
        public const byte FieldControlRequestNodeAddressPresent = 0x01;

        /// <summary>fieldControl bits ZCL reserves; a decoder rejects a frame that sets them.</summary>
        public const byte FieldControlReserved = 0xFE;

        /// <summary>Length without the optional field.</summary>
        public const int MinEncodedLength = 18;

        private OtaImageId _image;

        /// <summary>Which optional fields are present.</summary>
        public byte FieldControl { get; set; }

        /// <summary>Manufacturer code of the image being downloaded.</summary>
        public ushort ManufacturerCode { get => _image.ManufacturerCode; set => _image.ManufacturerCode = value; }

        /// <summary>Image type of the image being downloaded.</summary>
        public ushort ImageType { get => _image.ImageType; set => _image.ImageType = value; }

        /// <summary>File version of the image being downloaded.</summary>
        public uint FileVersion { get => _image.FileVersion; set => _image.FileVersion = value; }

        /// <summary>Offset in the OTA file of the page's first byte.</summary>
        public uint FileOffset { get; set; }

        /// <summary>Most data bytes per Image Block Response.</summary>
        public byte MaximumDataSize { get; set; }

        /// <summary>Bytes the server sends for this one request.</summary>
        public ushort PageSize { get; set; }

        /// <summary>Milliseconds between the server's Image Block Responses.</summary>
        public ushort ResponseSpacing { get; set; }

        /// <summary>The client's IEEE address (EUI-64) as a number (when bit 0 is set).</summary>
        public ulong RequestNodeAddress { get; set; }

        /// <summary>True when <see cref="FieldControl"/> announces <see cref="RequestNodeAddress"/>.</summary>
        public bool HasRequestNodeAddress => (FieldControl & FieldControlRequestNodeAddressPresent) != 0;

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.ImagePageRequest;

        /// <inheritdoc />
        public int EncodedLength => MinEncodedLength + (HasRequestNodeAddress ? 8 : 0);

        /// <inheritdoc />
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte(FieldControl);
            _image.WriteTo(writer);
            writer.WriteUInt32LittleEndian(FileOffset);
            writer.WriteByte(MaximumDataSize);
            writer.WriteUInt16LittleEndian(PageSize);
            writer.WriteUInt16LittleEndian(ResponseSpacing);
            if (HasRequestNodeAddress)
            {
                writer.WriteUInt64LittleEndian(RequestNodeAddress);
            }
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out ImagePageRequest frame)
        {
            frame = default;
            ZclDecodeStatus status = OtaFieldControl.TryRead(reader, FieldControlReserved, out byte fieldControl);
            if (status != ZclDecodeStatus.Ok)
            {
                return status;
            }

            frame.FieldControl = fieldControl;
            if (!OtaImageId.TryRead(reader, out frame._image)
                || !reader.TryReadUInt32LittleEndian(out uint fileOffset)
                || !reader.TryReadByte(out byte maximumDataSize)
                || !reader.TryReadUInt16LittleEndian(out ushort pageSize)
                || !reader.TryReadUInt16LittleEndian(out ushort responseSpacing)
                || !OtaFieldControl.TryReadIfPresent(reader, frame.HasRequestNodeAddress, out ulong requestNodeAddress))
            {
                return ZclDecodeStatus.Truncated;
            }

            frame.FileOffset = fileOffset;
            frame.MaximumDataSize = maximumDataSize;
            frame.PageSize = pageSize;
            frame.ResponseSpacing = responseSpacing;
            frame.RequestNodeAddress = requestNodeAddress;
            return reader.Remaining == 0 ? ZclDecodeStatus.Ok : ZclDecodeStatus.TrailingBytes;
        }
    }
}
