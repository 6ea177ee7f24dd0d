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
    /// nn nn        block number (from 1)
    /// aa aa        block number acknowledged (0: none)
    /// L data       block data (DER length, as GBCS lengths are)
    /// </code>
    /// A first octet <see cref="Tag"/> tells a block from a whole message (which starts DD or DF). HanBench choices: blocks
    /// are streamed one after the other with no acknowledgement (a lost block loses the message, which its originator
    /// sends again as it does any unanswered command); <see cref="MaxBlockData"/> octets per block, so a block frame fits
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

        /// <summary>Octets before the block data at most (tag, control, numbers, a three-octet length).</summary>
        public const int MaxHeaderLength = 1 + 1 + 2 + 2 + 3;

        /// <summary>Block data octets per block (HanBench choice: header and data fit a 1,024-octet HAN frame payload).</summary>
        public const int MaxBlockData = 1000;

        /// <summary>Largest block APDU.</summary>
        public const int MaxBlockLength = MaxHeaderLength + MaxBlockData;

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
    }
}
