namespace HanBench.Protocol.Integrity
{
    /// <summary>
    /// CRC-16/CCITT-FALSE, table-driven. Parameters (as catalogued by Greg Cook's "Catalogue of parametrised CRC
    /// algorithms", Rocksoft model): width 16, poly 0x1021 (x^16 + x^12 + x^5 + 1, ITU-T V.41), init 0xFFFF,
    /// refin false, refout false, xorout 0x0000, check ("123456789") 0x29B1.
    /// <para>
    /// Use an instance to checksum data that arrives in pieces (<see cref="Reset"/>, <see cref="Append"/>,
    /// <see cref="Value"/>), or <see cref="Compute"/> for one buffer. Both allocate nothing: the 256-entry table is
    /// built once per process.
    /// </para>
    /// </summary>
    public sealed class Crc16Ccitt
    {
        /// <summary>Generator polynomial, most significant bit first (the x^16 term implied).</summary>
        public const ushort Polynomial = 0x1021;

        /// <summary>Register value before the first byte.</summary>
        public const ushort InitialValue = 0xFFFF;

        /// <summary>CRC of the nine ASCII bytes "123456789", the catalogue's check value.</summary>
        public const ushort CheckValue = 0x29B1;

        private const int TableSize = 256;
        private const ushort TopBit = 0x8000;

        // One entry per value of the register's top byte: the remainder that byte leaves after eight shifts.
        private static readonly ushort[] Table = BuildTable();

        private ushort _crc;

        /// <summary>Creates a CRC ready for the first byte.</summary>
        public Crc16Ccitt()
        {
            _crc = InitialValue;
        }

        /// <summary>The CRC of everything appended since the last <see cref="Reset"/> (no final XOR for this model).</summary>
        public ushort Value => _crc;

        /// <summary>Starts again, as if nothing had been appended.</summary>
        public void Reset()
        {
            _crc = InitialValue;
        }

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public void Append(byte[] data, int offset, int count)
        {
            DataWindow.Check(data, offset, count, nameof(data));
            _crc = Update(_crc, data, offset, count);
        }

        /// <summary>The CRC of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static ushort Compute(byte[] data, int offset, int count)
        {
            DataWindow.Check(data, offset, count, nameof(data));
            return Update(InitialValue, data, offset, count);
        }

        private static ushort Update(ushort crc, byte[] data, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                // Not reflected: the next message byte meets the register's top byte.
                crc = (ushort)((crc << 8) ^ Table[((crc >> 8) ^ data[i]) & 0xFF]);
            }

            return crc;
        }

        private static ushort[] BuildTable()
        {
            ushort[] table = new ushort[TableSize];
            for (int value = 0; value < TableSize; value++)
            {
                ushort remainder = (ushort)(value << 8);
                for (int bit = 0; bit < 8; bit++)
                {
                    remainder = (remainder & TopBit) != 0 ? (ushort)((remainder << 1) ^ Polynomial) : (ushort)(remainder << 1);
                }

                table[value] = remainder;
            }

            return table;
        }
    }
}
