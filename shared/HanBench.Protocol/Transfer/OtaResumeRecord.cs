using HanBench.Protocol.Bytes;
using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// What an <see cref="OtaClient"/> persists to resume a download after a restart. HanBench choice, 19 bytes:
    /// <code>
    /// format 0x01 (1) · manufacturerCode (2) · imageType (2) · fileVersion (4) · imageSize (4) · offset (4) · CRC-16/CCITT of the 17 bytes before it (2)
    /// </code>
    /// little-endian like ZCL. The CRC guards against a record from a half-written or foreign value: a bad record reads as
    /// none, and the download starts from 0.
    /// </summary>
    public struct OtaResumeRecord
    {
        /// <summary>Encoded length.</summary>
        public const int Length = 19;

        /// <summary>The format byte this version writes and reads.</summary>
        public const byte Format = 0x01;

        /// <summary>Manufacturer code of the image.</summary>
        public ushort ManufacturerCode { get; set; }

        /// <summary>Image type of the image.</summary>
        public ushort ImageType { get; set; }

        /// <summary>File version of the image.</summary>
        public uint FileVersion { get; set; }

        /// <summary>Size of the image.</summary>
        public uint ImageSize { get; set; }

        /// <summary>Bytes of the image held in the sink when the record was written.</summary>
        public uint Offset { get; set; }

        /// <summary>Writes the record.</summary>
        public void WriteTo(ByteWriter writer)
        {
            int start = writer.Position;
            writer.WriteByte(Format);
            writer.WriteUInt16LittleEndian(ManufacturerCode);
            writer.WriteUInt16LittleEndian(ImageType);
            writer.WriteUInt32LittleEndian(FileVersion);
            writer.WriteUInt32LittleEndian(ImageSize);
            writer.WriteUInt32LittleEndian(Offset);
            writer.WriteUInt16LittleEndian(Crc16Ccitt.Compute(writer.Buffer, start, Length - 2));
        }

        /// <summary>Reads a record that fills the reader's window; false for a wrong length, format or CRC, or an offset past the size.</summary>
        public static bool TryDecode(ByteReader reader, out OtaResumeRecord record)
        {
            record = default;
            if (reader.Remaining != Length)
            {
                return false;
            }

            ushort crc = Crc16Ccitt.Compute(reader.Buffer, reader.Position, Length - 2);
            reader.TryReadByte(out byte format);
            reader.TryReadUInt16LittleEndian(out ushort manufacturerCode);
            reader.TryReadUInt16LittleEndian(out ushort imageType);
            reader.TryReadUInt32LittleEndian(out uint fileVersion);
            reader.TryReadUInt32LittleEndian(out uint imageSize);
            reader.TryReadUInt32LittleEndian(out uint offset);
            reader.TryReadUInt16LittleEndian(out ushort carried);
            if (format != Format || carried != crc || offset > imageSize)
            {
                return false;
            }

            record.ManufacturerCode = manufacturerCode;
            record.ImageType = imageType;
            record.FileVersion = fileVersion;
            record.ImageSize = imageSize;
            record.Offset = offset;
            return true;
        }
    }
}
