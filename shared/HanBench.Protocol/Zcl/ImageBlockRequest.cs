using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL OTA Image Block Request (0x03, client→server): "send me up to maximumDataSize bytes from fileOffset".
    /// <code>
    /// fieldControl (1) · manufacturerCode (2) · imageType (2) · fileVersion (4) · fileOffset (4) · maximumDataSize (1)
    /// · [requestNodeAddress (8, IEEE, little-endian) if bit 0] · [minimumBlockPeriod (2) if bit 1]
    /// </code>
    /// A plain struct of numbers: decoding and encoding with reused readers and writers allocate nothing.
    /// </summary>
    public struct ImageBlockRequest : IOtaCommand
    {
        /// <summary>fieldControl bit 0: requestNodeAddress (the client's IEEE address) is present.</summary>
        public const byte FieldControlRequestNodeAddressPresent = 0x01;

        /// <summary>fieldControl bit 1: minimumBlockPeriod is present.</summary>
        public const byte FieldControlMinimumBlockPeriodPresent = 0x02;

        /// <summary>fieldControl bits ZCL reserves; a decoder rejects a frame that sets them.</summary>
        public const byte FieldControlReserved = 0xFC;

        /// <summary>Length without optional fields.</summary>
        public const int MinEncodedLength = 14;

        private OtaImageId _image;

        /// <summary>Which optional fields are present.</summary>
        public byte FieldControl { get; set; }

        /// <summary>Manufacturer code of the image being downloaded.</summary>
        public ushort ManufacturerCode { get => _image.ManufacturerCode; set => _image.ManufacturerCode = value; }

        /// <summary>Image type of the image being downloaded.</summary>
        public ushort ImageType { get => _image.ImageType; set => _image.ImageType = value; }

        /// <summary>File version of the image being downloaded.</summary>
        public uint FileVersion { get => _image.FileVersion; set => _image.FileVersion = value; }

        /// <summary>Offset in the OTA file of the first byte wanted.</summary>
        public uint FileOffset { get; set; }

        /// <summary>Most data bytes the client accepts in the response.</summary>
        public byte MaximumDataSize { get; set; }

        /// <summary>The client's IEEE address (EUI-64) as a number (when bit 0 is set).</summary>
        public ulong RequestNodeAddress { get; set; }

        /// <summary>Milliseconds the client wants between blocks (when bit 1 is set): the server's rate limit.</summary>
        public ushort MinimumBlockPeriod { get; set; }

        /// <summary>True when <see cref="FieldControl"/> announces <see cref="RequestNodeAddress"/>.</summary>
        public bool HasRequestNodeAddress => (FieldControl & FieldControlRequestNodeAddressPresent) != 0;

        /// <summary>True when <see cref="FieldControl"/> announces <see cref="MinimumBlockPeriod"/>.</summary>
        public bool HasMinimumBlockPeriod => (FieldControl & FieldControlMinimumBlockPeriodPresent) != 0;

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.ImageBlockRequest;

        /// <inheritdoc />
        public int EncodedLength => MinEncodedLength + (HasRequestNodeAddress ? 8 : 0) + (HasMinimumBlockPeriod ? 2 : 0);

        /// <inheritdoc />
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte(FieldControl);
            _image.WriteTo(writer);
            writer.WriteUInt32LittleEndian(FileOffset);
            writer.WriteByte(MaximumDataSize);
            if (HasRequestNodeAddress)
            {
                writer.WriteUInt64LittleEndian(RequestNodeAddress);
            }

            if (HasMinimumBlockPeriod)
            {
                writer.WriteUInt16LittleEndian(MinimumBlockPeriod);
            }
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out ImageBlockRequest frame)
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
                || !OtaFieldControl.TryReadIfPresent(reader, frame.HasRequestNodeAddress, out ulong requestNodeAddress)
                || !OtaFieldControl.TryReadIfPresent(reader, frame.HasMinimumBlockPeriod, out ushort minimumBlockPeriod))
            {
                return ZclDecodeStatus.Truncated;
            }

            frame.FileOffset = fileOffset;
            frame.MaximumDataSize = maximumDataSize;
            frame.RequestNodeAddress = requestNodeAddress;
            frame.MinimumBlockPeriod = minimumBlockPeriod;
            return reader.Remaining == 0 ? ZclDecodeStatus.Ok : ZclDecodeStatus.TrailingBytes;
        }
    }
}
