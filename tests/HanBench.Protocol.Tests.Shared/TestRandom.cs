namespace HanBench.Protocol.Tests
{
    /// <summary>
    /// A seeded xorshift64* generator, identical on nanoFramework and .NET, so a failing random test can be
    /// replayed anywhere from the seed it prints. (System.Random's sequence is not specified across runtimes.)
    /// </summary>
    public sealed class TestRandom
    {
        private ulong _state;

        /// <summary>Starts the sequence for <paramref name="seed"/>.</summary>
        public TestRandom(ulong seed)
        {
            Seed = seed;
            _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;
        }

        /// <summary>The seed this sequence started from; print it when a test fails.</summary>
        public ulong Seed { get; }

        /// <summary>The next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            return _state * 0x2545F4914F6CDD1DUL;
        }

        /// <summary>A value in [0, <paramref name="maxExclusive"/>).</summary>
        public int Next(int maxExclusive)
        {
            if (maxExclusive <= 0)
            {
                return 0;
            }

            return (int)((NextUInt64() >> 33) % (ulong)maxExclusive);
        }

        /// <summary>Fills <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public void NextBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = (byte)(NextUInt64() >> 56);
            }
        }

        /// <summary>A new array of <paramref name="count"/> random bytes.</summary>
        public byte[] NextBytes(int count)
        {
            byte[] result = new byte[count];
            NextBytes(result, 0, count);
            return result;
        }
    }
}
