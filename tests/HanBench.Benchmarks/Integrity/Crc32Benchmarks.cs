using BenchmarkDotNet.Attributes;
using HanBench.Protocol.Integrity;

namespace HanBench.Benchmarks.Integrity;

/// <summary>
/// The portable table-driven CRC-32 that every stream-link frame carries (<c>StreamFramer</c>), over a frame-sized
/// buffer and a 4 KB one. The throughput column counts <see cref="Length"/> bytes per operation.
/// </summary>
[MemoryDiagnoser]
public class Crc32Benchmarks
{
    private byte[] _data = [];

    /// <summary>Bytes checked per operation: one HAN frame with a 255-byte block (20 + 3 + 14 + 255) and a 4 KB page.</summary>
    [Params(292, 4_096)]
    public int Length { get; set; }

    /// <summary>Prepares the data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkData.Image(Length);
    }

    /// <summary>One CRC over the whole buffer.</summary>
    [Benchmark]
    public uint Compute() => Crc32.Compute(_data, 0, _data.Length);
}
