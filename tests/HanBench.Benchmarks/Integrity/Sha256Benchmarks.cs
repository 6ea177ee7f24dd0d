using BenchmarkDotNet.Attributes;
using HanBench.Protocol.Integrity;

namespace HanBench.Benchmarks.Integrity;

/// <summary>
/// The portable <see cref="Sha256"/> (what the boards run to check an image) against .NET's
/// <see cref="System.Security.Cryptography.SHA256"/> (the platform's, hardware-accelerated where the CPU has SHA
/// extensions) over one ZigBee-sized block, a 4 KB page and a whole 768,000-byte image. .NET's is the baseline, so
/// the Ratio column is portable time over .NET time.
/// </summary>
[MemoryDiagnoser]
public class Sha256Benchmarks
{
    private readonly Sha256 _portable = new();
    private readonly byte[] _hash = new byte[Sha256.HashLength];
    private byte[] _message = [];

    /// <summary>Message length in bytes.</summary>
    [Params(64, 4_096, 65_536, BenchmarkData.ImageLength)]
    public int Length { get; set; }

    /// <summary>Prepares the message and checks both implementations agree on it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _message = BenchmarkData.Image(Length);
        Portable();
        byte[] portable = (byte[])_hash.Clone();
        DotNet();
        if (!portable.AsSpan().SequenceEqual(_hash))
        {
            throw new InvalidOperationException($"Sha256Benchmarks: the portable and .NET digests of {Length} bytes differ");
        }
    }

    /// <summary>.NET's one-shot SHA-256 into a reused digest buffer.</summary>
    [Benchmark(Baseline = true)]
    public int DotNet() => System.Security.Cryptography.SHA256.HashData(_message, _hash);

    /// <summary>The portable SHA-256 with a reused instance and digest buffer: Reset, Append, GetHash.</summary>
    [Benchmark]
    public int Portable()
    {
        _portable.Reset();
        _portable.Append(_message, 0, _message.Length);
        _portable.GetHash(_hash, 0);
        return _hash[0];
    }
}
