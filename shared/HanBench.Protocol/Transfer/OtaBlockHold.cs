namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Blocks an <see cref="OtaClient"/> received beyond a gap in a page, held until the gap is filled, so that a lost block
    /// costs only itself: the client asks for the missing bytes alone and never for the held ones again (issue 16: a server
    /// such as zigbee-herdsman serves every page in full, so before this each loss cost the rest of its page, sent twice).
    /// <para>
    /// The held bytes sit at their place relative to a base offset (the first missing byte when the first block was held)
    /// in one buffer allocated at construction; which bytes are held is a short sorted list of disjoint ranges, merged when
    /// they touch. A block that does not fit the buffer or the list is not held (the client asks for it again later).
    /// Nothing is allocated per block. Not thread-safe.
    /// </para>
    /// </summary>
    public sealed class OtaBlockHold
    {
        /// <summary>Disjoint held ranges at most (a page of 4,096 bytes with this many losses in it is far past 5 %).</summary>
        public const int MaxRanges = 16;

        private readonly byte[] _buffer;
        private readonly uint[] _starts = new uint[MaxRanges];
        private readonly uint[] _ends = new uint[MaxRanges];
        private int _count;
        private uint _base;

        /// <summary>A hold of <paramref name="capacity"/> bytes (0: nothing is ever held).</summary>
        public OtaBlockHold(int capacity)
        {
            _buffer = new byte[capacity < 0 ? 0 : capacity];
        }

        /// <summary>Bytes the buffer holds at most.</summary>
        public int Capacity => _buffer.Length;

        /// <summary>True when some block is held.</summary>
        public bool HasHeld => _count != 0;

        /// <summary>File offset of the first held byte (meaningful only with <see cref="HasHeld"/>).</summary>
        public uint FirstHeldOffset => _starts[0];

        /// <summary>The buffer <see cref="TakeAt"/> points into.</summary>
        public byte[] Buffer => _buffer;

        /// <summary>Forgets everything held (a new image, a restart of the download).</summary>
        public void Clear()
        {
            _count = 0;
        }

        /// <summary>True when every byte of [offset, offset + size) is held already.</summary>
        public bool Holds(uint offset, uint size)
        {
            uint end = offset + size;
            for (int i = 0; i < _count; i++)
            {
                if (_starts[i] <= offset && end <= _ends[i])
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Holds <paramref name="size"/> bytes of <paramref name="data"/> from <paramref name="dataOffset"/>, the image's bytes
        /// at <paramref name="offset"/>, beyond <paramref name="next"/> (the first byte the client is missing). False when
        /// the block overlaps a held one, does not fit the buffer, or the range list is full: then nothing is held.
        /// </summary>
        public bool Hold(uint offset, byte[] data, int dataOffset, uint size, uint next)
        {
            if (offset <= next || size == 0)
            {
                return false;
            }

            uint basis = _count == 0 ? next : _base;
            uint end = offset + size;
            if (end - basis > (uint)_buffer.Length)
            {
                return false;
            }

            // Where the new range goes in the sorted list, and whether it touches its neighbours.
            int at = 0;
            while (at < _count && _starts[at] < offset)
            {
                at++;
            }

            if ((at > 0 && _ends[at - 1] > offset) || (at < _count && _starts[at] < end))
            {
                return false;
            }

            bool joinsBefore = at > 0 && _ends[at - 1] == offset;
            bool joinsAfter = at < _count && _starts[at] == end;
            if (!joinsBefore && !joinsAfter && _count == MaxRanges)
            {
                return false;
            }

            _base = basis;
            System.Array.Copy(data, dataOffset, _buffer, (int)(offset - basis), (int)size);
            if (joinsBefore && joinsAfter)
            {
                _ends[at - 1] = _ends[at];
                RemoveAt(at);
            }
            else if (joinsBefore)
            {
                _ends[at - 1] = end;
            }
            else if (joinsAfter)
            {
                _starts[at] = offset;
            }
            else
            {
                for (int i = _count; i > at; i--)
                {
                    _starts[i] = _starts[i - 1];
                    _ends[i] = _ends[i - 1];
                }

                _starts[at] = offset;
                _ends[at] = end;
                _count++;
            }

            return true;
        }

        /// <summary>
        /// When the first held range reaches <paramref name="next"/>: releases it and returns the length of its bytes from
        /// <paramref name="next"/> on, the first at <paramref name="bufferOffset"/> in <see cref="Buffer"/> (valid until the
        /// next <see cref="Hold"/>); else 0. Held bytes before <paramref name="next"/> (the client got them another way) are dropped.
        /// </summary>
        public int TakeAt(uint next, out int bufferOffset)
        {
            bufferOffset = 0;
            while (_count != 0 && _ends[0] <= next)
            {
                RemoveAt(0);
            }

            if (_count == 0 || _starts[0] > next)
            {
                return 0;
            }

            bufferOffset = (int)(next - _base);
            int length = (int)(_ends[0] - next);
            RemoveAt(0);
            return length;
        }

        private void RemoveAt(int index)
        {
            _count--;
            for (int i = index; i < _count; i++)
            {
                _starts[i] = _starts[i + 1];
                _ends[i] = _ends[i + 1];
            }
        }
    }
}
