using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary><see cref="ManagementMessageType.RemoveDevice"/>: take a device off the whitelist. Body: <c>EUI-64 (8, big-endian)</c>.</summary>
    public struct RemoveDeviceRequest
    {
        /// <summary>Octets of the body.</summary>
        public const int EncodedLength = 8;

        /// <summary>The device to remove.</summary>
        public ulong Eui64 { get; set; }

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteUInt64BigEndian(Eui64);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, out RemoveDeviceRequest request)
        {
            request = default;
            if (!reader.TryReadUInt64BigEndian(out ulong eui))
            {
                return ManagementDecodeStatus.Truncated;
            }

            if (reader.Remaining != 0)
            {
                return ManagementDecodeStatus.TrailingBytes;
            }

            request.Eui64 = eui;
            return ManagementDecodeStatus.Ok;
        }
    }
}
