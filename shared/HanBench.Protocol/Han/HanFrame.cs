using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Han
{
    /// <summary>
    /// The one frame every HanBench hop carries (docs/ARCHITECTURE.md, "One frame format, many links"): source and
    /// destination EUI-64, a kind, a sequence number, a cluster id and the payload. A link moves frames and never
    /// interprets them. (HanBench choice; it stands in for the ZigBee NWK/APS headers of a real HAN.)
    /// <para>Wire layout, 20-byte header then payload:</para>
    /// <code>
    /// 0      kind (HanFrameKind)
    /// 1      sequence number
    /// 2..9   source EUI-64, big-endian (the order GBCS and DUIS print it: 00-DB-12-34-56-78-90-A4)
    /// 10..17 destination EUI-64, big-endian
    /// 18..19 cluster id, little-endian (ZigBee order; 0x0019 OTA Upgrade; 0 for GBCS and management)
    /// 20..   payload (the rest of the frame)
    /// </code>
    /// The payload is a view (<see cref="Payload"/>, <see cref="PayloadOffset"/>, <see cref="PayloadLength"/>)
    /// into a buffer the caller owns, so decoding into a reused instance allocates nothing.
    /// </summary>
    public sealed class HanFrame
    {
        /// <summary>Bytes before the payload.</summary>
        public const int HeaderLength = 20;

        /// <summary>
        /// Largest payload HanBench sends: a 255-byte image block plus its ZCL header fits with room to spare;
        /// a radio medium may impose a smaller limit of its own.
        /// </summary>
        public const int MaxPayloadLength = 1024;

        /// <summary>Largest encoded frame.</summary>
        public const int MaxEncodedLength = HeaderLength + MaxPayloadLength;

        /// <summary>The broadcast address (every node that hears the frame takes it).</summary>
        public const ulong Broadcast = 0xFFFFFFFFFFFFFFFFUL;

        private static readonly byte[] NoPayload = new byte[0];

        /// <summary>Creates an empty frame to fill or decode into.</summary>
        public HanFrame()
        {
            Payload = NoPayload;
        }

        /// <summary>Sender's EUI-64.</summary>
        public ulong Source { get; set; }

        /// <summary>Receiver's EUI-64, or <see cref="Broadcast"/>.</summary>
        public ulong Destination { get; set; }

        /// <summary>What the payload is.</summary>
        public HanFrameKind Kind { get; set; }

        /// <summary>Sender's sequence number, for logs and duplicate detection on a hop.</summary>
        public byte Sequence { get; set; }

        /// <summary>ZCL cluster id for <see cref="HanFrameKind.Zcl"/>; 0 otherwise.</summary>
        public ushort ClusterId { get; set; }

        /// <summary>Buffer holding the payload.</summary>
        public byte[] Payload { get; private set; }

        /// <summary>Index of the payload's first byte in <see cref="Payload"/>.</summary>
        public int PayloadOffset { get; private set; }

        /// <summary>Payload length in bytes.</summary>
        public int PayloadLength { get; private set; }

        /// <summary>Bytes <see cref="WriteTo"/> will write.</summary>
        public int EncodedLength => HeaderLength + PayloadLength;

        /// <summary>Points the payload at <paramref name="count"/> bytes of <paramref name="buffer"/> (not copied).</summary>
        public void SetPayload(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count || count > MaxPayloadLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            Payload = buffer;
            PayloadOffset = offset;
            PayloadLength = count;
        }

        /// <summary>Copies every field of <paramref name="other"/>; the payload view is shared, not copied.</summary>
        public void CopyFrom(HanFrame other)
        {
            Source = other.Source;
            Destination = other.Destination;
            Kind = other.Kind;
            Sequence = other.Sequence;
            ClusterId = other.ClusterId;
            Payload = other.Payload;
            PayloadOffset = other.PayloadOffset;
            PayloadLength = other.PayloadLength;
        }

        /// <summary>Writes header and payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte((byte)Kind);
            writer.WriteByte(Sequence);
            writer.WriteUInt64BigEndian(Source);
            writer.WriteUInt64BigEndian(Destination);
            writer.WriteUInt16LittleEndian(ClusterId);
            writer.WriteBytes(Payload, PayloadOffset, PayloadLength);
        }

        /// <summary>
        /// Decodes all of the reader's remaining bytes into <paramref name="frame"/>. The payload becomes a view into
        /// the reader's buffer: copy it before that buffer is reused.
        /// </summary>
        public static HanFrameStatus TryDecode(ByteReader reader, HanFrame frame)
        {
            int remaining = reader.Remaining;
            if (remaining < HeaderLength)
            {
                return HanFrameStatus.TruncatedHeader;
            }

            if (remaining - HeaderLength > MaxPayloadLength)
            {
                return HanFrameStatus.PayloadTooLong;
            }

            reader.TryReadByte(out byte kind);
            if (kind != (byte)HanFrameKind.Zcl && kind != (byte)HanFrameKind.Gbcs && kind != (byte)HanFrameKind.Management)
            {
                return HanFrameStatus.UnknownKind;
            }

            reader.TryReadByte(out byte sequence);
            reader.TryReadUInt64BigEndian(out ulong source);
            reader.TryReadUInt64BigEndian(out ulong destination);
            reader.TryReadUInt16LittleEndian(out ushort clusterId);
            int payloadLength = remaining - HeaderLength;
            reader.TryReadSlice(payloadLength, out int payloadOffset);

            frame.Kind = (HanFrameKind)kind;
            frame.Sequence = sequence;
            frame.Source = source;
            frame.Destination = destination;
            frame.ClusterId = clusterId;
            frame.Payload = reader.Buffer;
            frame.PayloadOffset = payloadOffset;
            frame.PayloadLength = payloadLength;
            return HanFrameStatus.Ok;
        }
    }
}
