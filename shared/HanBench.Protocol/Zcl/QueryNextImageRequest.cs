using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL OTA Query Next Image Request (0x01, client→server): "is there a newer image for me?"
    /// <code>
    /// fieldControl (1) · manufacturerCode (2) · imageType (2) · fileVersion (4, the client's current version) · [hardwareVersion (2) if bit 0]
    /// </code>
    /// </summary>
    public struct QueryNextImageRequest : IOtaCommand
    {
        /// <summary>fieldControl bit 0: hardwareVersion is present.</summary>
        public const byte FieldControlHardwareVersionPresent = 0x01;

        /// <summary>fieldControl bits ZCL reserves; a decoder rejects a frame that sets them.</summary>
        public const byte FieldControlReserved = 0xFE;

        private OtaImageId _image;

        /// <summary>Which optional fields are present.</summary>
        public byte FieldControl { get; set; }

        /// <summary>The client's manufacturer code.</summary>
        public ushort ManufacturerCode { get => _image.ManufacturerCode; set => _image.ManufacturerCode = value; }

        /// <summary>The client's image type.</summary>
        public ushort ImageType { get => _image.ImageType; set => _image.ImageType = value; }

        /// <summary>The file version the client runs now.</summary>
        public uint FileVersion { get => _image.FileVersion; set => _image.FileVersion = value; }

        /// <summary>The client's hardware version (when <see cref="FieldControlHardwareVersionPresent"/> is set).</summary>
        public ushort HardwareVersion { get; set; }

        /// <summary>True when <see cref="FieldControl"/> announces <see cref="HardwareVersion"/>.</summary>
        public bool HasHardwareVersion => (FieldControl & FieldControlHardwareVersionPresent) != 0;

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.QueryNextImageRequest;

        /// <inheritdoc />
        public int EncodedLength => HasHardwareVersion ? 11 : 9;

        /// <inheritdoc />
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte(FieldControl);
            _image.WriteTo(writer);
            if (HasHardwareVersion)
            {
                writer.WriteUInt16LittleEndian(HardwareVersion);
            }
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out QueryNextImageRequest frame)
        {
            frame = default;
            ZclDecodeStatus status = OtaFieldControl.TryRead(reader, FieldControlReserved, out byte fieldControl);
            if (status != ZclDecodeStatus.Ok)
            {
                return status;
            }

            frame.FieldControl = fieldControl;
            if (!OtaImageId.TryRead(reader, out frame._image)
                || !OtaFieldControl.TryReadIfPresent(reader, frame.HasHardwareVersion, out ushort hardwareVersion))
            {
                return ZclDecodeStatus.Truncated;
            }

            frame.HardwareVersion = hardwareVersion;
            return reader.Remaining == 0 ? ZclDecodeStatus.Ok : ZclDecodeStatus.TrailingBytes;
        }
    }
}
