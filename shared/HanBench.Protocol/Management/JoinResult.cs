using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// Answer to <see cref="ManagementMessageType.JoinDevice"/> and <see cref="ManagementMessageType.RemoveDevice"/>.
    /// Body: <c>EUI-64 (8, big-endian) · status (1) · type1Count (1) · joinedCount (1)</c> — the counts after the
    /// request, so a refusal with <see cref="JoinStatus.Type1LimitReached"/> shows the six already joined.
    /// </summary>
    public struct JoinResult
    {
        /// <summary>Octets of the body.</summary>
        public const int EncodedLength = 11;

        /// <summary>The device the request named.</summary>
        public ulong Eui64 { get; set; }

        /// <summary>What the hub did.</summary>
        public JoinStatus Status { get; set; }

        /// <summary>Type 1 devices on the whitelist now.</summary>
        public byte Type1Count { get; set; }

        /// <summary>Devices of every type on the whitelist now.</summary>
        public byte JoinedCount { get; set; }

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteUInt64BigEndian(Eui64);
            writer.WriteByte((byte)Status);
            writer.WriteByte(Type1Count);
            writer.WriteByte(JoinedCount);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, out JoinResult result)
        {
            result = default;
            if (!reader.TryReadUInt64BigEndian(out ulong eui) || !reader.TryReadByte(out byte status)
                || !reader.TryReadByte(out byte type1) || !reader.TryReadByte(out byte joined))
            {
                return ManagementDecodeStatus.Truncated;
            }

            if (reader.Remaining != 0)
            {
                return ManagementDecodeStatus.TrailingBytes;
            }

            if (!ManagementValues.IsJoinStatus(status))
            {
                return ManagementDecodeStatus.BadValue;
            }

            result.Eui64 = eui;
            result.Status = (JoinStatus)status;
            result.Type1Count = type1;
            result.JoinedCount = joined;
            return ManagementDecodeStatus.Ok;
        }
    }
}
