using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// Reassembles a GBCS message sent as general-block-transfer blocks (<see cref="GbcsBlockTransfer"/>) into one buffer
    /// allocated once: blocks must come from one source, numbered 1, 2, … with the last flagged; a block 1 starts a new
    /// message (from any source, dropping an unfinished one); anything else out of order, malformed or beyond the
    /// capacity drops the message so far, and says why. The reassembled message is valid until the next block.
    /// Never throws on input; not thread-safe.
    /// </summary>
    public sealed class GbcsBlockReassembler
    {
        private readonly byte[] _buffer;
        private readonly ByteReader _reader = new ByteReader();
        private int _length;
        private int _next;
        private ulong _source;

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

        /// <summary>Messages dropped unfinished (out of order, malformed, too long, or replaced by a new block 1).</summary>
        public long Dropped { get; private set; }

        /// <summary>Takes the block of <paramref name="count"/> octets at <paramref name="offset"/> from <paramref name="source"/>.</summary>
        public GbcsBlockStatus Accept(ulong source, byte[] block, int offset, int count)
        {
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
            if ((flags & GbcsBlockTransfer.LastBlock) != 0)
            {
                _next = 0;
                return GbcsBlockStatus.Complete;
            }

            _next++;
            return GbcsBlockStatus.InProgress;
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
