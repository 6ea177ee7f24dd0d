using BenchmarkDotNet.Attributes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Zcl;

namespace HanBench.Benchmarks.Han;

/// <summary>
/// Receive side of a stream link: <see cref="StreamDeframer.Feed"/> over a prepared stream of
/// <see cref="FrameCount"/> framed HAN frames, each carrying one ZCL Image Block Response, as a host or a board reads
/// them off a UART, pty or TCP socket during an image transfer. One operation is the whole stream, so the throughput
/// column (MB/s, 10^6 bytes per second of wire bytes) is <see cref="StreamLength"/> over the mean time.
/// </summary>
[MemoryDiagnoser]
public class StreamDeframerBenchmarks
{
    /// <summary>Frames in the prepared stream.</summary>
    public const int FrameCount = 1_000;

    /// <summary>Bytes per read in <see cref="FeedInSerialReads"/>: a typical USB CDC / UART driver read (HanBench choice).</summary>
    public const int SerialReadLength = 64;

    private static readonly Dictionary<int, byte[]> Streams = [];

    private readonly StreamDeframer _deframer = new();
    private byte[] _stream = [];

    /// <summary>Image bytes per frame's block.</summary>
    [Params(64, ImageBlockResponse.MaxDataSize)]
    public int BlockSize { get; set; }

    /// <summary>
    /// The wire bytes of <see cref="FrameCount"/> frames with blocks of <paramref name="blockSize"/> bytes: what one
    /// operation feeds. The same array on every call for a block size.
    /// </summary>
    public static byte[] StreamFor(int blockSize)
    {
        lock (Streams)
        {
            if (!Streams.TryGetValue(blockSize, out byte[]? stream))
            {
                stream = BuildStream(blockSize);
                Streams[blockSize] = stream;
            }

            return stream;
        }
    }

    /// <summary>Bytes one operation feeds for <paramref name="blockSize"/>.</summary>
    public static long StreamLength(int blockSize) => StreamFor(blockSize).Length;

    /// <summary>Takes the prepared stream and checks that the deframer gets every frame out of it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _stream = StreamFor(BlockSize);
        _deframer.Reset();
        _deframer.ClearCounters();
        int whole = Feed();
        int chunked = FeedInSerialReads();
        if (whole != FrameCount || chunked != FrameCount || _deframer.FramesDropped != 0)
        {
            throw new InvalidOperationException(
                $"StreamDeframerBenchmarks: {whole} and {chunked} of {FrameCount} frames came out, {_deframer.FramesDropped} dropped");
        }
    }

    /// <summary>The whole stream in one buffer: the loop the <see cref="StreamDeframer"/> documentation shows.</summary>
    [Benchmark]
    public int Feed()
    {
        byte[] stream = _stream;
        int frames = 0;
        int offset = 0;
        while (offset < stream.Length)
        {
            offset += _deframer.Feed(stream, offset, stream.Length - offset);
            if (_deframer.FrameReady)
            {
                frames++;
            }
        }

        return frames;
    }

    /// <summary>The same stream as reads of <see cref="SerialReadLength"/> bytes, so frames straddle reads.</summary>
    [Benchmark]
    public int FeedInSerialReads()
    {
        byte[] stream = _stream;
        int frames = 0;
        for (int read = 0; read < stream.Length; read += SerialReadLength)
        {
            int end = Math.Min(read + SerialReadLength, stream.Length);
            int offset = read;
            while (offset < end)
            {
                offset += _deframer.Feed(stream, offset, end - offset);
                if (_deframer.FrameReady)
                {
                    frames++;
                }
            }
        }

        return frames;
    }

    private static byte[] BuildStream(int blockSize)
    {
        byte[] image = BenchmarkData.Image(BenchmarkData.ImageLength);
        var framer = new StreamFramer();
        using var stream = new MemoryStream();
        byte[] wire = new byte[StreamFramer.MaxEncodedLength];
        for (int i = 0; i < FrameCount; i++)
        {
            HanFrame frame = BenchmarkData.BlockFrame(image, blockSize, i);
            int length = framer.Encode(frame, wire, 0);
            stream.Write(wire, 0, length);
        }

        return stream.ToArray();
    }
}
