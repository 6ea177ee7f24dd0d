using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// The two octets that start every management payload (HanBench choice):
    /// <code>
    /// 0  type (ManagementMessageType)
    /// 1  token: chosen by the requester, echoed in the answer so it can match answers to requests
    /// 2… body of the type (little-endian integers, as ZCL; EUI-64s big-endian, as the HAN frame header)
    /// </code>
    /// </summary>
    public struct ManagementHeader
    {
        /// <summary>Octets of the header.</summary>
        public const int Length = 2;

        /// <summary>A header of <paramref name="type"/> with <paramref name="token"/>.</summary>
        public ManagementHeader(ManagementMessageType type, byte token)
        {
            Type = type;
            Token = token;
        }

        /// <summary>What the body is.</summary>
        public ManagementMessageType Type { get; set; }

        /// <summary>The requester's correlation token.</summary>
        public byte Token { get; set; }

        /// <summary>True for a type this version knows.</summary>
        public static bool IsKnownType(byte type)
        {
            switch (type)
            {
                case (byte)ManagementMessageType.Ping:
                case (byte)ManagementMessageType.StateQuery:
                case (byte)ManagementMessageType.Reboot:
                case (byte)ManagementMessageType.JoinDevice:
                case (byte)ManagementMessageType.RemoveDevice:
                case (byte)ManagementMessageType.DistributeImage:
                case (byte)ManagementMessageType.CancelDistribution:
                case (byte)ManagementMessageType.ImageExpectation:
                case (byte)ManagementMessageType.Identity:
                case (byte)ManagementMessageType.StateReport:
                case (byte)ManagementMessageType.JoinResult:
                case (byte)ManagementMessageType.DistributeResult:
                case (byte)ManagementMessageType.Ack:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Writes the two octets.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte((byte)Type);
            writer.WriteByte(Token);
        }

        /// <summary>Reads the header; the reader is left at the body. <paramref name="header"/> is meaningful only on Ok.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, out ManagementHeader header)
        {
            header = default;
            if (!reader.TryReadByte(out byte type) || !reader.TryReadByte(out byte token))
            {
                return ManagementDecodeStatus.Truncated;
            }

            if (!IsKnownType(type))
            {
                return ManagementDecodeStatus.UnknownType;
            }

            header.Type = (ManagementMessageType)type;
            header.Token = token;
            return ManagementDecodeStatus.Ok;
        }

        /// <summary>Checks that a message without a body (Ping, StateQuery) ends right after its header.</summary>
        public static ManagementDecodeStatus TryDecodeEmptyBody(ByteReader reader)
        {
            return reader.Remaining == 0 ? ManagementDecodeStatus.Ok : ManagementDecodeStatus.TrailingBytes;
        }
    }
}
