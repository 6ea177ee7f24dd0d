using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// The three fields that name an OTA image in every ZCL OTA command but Image Notify:
    /// <code>
    /// manufacturerCode (2) · imageType (2) · fileVersion (4), little-endian
    /// </code>
    /// The command structs keep one of these and expose its fields as their own properties, so the triple is read
    /// and written in one place. A plain struct of numbers: reading and writing it allocate nothing.
    /// </summary>
    internal struct OtaImageId
    {
        /// <summary>Bytes the triple takes on the wire.</summary>
        public const int Length = 8;

        /// <summary>The image's manufacturer code.</summary>
        public ushort ManufacturerCode;

        /// <summary>The image's type.</summary>
        public ushort ImageType;

        /// <summary>The image's file version.</summary>
        public uint FileVersion;

        /// <summary>Writes the triple in wire order.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteUInt16LittleEndian(ManufacturerCode);
            writer.WriteUInt16LittleEndian(ImageType);
            writer.WriteUInt32LittleEndian(FileVersion);
        }

        /// <summary>Reads the triple; false when the reader ends before its last byte.</summary>
        public static bool TryRead(ByteReader reader, out OtaImageId id)
        {
            id = default;
            return reader.TryReadUInt16LittleEndian(out id.ManufacturerCode)
                && reader.TryReadUInt16LittleEndian(out id.ImageType)
                && reader.TryReadUInt32LittleEndian(out id.FileVersion);
        }
    }
}
