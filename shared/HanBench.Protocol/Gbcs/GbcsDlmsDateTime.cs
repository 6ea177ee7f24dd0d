namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The 12-octet DLMS date-time (DLMS Blue Book: year (2), month, day of month, day of week, hour, minute, second,
    /// hundredths, deviation (2, signed minutes), clock status), as carried in the grouping header's date-time and in
    /// DLMS alert payloads such as the ESME Firmware Distribution Receipt. 0xFF (0xFFFF for the year) marks a field
    /// "not specified", 0x8000 a deviation not specified.
    /// </summary>
    public static class GbcsDlmsDateTime
    {
        /// <summary>Octets of a DLMS date-time.</summary>
        public const int Length = 12;

        /// <summary>Octet value meaning "not specified".</summary>
        public const byte NotSpecified = 0xFF;

        /// <summary>Deviation meaning "not specified".</summary>
        public const ushort DeviationNotSpecified = 0x8000;

        /// <summary>
        /// Reads the calendar fields. Returns false when year, month, day, hour, minute or second is not specified or
        /// the date does not exist; day of week, hundredths, deviation and clock status are not interpreted.
        /// </summary>
        public static bool TryRead(byte[] buffer, int offset, out GbcsTimestamp value)
        {
            value = default;
            if (buffer == null || offset < 0 || offset > buffer.Length - Length)
            {
                return false;
            }

            int year = (buffer[offset] << 8) | buffer[offset + 1];
            int month = buffer[offset + 2];
            int day = buffer[offset + 3];
            int hour = buffer[offset + 5];
            int minute = buffer[offset + 6];
            int second = buffer[offset + 7];
            if (!GbcsTimestamp.IsValid(year, month, day, hour, minute, second))
            {
                return false;
            }

            value = new GbcsTimestamp(year, month, day, hour, minute, second);
            return true;
        }

        /// <summary>
        /// Writes <paramref name="value"/> with day of week not specified, hundredths 0, deviation not specified and
        /// clock status not specified: the form every RTDS 4.5.0 DLMS date-time takes.
        /// </summary>
        public static void Write(byte[] buffer, int offset, GbcsTimestamp value)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || offset > buffer.Length - Length)
            {
                throw new System.ArgumentOutOfRangeException(nameof(offset));
            }

            buffer[offset] = (byte)(value.Year >> 8);
            buffer[offset + 1] = (byte)value.Year;
            buffer[offset + 2] = value.Month;
            buffer[offset + 3] = value.Day;
            buffer[offset + 4] = NotSpecified;
            buffer[offset + 5] = value.Hour;
            buffer[offset + 6] = value.Minute;
            buffer[offset + 7] = value.Second;
            buffer[offset + 8] = 0x00;
            buffer[offset + 9] = (byte)(DeviationNotSpecified >> 8);
            buffer[offset + 10] = (byte)(DeviationNotSpecified & 0xFF);
            buffer[offset + 11] = NotSpecified;
        }
    }
}
