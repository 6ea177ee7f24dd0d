using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// GBCS messages longer than one HAN frame (a signed CS02b with its certificates: 1,879 octets in RTDS 6.15.1) travel as
    /// DLMS General Block Transfer APDUs (GBCS 7.2.11, transfer of large remote party messages; IEC 62056-5-3 GBT), each
    /// in its own GBCS frame on the same links, relays and radio costing as any GBCS frame:
    /// <code>
    /// E0           general-block-transfer tag
    /// cc           block control: bit 7 last block, bit 6 streaming, bits 5..0 window
    /// nn nn        block number (from 1; 0 in an acknowledgement)
    /// aa aa        block number acknowledged (0: none)
    /// L data       block data (DER length, as GBCS lengths are; empty in an acknowledgement)
    /// </code>
    /// A first octet <see cref="Tag"/> tells a block from a whole message (which starts DD or DF). Lost blocks: GBCS 7.2.11
    /// makes explicit provision for retry when blocks of a message are not received (GBCS v1.0 release note), with the GBT
    /// block-number-ack field; an acknowledgement carries no data (as Wireshark's GBCS dissector reads one). The GBCS text
    /// itself was not available to check, so the procedure is HanBench's, in GBT's terms: the sender streams every block,
    /// then waits for an acknowledgement (<see cref="WriteAck"/>); the receiver acknowledges the whole message (last-block
    /// flag set, the last block's number), or, at the first block beyond the one it expects, the last block it holds in
    /// order, and the sender sends again from the next one (go-back-N); without an acknowledgement it sends again from the
    /// first unacknowledged block after a time-out, a bounded number of times (the host's <c>GbcsBlockSender</c>).
    /// <see cref="MaxBlockData"/> octets per block, so a block frame fits <c>HanFrame.MaxPayloadLength</c>. The receiver
    /// reassembles with <see cref="GbcsBlockReassembler"/>.
    /// </summary>
    public static class GbcsBlockTransfer
    {
        /// <summary>The general-block-transfer APDU tag.</summary>
        public const byte Tag = 0xE0;

        /// <summary>Block control: this is the last block.</summary>
        public const byte LastBlock = 0x80;

        /// <summary>Block control: blocks are streamed (sent without waiting for acknowledgements).</summary>
        public const byte Streaming = 0x40;

        /// <summary>Octets before the block data at most (tag, control, numbers, a three-octet length).</summary>
        public const int MaxHeaderLength = 1 + 1 + 2 + 2 + 3;

        /// <summary>Block data octets per block (HanBench choice: header and data fit a 1,024-octet HAN frame payload).</summary>
        public const int MaxBlockData = 1000;

        /// <summary>Largest block APDU.</summary>
        public const int MaxBlockLength = MaxHeaderLength + MaxBlockData;

        /// <summary>Octets of an acknowledgement (tag, control, block number 0, the number acknowledged, an empty data length).</summary>
        public const int AckLength = 7;

        /// <summary>Whether the <paramref name="count"/> octets at <paramref name="offset"/> are a block rather than a whole message.</summary>
        public static bool IsBlock(byte[] buffer, int offset, int count)
        {
            return count > 0 && buffer[offset] == Tag;
        }

        /// <summary>Blocks a <paramref name="length"/>-octet message takes.</summary>
        public static int BlockCount(int length)
        {
            return length <= 0 ? 1 : (length + MaxBlockData - 1) / MaxBlockData;
        }

        /// <summary>
        /// Writes block <paramref name="number"/> (1 to <see cref="BlockCount"/>) of the <paramref name="count"/>-octet
        /// message at <paramref name="offset"/> into <paramref name="into"/> at <paramref name="intoOffset"/> (room for
        /// <see cref="MaxBlockLength"/>); returns the block's length.
        /// </summary>
        public static int WriteBlock(byte[] message, int offset, int count, int number, byte[] into, int intoOffset)
        {
            int blocks = BlockCount(count);
            if (number < 1 || number > blocks || blocks > 0xFFFF)
            {
                throw new System.ArgumentOutOfRangeException(nameof(number));
            }

            int start = (number - 1) * MaxBlockData;
            int length = count - start < MaxBlockData ? count - start : MaxBlockData;
            ByteWriter writer = new ByteWriter(into, intoOffset, into.Length - intoOffset);
            writer.WriteByte(Tag);
            writer.WriteByte((byte)(Streaming | (number == blocks ? LastBlock : 0)));
            writer.WriteUInt16BigEndian((ushort)number);
            writer.WriteUInt16BigEndian(0);
            GbcsLength.Write(writer, length);
            writer.WriteBytes(message, offset + start, length);
            return writer.Written;
        }

        /// <summary>
        /// Writes an acknowledgement of the blocks 1 to <paramref name="acknowledged"/> into <paramref name="into"/> at
        /// <paramref name="intoOffset"/> (<see cref="AckLength"/> octets): <paramref name="complete"/>, the whole message was
        /// received; otherwise the sender is to send again from block <paramref name="acknowledged"/> + 1.
        /// </summary>
        public static int WriteAck(int acknowledged, bool complete, byte[] into, int intoOffset)
        {
            if (acknowledged < 0 || acknowledged > 0xFFFF)
            {
                throw new System.ArgumentOutOfRangeException(nameof(acknowledged));
            }

            into[intoOffset] = Tag;
            into[intoOffset + 1] = complete ? LastBlock : (byte)0;
            into[intoOffset + 2] = 0;
            into[intoOffset + 3] = 0;
            into[intoOffset + 4] = (byte)(acknowledged >> 8);
            into[intoOffset + 5] = (byte)acknowledged;
            into[intoOffset + 6] = 0;
            return AckLength;
        }

        /// <summary>Reads an acknowledgement (<see cref="WriteAck"/>); false when the octets are not one.</summary>
        public static bool TryReadAck(byte[] buffer, int offset, int count, out int acknowledged, out bool complete)
        {
            acknowledged = 0;
            complete = false;
            if (count != AckLength || buffer[offset] != Tag || buffer[offset + 2] != 0 || buffer[offset + 3] != 0 || buffer[offset + 6] != 0)
            {
                return false;
            }

            acknowledged = (buffer[offset + 4] << 8) | buffer[offset + 5];
            complete = (buffer[offset + 1] & LastBlock) != 0;
            return true;
        }
    }
}
