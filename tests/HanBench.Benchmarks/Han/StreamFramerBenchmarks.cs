using BenchmarkDotNet.Attributes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Zcl;

namespace HanBench.Benchmarks.Han;

/// <summary>
/// Send side of a stream link: <see cref="StreamFramer.Encode"/> of one HAN frame carrying a ZCL Image Block Response
/// (header write, CRC-32, COBS, delimiter) into a reused buffer. The throughput column counts the frame's bytes
/// (<see cref="HanFrame.EncodedLength"/>) per operation.
/// </summary>
[MemoryDiagnoser]
public class StreamFramerBenchmarks
{
    private readonly StreamFramer _framer = new();
    private readonly byte[] _wire = new byte[StreamFramer.MaxEncodedLength];
    private HanFrame _frame = new();

    /// <summary>Image bytes in the frame's block.</summary>
    [Params(64, ImageBlockResponse.MaxDataSize)]
    public int BlockSize { get; set; }

    /// <summary>The HAN frame one operation encodes for <paramref name="blockSize"/>.</summary>
    public static HanFrame FrameFor(int blockSize) => BenchmarkData.BlockFrame(BenchmarkData.Image(BenchmarkData.ImageLength), blockSize, 0);

    /// <summary>Frame bytes one operation encodes for <paramref name="blockSize"/>.</summary>
    public static long FrameLength(int blockSize) => FrameFor(blockSize).EncodedLength;

    /// <summary>Prepares the frame.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _frame = FrameFor(BlockSize);
    }

    /// <summary>Encodes the frame for the wire.</summary>
    [Benchmark]
    public int Encode()
    {
        _frame.Sequence++;
        return _framer.Encode(_frame, _wire, 0);
    }
}
