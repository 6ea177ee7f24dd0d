namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// A UTC calendar time to the second, as GBCS payloads carry it: ASN.1 GeneralizedTime "YYYYMMDDHHMMSSZ" in the
    /// ASN.1 payloads, seconds since 2000-01-01 in GBZ (ZigBee UTCTime), a 12-octet DLMS date-time in DLMS ones.
    /// Plain fields rather than <see cref="System.DateTime"/>, so a GBCS "end of time" (9999-12-31 23:59:59, the RTDS
    /// CS06 cancellation) round-trips on every runtime.
    /// </summary>
    public struct GbcsTimestamp
    {
        private const int SecondsPerDay = 86400;
        private const int ZigBeeEpochYear = 2000;

        /// <summary>Creates a timestamp; throws for a date or time that does not exist (a programmer error).</summary>
        public GbcsTimestamp(int year, int month, int day, int hour, int minute, int second)
        {
            if (!IsValid(year, month, day, hour, minute, second))
            {
                throw new System.ArgumentOutOfRangeException(nameof(day));
            }

            Year = (ushort)year;
            Month = (byte)month;
            Day = (byte)day;
            Hour = (byte)hour;
            Minute = (byte)minute;
            Second = (byte)second;
        }

        /// <summary>Year, 1..9999.</summary>
        public ushort Year { get; }

        /// <summary>Month, 1..12.</summary>
        public byte Month { get; }

        /// <summary>Day of the month, 1..31.</summary>
        public byte Day { get; }

        /// <summary>Hour, 0..23.</summary>
        public byte Hour { get; }

        /// <summary>Minute, 0..59.</summary>
        public byte Minute { get; }

        /// <summary>Second, 0..59.</summary>
        public byte Second { get; }

        /// <summary>Whether the fields name a real UTC time (years 1..9999; no leap seconds).</summary>
        public static bool IsValid(int year, int month, int day, int hour, int minute, int second)
        {
            return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month)
                && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
        }

        /// <summary>Days in <paramref name="month"/> of <paramref name="year"/> (Gregorian).</summary>
        public static int DaysInMonth(int year, int month)
        {
            if (month == 2)
            {
                return IsLeapYear(year) ? 29 : 28;
            }

            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }

        /// <summary>Whether <paramref name="year"/> is a Gregorian leap year.</summary>
        public static bool IsLeapYear(int year)
        {
            return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        }

        /// <summary>The time <paramref name="seconds"/> after 2000-01-01 00:00:00 UTC (ZigBee UTCTime, used by GBZ payloads).</summary>
        public static GbcsTimestamp FromSecondsSince2000(uint seconds)
        {
            uint days = seconds / SecondsPerDay;
            int secondOfDay = (int)(seconds % SecondsPerDay);
            int year = ZigBeeEpochYear;
            while (true)
            {
                uint daysInYear = IsLeapYear(year) ? 366u : 365u;
                if (days < daysInYear)
                {
                    break;
                }

                days -= daysInYear;
                year++;
            }

            int month = 1;
            while (days >= (uint)DaysInMonth(year, month))
            {
                days -= (uint)DaysInMonth(year, month);
                month++;
            }

            return new GbcsTimestamp(year, month, (int)days + 1, secondOfDay / 3600, (secondOfDay / 60) % 60, secondOfDay % 60);
        }

        /// <summary>
        /// Seconds since 2000-01-01 00:00:00 UTC. Returns false before 2000 or past the 32-bit range (2136-02-07).
        /// </summary>
        public bool TryGetSecondsSince2000(out uint seconds)
        {
            seconds = 0;
            if (Year < ZigBeeEpochYear)
            {
                return false;
            }

            ulong days = 0;
            for (int year = ZigBeeEpochYear; year < Year; year++)
            {
                days += IsLeapYear(year) ? 366u : 365u;
            }

            for (int month = 1; month < Month; month++)
            {
                days += (ulong)DaysInMonth(Year, month);
            }

            days += (ulong)(Day - 1);
            ulong total = (days * SecondsPerDay) + ((ulong)Hour * 3600) + ((ulong)Minute * 60) + Second;
            if (total > 0xFFFFFFFFUL)
            {
                return false;
            }

            seconds = (uint)total;
            return true;
        }

        /// <summary>Whether both name the same second.</summary>
        public bool Equals(GbcsTimestamp other)
        {
            return Year == other.Year && Month == other.Month && Day == other.Day && Hour == other.Hour
                && Minute == other.Minute && Second == other.Second;
        }

        /// <inheritdoc />
        public override bool Equals(object? obj)
        {
            return obj is GbcsTimestamp other && Equals(other);
        }

        /// <inheritdoc />
        public override int GetHashCode()
        {
            return (Year * 372 + Month * 31 + Day) ^ ((Hour * 3600 + Minute * 60 + Second) << 13);
        }

        /// <summary>ISO 8601, e.g. 2015-01-01T00:00:00Z.</summary>
        public override string ToString()
        {
            return Year.ToString("D4") + "-" + Month.ToString("D2") + "-" + Day.ToString("D2") + "T" + Hour.ToString("D2") + ":"
                + Minute.ToString("D2") + ":" + Second.ToString("D2") + "Z";
        }
    }
}
