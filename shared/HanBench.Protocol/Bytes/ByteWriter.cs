namespace HanBench.Protocol.Bytes
{
    /// <summary>
    /// Writes integers and byte runs into a window of a byte array. Encoders know their
    /// <c>EncodedLength</c> before they write, so running out of room is a programmer error and throws
    /// <see cref="System.InvalidOperationException"/>; callers that cannot know check <see cref="Remaining"/>.
    /// A writer is reused through <see cref="Reset"/>, so encoding allocates nothing.
    /// </summary>
    public sealed class ByteWriter
    {
        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _end;

        /// <summary>Creates a writer over nothing; call <see cref="Reset"/> before writing.</summary>
        public ByteWriter()
        {
            _buffer = new byte[0];
        }

        /// <summary>Creates a writer over the whole of <paramref name="buffer"/>.</summary>
        public ByteWriter(byte[] buffer)
            : this(buffer, 0, buffer == null ? 0 : buffer.Length)
        {
        }

        /// <summary>Creates a writer over <paramref name="capacity"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public ByteWriter(byte[] buffer, int offset, int capacity)
        {
            _buffer = new byte[0];
            Reset(buffer, offset, capacity);
        }

        /// <summary>Points the writer at a new window.</summary>
        public void Reset(byte[] buffer, int offset, int capacity)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || capacity < 0 || offset > buffer.Length - capacity)
            {
                throw new System.ArgumentOutOfRangeException(nameof(capacity));
            }

            _buffer = buffer;
            _start = offset;
            _position = offset;
            _end = offset + capacity;
        }

        /// <summary>The array being written.</summary>
        public byte[] Buffer => _buffer;

        /// <summary>Index in <see cref="Buffer"/> where the window starts.</summary>
        public int Start => _start;

        /// <summary>Index in <see cref="Buffer"/> of the next byte to write.</summary>
        public int Position => _position;

        /// <summary>Bytes written since the window started.</summary>
        public int Written => _position - _start;

        /// <summary>Room left in the window.</summary>
        public int Remaining => _end - _position;

        /// <summary>Writes one byte.</summary>
        public void WriteByte(byte value)
        {
            Ensure(1);
            _buffer[_position++] = value;
        }

        /// <summary>Writes a little-endian 16-bit integer.</summary>
        public void WriteUInt16LittleEndian(ushort value)
        {
            Ensure(2);
            _buffer[_position] = (byte)value;
            _buffer[_position + 1] = (byte)(value >> 8);
            _position += 2;
        }

        /// <summary>Writes a big-endian 16-bit integer.</summary>
        public void WriteUInt16BigEndian(ushort value)
        {
            Ensure(2);
            _buffer[_position] = (byte)(value >> 8);
            _buffer[_position + 1] = (byte)value;
            _position += 2;
        }

        /// <summary>Writes a little-endian 24-bit integer (the low 24 bits of <paramref name="value"/>).</summary>
        public void WriteUInt24LittleEndian(uint value)
        {
            Ensure(3);
            _buffer[_position] = (byte)value;
            _buffer[_position + 1] = (byte)(value >> 8);
            _buffer[_position + 2] = (byte)(value >> 16);
            _position += 3;
        }

        /// <summary>Writes a little-endian 32-bit integer.</summary>
        public void WriteUInt32LittleEndian(uint value)
        {
            Ensure(4);
            WriteUInt32LittleEndianAt(_position, value);
            _position += 4;
        }

        /// <summary>Writes a big-endian 32-bit integer.</summary>
        public void WriteUInt32BigEndian(uint value)
        {
            Ensure(4);
            WriteUInt32BigEndianAt(_position, value);
            _position += 4;
        }

        /// <summary>Writes a little-endian 64-bit integer.</summary>
        public void WriteUInt64LittleEndian(ulong value)
        {
            Ensure(8);
            WriteUInt32LittleEndianAt(_position, (uint)value);
            WriteUInt32LittleEndianAt(_position + 4, (uint)(value >> 32));
            _position += 8;
        }

        /// <summary>Writes a big-endian 64-bit integer.</summary>
        public void WriteUInt64BigEndian(ulong value)
        {
            Ensure(8);
            WriteUInt32BigEndianAt(_position, (uint)(value >> 32));
            WriteUInt32BigEndianAt(_position + 4, (uint)value);
            _position += 8;
        }

        /// <summary>Copies <paramref name="count"/> bytes of <paramref name="source"/> from <paramref name="offset"/>.</summary>
        public void WriteBytes(byte[] source, int offset, int count)
        {
            if (source == null)
            {
                throw new System.ArgumentNullException(nameof(source));
            }

            if (offset < 0 || count < 0 || offset > source.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            Ensure(count);
            System.Array.Copy(source, offset, _buffer, _position, count);
            _position += count;
        }

        /// <summary>Writes <paramref name="count"/> copies of <paramref name="value"/> (padding).</summary>
        public void WriteRepeated(byte value, int count)
        {
            if (count < 0)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            Ensure(count);
            for (int i = 0; i < count; i++)
            {
                _buffer[_position++] = value;
            }
        }

        private void Ensure(int count)
        {
            if (_end - _position < count)
            {
                throw new System.InvalidOperationException("ByteWriter: no room for " + count.ToString() + " more bytes (" + (_end - _position).ToString() + " left)");
            }
        }

        private void WriteUInt32LittleEndianAt(int index, uint value)
        {
            _buffer[index] = (byte)value;
            _buffer[index + 1] = (byte)(value >> 8);
            _buffer[index + 2] = (byte)(value >> 16);
            _buffer[index + 3] = (byte)(value >> 24);
        }

        private void WriteUInt32BigEndianAt(int index, uint value)
        {
            _buffer[index] = (byte)(value >> 24);
            _buffer[index + 1] = (byte)(value >> 16);
            _buffer[index + 2] = (byte)(value >> 8);
            _buffer[index + 3] = (byte)value;
        }
    }
}
