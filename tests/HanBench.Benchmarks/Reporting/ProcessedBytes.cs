using BenchmarkDotNet.Running;
using HanBench.Benchmarks.Han;
using HanBench.Benchmarks.Integrity;

namespace HanBench.Benchmarks.Reporting;

/// <summary>
/// How many bytes one operation of a benchmark processes, for the throughput column and the headline figures. One
/// place that knows every benchmark, rather than a convention spread over the classes.
/// </summary>
public static class ProcessedBytes
{
    /// <summary>Bytes one operation of <paramref name="benchmark"/> processes, or null where a rate means nothing.</summary>
    public static long? PerOperation(BenchmarkCase benchmark)
    {
        Type type = benchmark.Descriptor.Type;
        if (type == typeof(Sha256Benchmarks) || type == typeof(Crc32Benchmarks))
        {
            return IntParameter(benchmark, nameof(Sha256Benchmarks.Length));
        }

        if (type == typeof(StreamDeframerBenchmarks))
        {
            return StreamDeframerBenchmarks.StreamLength(IntParameter(benchmark, nameof(StreamDeframerBenchmarks.BlockSize)));
        }

        if (type == typeof(StreamFramerBenchmarks))
        {
            return StreamFramerBenchmarks.FrameLength(IntParameter(benchmark, nameof(StreamFramerBenchmarks.BlockSize)));
        }

        return null;
    }

    /// <summary>The value of the int parameter <paramref name="name"/> of <paramref name="benchmark"/>.</summary>
    public static int IntParameter(BenchmarkCase benchmark, string name) => (int)benchmark.Parameters[name];

    /// <summary>Throughput in MB/s (10^6 bytes per second) of <paramref name="bytes"/> processed in <paramref name="nanoseconds"/>.</summary>
    public static double MegabytesPerSecond(long bytes, double nanoseconds) => bytes / nanoseconds * 1_000.0;
}
