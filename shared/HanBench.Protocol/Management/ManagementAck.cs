using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// <see cref="ManagementMessageType.Ack"/>: the answer to a request without an answer of its own (Reboot,
    /// ImageExpectation) and to any request a device cannot serve. Body: <c>requestType (1) · result (1)</c>; the
    /// header's token is the request's. The request type is not checked against the known types, so a device can
    /// answer a type it does not know with <see cref="ManagementResult.Unsupported"/>.
    /// </summary>
    public struct ManagementAck
    {
        /// <summary>Octets of the body.</summary>
        public const int EncodedLength = 2;

        /// <summary>The type of the request answered.</summary>
        public byte RequestType { get; set; }

        /// <summary>The outcome.</summary>
        public ManagementResult Result { get; set; }

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte(RequestType);
            writer.WriteByte((byte)Result);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, out ManagementAck ack)
        {
            ack = default;
            if (!reader.TryReadByte(out byte requestType) || !reader.TryReadByte(out byte result))
            {
                return ManagementDecodeStatus.Truncated;
            }

            if (reader.Remaining != 0)
            {
                return ManagementDecodeStatus.TrailingBytes;
            }

            if (!ManagementValues.IsResult(result))
            {
                return ManagementDecodeStatus.BadValue;
            }

            ack.RequestType = requestType;
            ack.Result = (ManagementResult)result;
            return ManagementDecodeStatus.Ok;
        }
    }
}
