namespace HanBench.Bench;

/// <summary>
/// The bench's own seeded generator (xorshift64* seeded through SplitMix64), so a run replays bit for bit from its seed
/// on any runtime; System.Random's sequence is not specified across .NET versions. Print or record <see cref="Seed"/>.
/// </summary>
public sealed class BenchRandom
{
    private ulong _state;

    /// <summary>Starts the sequence for <paramref name="seed"/>.</summary>
    public BenchRandom(ulong seed)
    {
        Seed = seed;
        ulong mixed = SplitMix64(seed);
        _state = mixed == 0 ? 0x9E3779B97F4A7C15UL : mixed;
    }

    /// <summary>The seed this sequence started from.</summary>
    public ulong Seed { get; }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>A value in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A value in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 0 ? 0 : (int)((NextUInt64() >> 33) % (ulong)maxExclusive);

    /// <summary>Derives an independent seed for a sub-stream (one per hop), so adding a hop does not disturb the others.</summary>
    public static ulong Derive(ulong seed, ulong stream) => SplitMix64(seed ^ SplitMix64(stream + 0x632BE59BD9B4E019UL));

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
