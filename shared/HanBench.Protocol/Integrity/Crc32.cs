namespace HanBench.Protocol.Integrity
{
    /// <summary>
    /// CRC-32/ISO-HDLC, the CRC of IEEE 802.3 Ethernet, zlib, PNG and ZIP, table-driven. Parameters (Greg Cook's
    /// "Catalogue of parametrised CRC algorithms", Rocksoft model): width 32, poly 0x04C11DB7, init 0xFFFFFFFF,
    /// refin true, refout true, xorout 0xFFFFFFFF, check ("123456789") 0xCBF43926. Reflected in and out, so the
    /// register shifts right with the bit-reversed polynomial 0xEDB88320.
    /// <para>
    /// Use an instance to checksum data that arrives in pieces (<see cref="Reset"/>, <see cref="Append"/>,
    /// <see cref="Value"/>), or <see cref="Compute"/> for one buffer. Both allocate nothing: the 256-entry table is
    /// built once per process. (nanoFramework.System.IO.Hashing has a Crc32 too; this one is ours so the same code
    /// and the same numbers run on .NET and on the board without a native dependency.)
    /// </para>
    /// </summary>
    public sealed class Crc32
    {
        /// <summary>The polynomial 0x04C11DB7 bit-reversed, as a right-shifting (reflected) register uses it.</summary>
        public const uint ReflectedPolynomial = 0xEDB88320;

        /// <summary>Register value before the first byte.</summary>
        public const uint InitialValue = 0xFFFFFFFF;

        /// <summary>Value XORed into the register to give the CRC.</summary>
        public const uint FinalXor = 0xFFFFFFFF;

        /// <summary>CRC of the nine ASCII bytes "123456789", the catalogue's check value.</summary>
        public const uint CheckValue = 0xCBF43926;

        private const int TableSize = 256;

        // One entry per value of the register's low byte: the remainder that byte leaves after eight shifts.
        private static readonly uint[] Table = BuildTable();

        private uint _register;

        /// <summary>Creates a CRC ready for the first byte.</summary>
        public Crc32()
        {
            _register = InitialValue;
        }

        /// <summary>The CRC of everything appended since the last <see cref="Reset"/>.</summary>
        public uint Value => _register ^ FinalXor;

        /// <summary>Starts again, as if nothing had been appended.</summary>
        public void Reset()
        {
            _register = InitialValue;
        }

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public void Append(byte[] data, int offset, int count)
        {
            DataWindow.Check(data, offset, count, nameof(data));
            _register = Update(_register, data, offset, count);
        }

        /// <summary>The CRC of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            DataWindow.Check(data, offset, count, nameof(data));
            return Update(InitialValue, data, offset, count) ^ FinalXor;
        }

        private static uint Update(uint register, byte[] data, int offset, int count)
        {
            // The table in a local: nanoCLR interprets IL, and a static field load per byte costs (issue 10).
            uint[] table = Table;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                // Reflected: the next message byte meets the register's low byte.
                register = (register >> 8) ^ table[(register ^ data[i]) & 0xFF];
            }

            return register;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[TableSize];
            for (uint value = 0; value < TableSize; value++)
            {
                uint remainder = value;
                for (int bit = 0; bit < 8; bit++)
                {
                    remainder = (remainder & 1) != 0 ? (remainder >> 1) ^ ReflectedPolynomial : remainder >> 1;
                }

                table[value] = remainder;
            }

            return table;
        }
    }
}
