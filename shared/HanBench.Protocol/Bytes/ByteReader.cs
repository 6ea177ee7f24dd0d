namespace HanBench.Protocol.Bytes
{
    /// <summary>
    /// Reads integers and byte runs from a window (<c>buffer</c>, <c>offset</c>, <c>count</c>) of a byte array.
    /// Every read is bounds-checked and returns <c>false</c> instead of throwing, so decoders of hostile
    /// radio input can report what was wrong (a house rule, docs/PLATFORM.md: decoders return a status and never throw).
    /// A reader is reused through <see cref="Reset"/>, so decoding allocates nothing.
    /// </summary>
    public sealed class ByteReader
    {
        private byte[] _buffer;
        private int _position;
        private int _end;

        /// <summary>Creates a reader over nothing; call <see cref="Reset"/> before reading.</summary>
        public ByteReader()
        {
            _buffer = new byte[0];
        }

        /// <summary>Creates a reader over <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public ByteReader(byte[] buffer, int offset, int count)
        {
            _buffer = new byte[0];
            Reset(buffer, offset, count);
        }

        /// <summary>Points the reader at a new window. Throws for an invalid window: that is a programmer error.</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            _buffer = buffer;
            _position = offset;
            _end = offset + count;
        }

        /// <summary>The array being read.</summary>
        public byte[] Buffer => _buffer;

        /// <summary>Index in <see cref="Buffer"/> of the next byte to read.</summary>
        public int Position => _position;

        /// <summary>Index in <see cref="Buffer"/> one past the last readable byte.</summary>
        public int End => _end;

        /// <summary>Bytes left to read.</summary>
        public int Remaining => _end - _position;

        /// <summary>Reads one byte.</summary>
        public bool TryReadByte(out byte value)
        {
            if (_position >= _end)
            {
                value = 0;
                return false;
            }

            value = _buffer[_position++];
            return true;
        }

        /// <summary>Reads a little-endian 16-bit integer (ZigBee/ZCL byte order).</summary>
        public bool TryReadUInt16LittleEndian(out ushort value)
        {
            if (Remaining < 2)
            {
                value = 0;
                return false;
            }

            value = (ushort)(_buffer[_position] | (_buffer[_position + 1] << 8));
            _position += 2;
            return true;
        }

        /// <summary>Reads a big-endian 16-bit integer (GBCS/DLMS byte order).</summary>
        public bool TryReadUInt16BigEndian(out ushort value)
        {
            if (Remaining < 2)
            {
                value = 0;
                return false;
            }

            value = (ushort)((_buffer[_position] << 8) | _buffer[_position + 1]);
            _position += 2;
            return true;
        }

        /// <summary>Reads a little-endian 24-bit integer.</summary>
        public bool TryReadUInt24LittleEndian(out uint value)
        {
            if (Remaining < 3)
            {
                value = 0;
                return false;
            }

            value = (uint)(_buffer[_position] | (_buffer[_position + 1] << 8) | (_buffer[_position + 2] << 16));
            _position += 3;
            return true;
        }

        /// <summary>Reads a little-endian 32-bit integer.</summary>
        public bool TryReadUInt32LittleEndian(out uint value)
        {
            if (Remaining < 4)
            {
                value = 0;
                return false;
            }

            value = ReadUInt32LittleEndianAt(_buffer, _position);
            _position += 4;
            return true;
        }

        /// <summary>Reads a big-endian 32-bit integer.</summary>
        public bool TryReadUInt32BigEndian(out uint value)
        {
            if (Remaining < 4)
            {
                value = 0;
                return false;
            }

            value = ReadUInt32BigEndianAt(_buffer, _position);
            _position += 4;
            return true;
        }

        /// <summary>Reads a little-endian 64-bit integer (an IEEE address in a ZCL frame).</summary>
        public bool TryReadUInt64LittleEndian(out ulong value)
        {
            if (Remaining < 8)
            {
                value = 0;
                return false;
            }

            value = ReadUInt32LittleEndianAt(_buffer, _position) | ((ulong)ReadUInt32LittleEndianAt(_buffer, _position + 4) << 32);
            _position += 8;
            return true;
        }

        /// <summary>Reads a big-endian 64-bit integer (a GBCS system title or originator counter).</summary>
        public bool TryReadUInt64BigEndian(out ulong value)
        {
            if (Remaining < 8)
            {
                value = 0;
                return false;
            }

            value = ((ulong)ReadUInt32BigEndianAt(_buffer, _position) << 32) | ReadUInt32BigEndianAt(_buffer, _position + 4);
            _position += 8;
            return true;
        }

        /// <summary>
        /// Claims the next <paramref name="count"/> bytes without copying them and returns where they start in
        /// <see cref="Buffer"/>. Used for payloads such as image block data, so decoding allocates nothing.
        /// </summary>
        public bool TryReadSlice(int count, out int sliceOffset)
        {
            if (count < 0 || Remaining < count)
            {
                sliceOffset = 0;
                return false;
            }

            sliceOffset = _position;
            _position += count;
            return true;
        }

        /// <summary>Copies the next <paramref name="count"/> bytes into <paramref name="destination"/>.</summary>
        public bool TryCopyTo(byte[] destination, int destinationOffset, int count)
        {
            if (count < 0 || Remaining < count || destination == null || destinationOffset < 0 || destinationOffset > destination.Length - count)
            {
                return false;
            }

            System.Array.Copy(_buffer, _position, destination, destinationOffset, count);
            _position += count;
            return true;
        }

        /// <summary>Skips <paramref name="count"/> bytes.</summary>
        public bool TrySkip(int count)
        {
            if (count < 0 || Remaining < count)
            {
                return false;
            }

            _position += count;
            return true;
        }

        private static uint ReadUInt32LittleEndianAt(byte[] buffer, int index)
        {
            return (uint)(buffer[index] | (buffer[index + 1] << 8) | (buffer[index + 2] << 16)) | ((uint)buffer[index + 3] << 24);
        }

        private static uint ReadUInt32BigEndianAt(byte[] buffer, int index)
        {
            return ((uint)buffer[index] << 24) | (uint)((buffer[index + 1] << 16) | (buffer[index + 2] << 8) | buffer[index + 3]);
        }
    }
}
