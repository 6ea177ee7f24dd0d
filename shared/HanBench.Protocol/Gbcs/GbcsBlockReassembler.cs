using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// Reassembles a GBCS message sent as general-block-transfer blocks (<see cref="GbcsBlockTransfer"/>) into one buffer
    /// allocated once: blocks must come from one source, numbered 1, 2, … with the last flagged. While a message is in
    /// progress a block from another source is ignored (<see cref="GbcsBlockStatus.Busy"/>: a HAN peer cannot discard
    /// it), and an exact repeat of the last block taken too (<see cref="GbcsBlockStatus.Repeat"/>: a retransmission);
    /// a message with no block for <see cref="StaleAfterMs"/> is dropped at the next block. A block 1 from the same
    /// source starts the message again; anything else out of order, malformed or beyond the capacity drops the message
    /// so far, and says why. The reassembled message is valid until the next block.
    /// Never throws on input; not thread-safe.
    /// </summary>
    public sealed class GbcsBlockReassembler
    {
        private readonly byte[] _buffer;
        private readonly ByteReader _reader = new ByteReader();
        private int _length;
        private int _next;
        private ulong _source;
        private int _lastLength;
        private long _lastMs;

        /// <summary>
        /// A message with no block for this long is stale: dropped at the next block, from any source (HanBench bound;
        /// the hub relays every block of a message back to back, an RTDS-sized CS02b is a handful of HAN frames).
        /// </summary>
        public const long StaleAfterMs = 60000;

        /// <summary>A reassembler for messages of up to <paramref name="capacity"/> octets.</summary>
        public GbcsBlockReassembler(int capacity)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException(nameof(capacity));
            }

            _buffer = new byte[capacity];
        }

        /// <summary>The message (after <see cref="GbcsBlockStatus.Complete"/>).</summary>
        public byte[] Buffer => _buffer;

        /// <summary>Octets of the message (after <see cref="GbcsBlockStatus.Complete"/>).</summary>
        public int Length => _length;

        /// <summary>Who sent the message being (or last) reassembled.</summary>
        public ulong Source => _source;

        /// <summary>Messages dropped unfinished (out of order, malformed, too long, stale, or started again by a block 1).</summary>
        public long Dropped { get; private set; }

        /// <summary>
        /// Takes the block of <paramref name="count"/> octets at <paramref name="offset"/> from <paramref name="source"/>,
        /// received at <paramref name="nowMs"/> (the device clock).
        /// </summary>
        public GbcsBlockStatus Accept(ulong source, byte[] block, int offset, int count, long nowMs)
        {
            if (_next > 0 && nowMs - _lastMs > StaleAfterMs)
            {
                Drop(GbcsBlockStatus.OutOfOrder);
            }

            if (_next > 0 && source != _source)
            {
                return GbcsBlockStatus.Busy;
            }

            // E0, control, block number (2), acknowledged block number (2), then the DER length of the data.
            ByteReader r = _reader;
            r.Reset(block, offset, count);
            int length = 0;
            bool ok = count > 6 && block[offset] == GbcsBlockTransfer.Tag && r.TrySkip(6)
                && GbcsLength.TryRead(r, out length) == GbcsLengthStatus.Ok && length == r.Remaining;
            if (!ok)
            {
                return Drop(GbcsBlockStatus.Malformed);
            }

            byte flags = block[offset + 1];
            int blockNumber = (block[offset + 2] << 8) | block[offset + 3];
            if (_next > 1 && blockNumber == _next - 1 && IsLastBlock(block, r.Position, length))
            {
                return GbcsBlockStatus.Repeat;
            }

            if (blockNumber == 1)
            {
                if (_next > 1)
                {
                    Dropped++;
                }

                _source = source;
                _length = 0;
                _next = 1;
            }

            if (_next == 0 || blockNumber != _next || source != _source)
            {
                return Drop(GbcsBlockStatus.OutOfOrder);
            }

            if (length > _buffer.Length - _length)
            {
                return Drop(GbcsBlockStatus.TooLong);
            }

            System.Array.Copy(block, r.Position, _buffer, _length, length);
            _length += length;
            _lastLength = length;
            _lastMs = nowMs;
            if ((flags & GbcsBlockTransfer.LastBlock) != 0)
            {
                _next = 0;
                return GbcsBlockStatus.Complete;
            }

            _next++;
            return GbcsBlockStatus.InProgress;
        }

        // Whether the data of length octets at offset in block is the last block's, octet for octet.
        private bool IsLastBlock(byte[] block, int offset, int length)
        {
            if (length != _lastLength)
            {
                return false;
            }

            byte[] buffer = _buffer;
            int start = _length - length;
            for (int i = 0; i < length; i++)
            {
                if (buffer[start + i] != block[offset + i])
                {
                    return false;
                }
            }

            return true;
        }

        private GbcsBlockStatus Drop(GbcsBlockStatus status)
        {
            if (_next > 0)
            {
                Dropped++;
            }

            _next = 0;
            _length = 0;
            return status;
        }
    }
}
