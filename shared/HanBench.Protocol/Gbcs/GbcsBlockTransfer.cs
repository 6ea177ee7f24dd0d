using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// GBCS messages longer than one HAN frame (a signed CS02b with its certificates: 1,879 octets in RTDS 6.15.1) travel as
    /// DLMS General Block Transfer APDUs (GBCS 7.2.11, transfer of large remote party messages; IEC 62056-5-3 GBT), each
    /// behind a <see cref="GbcsRoutingHeader"/> naming the message (its transaction id, system titles and message code) and
    /// in its own GBCS frame on the same links, relays and radio costing as any GBCS frame:
    /// <code>
    /// Routing Header          DD 09 CRA C1..C8 08 O1..O8 08 R1..R8 00 02 MC MC 00 L SC IC IC IC IC
    /// E0                      general-block-transfer tag
    /// cc                      block control: bit 7 last block, bit 6 streaming, bits 5..0 window
    /// nn nn                   block number (from 1; 0 in an acknowledgement)
    /// aa aa                   block number acknowledged (0: none)
    /// L data                  block data (DER length, as GBCS lengths are; empty in an acknowledgement)
    /// </code>
    /// A general-ciphering tag followed by a 9-octet transaction id tells a block from a whole message (which starts DF, or
    /// DD 00 where its MAC Header's transaction id is empty), as Wireshark's GBCS dissector tells them; an acknowledgement
    /// carries no data (as that dissector reads one). Lost blocks: the GBCS v0.8.1 release note says 7.2.11 gained explicit
    /// provisions for retry when blocks of a message are not received; the clause text itself was not available to check
    /// (docs/PROTOCOL.md), so the procedure is HanBench's, in GBT's terms: the sender streams every block, then waits for
    /// an acknowledgement (<see cref="WriteAck"/>); the receiver acknowledges the whole message (last-block flag set, the
    /// last block's number), or, at the first block beyond the one it expects, the last block it holds in order, and the
    /// sender sends again from the next one (go-back-N); without an acknowledgement it sends again from the first
    /// unacknowledged block after a time-out, a bounded number of times (the host's <c>GbcsBlockSender</c>). An
    /// acknowledgement names its message by the Routing Header of the message it acknowledges, and the sender acts only on
    /// one naming the message it is sending. <see cref="MaxBlockData"/> octets per block, so a block frame fits
    /// <c>HanFrame.MaxPayloadLength</c>. The receiver reassembles with <see cref="GbcsBlockReassembler"/>.
    /// </summary>
    public static class GbcsBlockTransfer
    {
        /// <summary>The general-block-transfer APDU tag.</summary>
        public const byte Tag = 0xE0;

        /// <summary>Block control: this is the last block.</summary>
        public const byte LastBlock = 0x80;

        /// <summary>Block control: blocks are streamed (sent without waiting for acknowledgements).</summary>
        public const byte Streaming = 0x40;

        /// <summary>Octets of a GBT APDU before its block data at most (tag, control, numbers, a three-octet length).</summary>
        public const int MaxApduHeaderLength = 1 + 1 + 2 + 2 + 3;

        /// <summary>Octets before the block data at most (Routing Header and GBT APDU header).</summary>
        public const int MaxHeaderLength = GbcsRoutingHeader.MaxLength + MaxApduHeaderLength;

        /// <summary>Block data octets per block (HanBench choice: headers and data fit a 1,024-octet HAN frame payload).</summary>
        public const int MaxBlockData = 960;

        /// <summary>Largest block frame.</summary>
        public const int MaxBlockLength = MaxHeaderLength + MaxBlockData;

        /// <summary>Octets of an acknowledgement's GBT APDU (tag, control, block number 0, the number acknowledged, an empty data length).</summary>
        public const int AckApduLength = 7;

        /// <summary>Octets of an acknowledgement (Routing Header and GBT APDU).</summary>
        public const int AckLength = GbcsRoutingHeader.FixedLength + 1 + GbcsEnvelope.SecurityHeaderLength + AckApduLength;

        /// <summary>
        /// Whether the <paramref name="count"/> octets at <paramref name="offset"/> are a block or an acknowledgement rather
        /// than a whole message: behind a Routing Header, or a bare GBT APDU (which names no message: a receiver reads it as
        /// malformed).
        /// </summary>
        public static bool IsBlock(byte[] buffer, int offset, int count)
        {
            return count > 0 && (buffer[offset] == Tag || GbcsRoutingHeader.Starts(buffer, offset, count));
        }

        /// <summary>Blocks a <paramref name="length"/>-octet message takes.</summary>
        public static int BlockCount(int length)
        {
            return length <= 0 ? 1 : (length + MaxBlockData - 1) / MaxBlockData;
        }

        /// <summary>
        /// Writes block <paramref name="number"/> (1 to <see cref="BlockCount"/>) of the <paramref name="count"/>-octet
        /// message at <paramref name="offset"/>, behind <paramref name="routing"/> (the message's own fields), into
        /// <paramref name="into"/> at <paramref name="intoOffset"/> (room for <see cref="MaxBlockLength"/>); returns the
        /// block's length.
        /// </summary>
        public static int WriteBlock(GbcsRoutingHeader routing, byte[] message, int offset, int count, int number, byte[] into, int intoOffset)
        {
            int blocks = BlockCount(count);
            if (number < 1 || number > blocks || blocks > 0xFFFF)
            {
                throw new System.ArgumentOutOfRangeException(nameof(number));
            }

            int start = (number - 1) * MaxBlockData;
            int length = count - start < MaxBlockData ? count - start : MaxBlockData;
            int apduLength = 6 + GbcsLength.EncodedSize(length) + length;
            int routed = routing.Write(apduLength, into, intoOffset);
            ByteWriter writer = new ByteWriter(into, intoOffset + routed, into.Length - intoOffset - routed);
            writer.WriteByte(Tag);
            writer.WriteByte((byte)(Streaming | (number == blocks ? LastBlock : 0)));
            writer.WriteUInt16BigEndian((ushort)number);
            writer.WriteUInt16BigEndian(0);
            GbcsLength.Write(writer, length);
            writer.WriteBytes(message, offset + start, length);
            return routed + writer.Written;
        }

        /// <summary>
        /// Writes an acknowledgement of the blocks 1 to <paramref name="acknowledged"/> of the message <paramref name="routing"/>
        /// names into <paramref name="into"/> at <paramref name="intoOffset"/> (<see cref="AckLength"/> octets):
        /// <paramref name="complete"/>, the whole message was received; otherwise the sender is to send again from block
        /// <paramref name="acknowledged"/> + 1.
        /// </summary>
        public static int WriteAck(GbcsRoutingHeader routing, int acknowledged, bool complete, byte[] into, int intoOffset)
        {
            if (acknowledged < 0 || acknowledged > 0xFFFF)
            {
                throw new System.ArgumentOutOfRangeException(nameof(acknowledged));
            }

            int at = intoOffset + routing.Write(AckApduLength, into, intoOffset);
            into[at] = Tag;
            into[at + 1] = complete ? LastBlock : (byte)0;
            into[at + 2] = 0;
            into[at + 3] = 0;
            into[at + 4] = (byte)(acknowledged >> 8);
            into[at + 5] = (byte)acknowledged;
            into[at + 6] = 0;
            return at + AckApduLength - intoOffset;
        }

        /// <summary>
        /// Reads an acknowledgement (<see cref="WriteAck"/>) into <paramref name="routing"/> (the message it names),
        /// <paramref name="acknowledged"/> and <paramref name="complete"/>; false when the octets are not one.
        /// </summary>
        public static bool TryReadAck(byte[] buffer, int offset, int count, GbcsRoutingHeader routing, out int acknowledged, out bool complete)
        {
            acknowledged = 0;
            complete = false;
            if (!routing.TryRead(buffer, offset, count, out int at) || offset + count - at != AckApduLength
                || buffer[at] != Tag || buffer[at + 2] != 0 || buffer[at + 3] != 0 || buffer[at + 6] != 0)
            {
                return false;
            }

            acknowledged = (buffer[at + 4] << 8) | buffer[at + 5];
            complete = (buffer[at + 1] & LastBlock) != 0;
            return true;
        }

        /// <summary>
        /// Reads the block number of a block (<see cref="WriteBlock"/>) or acknowledgement (0) into <paramref name="number"/>,
        /// and its Routing Header into <paramref name="routing"/>; false when the octets are neither.
        /// </summary>
        public static bool TryReadBlockNumber(byte[] buffer, int offset, int count, GbcsRoutingHeader routing, out int number)
        {
            number = 0;
            if (!routing.TryRead(buffer, offset, count, out int at) || offset + count - at < AckApduLength || buffer[at] != Tag)
            {
                return false;
            }

            number = (buffer[at + 2] << 8) | buffer[at + 3];
            return true;
        }
    }
}
