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

        /// <summary>Which optional fields are present.</summary>
        public byte FieldControl { get; set; }

        /// <summary>The client's manufacturer code.</summary>
        public ushort ManufacturerCode { get; set; }

        /// <summary>The client's image type.</summary>
        public ushort ImageType { get; set; }

        /// <summary>The file version the client runs now.</summary>
        public uint FileVersion { get; set; }

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
            writer.WriteUInt16LittleEndian(ManufacturerCode);
            writer.WriteUInt16LittleEndian(ImageType);
            writer.WriteUInt32LittleEndian(FileVersion);
            if (HasHardwareVersion)
            {
                writer.WriteUInt16LittleEndian(HardwareVersion);
            }
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out QueryNextImageRequest frame)
        {
            frame = default;
            if (!reader.TryReadByte(out byte fieldControl))
            {
                return ZclDecodeStatus.Truncated;
            }

            if ((fieldControl & FieldControlReserved) != 0)
            {
                return ZclDecodeStatus.BadFieldControl;
            }

            if (!reader.TryReadUInt16LittleEndian(out ushort manufacturerCode)
                || !reader.TryReadUInt16LittleEndian(out ushort imageType)
                || !reader.TryReadUInt32LittleEndian(out uint fileVersion))
            {
                return ZclDecodeStatus.Truncated;
            }

            frame.FieldControl = fieldControl;
            frame.ManufacturerCode = manufacturerCode;
            frame.ImageType = imageType;
            frame.FileVersion = fileVersion;
            if (frame.HasHardwareVersion)
            {
                if (!reader.TryReadUInt16LittleEndian(out ushort hardwareVersion))
                {
                    return ZclDecodeStatus.Truncated;
                }

                frame.HardwareVersion = hardwareVersion;
            }

            return reader.Remaining == 0 ? ZclDecodeStatus.Ok : ZclDecodeStatus.TrailingBytes;
        }
    }
}
