namespace HanBench.Firmware.Tests
{
    /// <summary>
    /// Seeded xorshift64* (Vigna, "An experimental exploration of Marsaglia's xorshift generators", 2016) for repeatable
    /// random tests; the same sequence on .NET and nanoFramework. Print the seed in every failure message.
    /// </summary>
    public sealed class FirmwareTestRandom
    {
        private const ulong Multiplier = 0x2545F4914F6CDD1DUL;

        private ulong _state;

        /// <summary>Starts the sequence of <paramref name="seed"/> (0 is replaced, xorshift needs a non-zero state).</summary>
        public FirmwareTestRandom(ulong seed)
        {
            _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;
        }

        /// <summary>The next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            return _state * Multiplier;
        }

        /// <summary>A number in [0, <paramref name="max"/>).</summary>
        public int Next(int max)
        {
            return (int)(NextUInt64() % (ulong)max);
        }
    }
}
