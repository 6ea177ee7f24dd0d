using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// What names an OTA image everywhere in ZCL OTA (docs/PROTOCOL.md §1): manufacturer code, image type and file version.
    /// Encoded as 8 octets, little-endian as in ZCL: <c>manufacturerCode (2) · imageType (2) · fileVersion (4)</c>.
    /// </summary>
    public struct ImageIdentity
    {
        /// <summary>Octets of the encoding.</summary>
        public const int EncodedLength = 8;

        /// <summary>An identity of the three values.</summary>
        public ImageIdentity(ushort manufacturerCode, ushort imageType, uint fileVersion)
        {
            ManufacturerCode = manufacturerCode;
            ImageType = imageType;
            FileVersion = fileVersion;
        }

        /// <summary>ZCL manufacturer code.</summary>
        public ushort ManufacturerCode { get; set; }

        /// <summary>ZCL OTA image type.</summary>
        public ushort ImageType { get; set; }

        /// <summary>ZCL OTA file version.</summary>
        public uint FileVersion { get; set; }

        /// <summary>True when all three values equal <paramref name="other"/>'s.</summary>
        public bool SameAs(ImageIdentity other)
        {
            return ManufacturerCode == other.ManufacturerCode && ImageType == other.ImageType && FileVersion == other.FileVersion;
        }

        /// <summary>Writes the 8 octets.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteUInt16LittleEndian(ManufacturerCode);
            writer.WriteUInt16LittleEndian(ImageType);
            writer.WriteUInt32LittleEndian(FileVersion);
        }

        /// <summary>Reads the 8 octets; false when fewer remain.</summary>
        public static bool TryRead(ByteReader reader, out ImageIdentity identity)
        {
            identity = default;
            if (!reader.TryReadUInt16LittleEndian(out ushort manufacturerCode)
                || !reader.TryReadUInt16LittleEndian(out ushort imageType)
                || !reader.TryReadUInt32LittleEndian(out uint fileVersion))
            {
                return false;
            }

            identity.ManufacturerCode = manufacturerCode;
            identity.ImageType = imageType;
            identity.FileVersion = fileVersion;
            return true;
        }
    }
}
