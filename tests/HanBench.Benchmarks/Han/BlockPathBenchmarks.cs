using BenchmarkDotNet.Attributes;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Zcl;

namespace HanBench.Benchmarks.Han;

/// <summary>
/// One 255-byte Image Block Response the whole way a board handles it (issue 10's second workload): ZCL encode into a
/// reused buffer, HAN frame, <see cref="StreamFramer.Encode"/> (CRC-32, COBS, delimiter), <see cref="StreamDeframer.Feed"/>
/// (COBS decode in place, CRC check, frame decode) and the ZCL decode of the received payload. Nothing is allocated.
/// </summary>
[MemoryDiagnoser]
public class BlockPathBenchmarks
{
    private const int BlockSize = ImageBlockResponse.MaxDataSize;

    private readonly byte[] _image = BenchmarkData.Image(BenchmarkData.ImageLength);
    private readonly byte[] _zcl = new byte[HanFrame.MaxPayloadLength];
    private readonly byte[] _wire = new byte[StreamFramer.MaxEncodedLength];
    private readonly ByteWriter _writer = new();
    private readonly ByteReader _reader = new();
    private readonly HanFrame _frame = new();
    private readonly StreamFramer _framer = new();
    private readonly StreamDeframer _deframer = new();
    private int _block;

    /// <summary>Checks one round trip gives the block back.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (RoundTrip() != BlockSize)
        {
            throw new InvalidOperationException("BlockPathBenchmarks: the block did not come back through the path");
        }
    }

    /// <summary>Encode, frame, deframe and decode the next block; returns the decoded block's size.</summary>
    [Benchmark]
    public int RoundTrip()
    {
        int fileOffset = (_block++ % (_image.Length / BlockSize)) * BlockSize;
        ZclHeader header = OtaCluster.HeaderFor(OtaCommandId.ImageBlockResponse, (byte)_block);
        ImageBlockResponse response = BenchmarkData.BlockResponse(_image, fileOffset, BlockSize);
        _writer.Reset(_zcl, 0, _zcl.Length);
        header.WriteTo(_writer);
        response.WriteTo(_writer);

        _frame.Kind = HanFrameKind.Zcl;
        _frame.Sequence = (byte)_block;
        _frame.Source = BenchmarkData.ServerEui;
        _frame.Destination = BenchmarkData.ClientEui;
        _frame.ClusterId = OtaCluster.ClusterId;
        _frame.SetPayload(_zcl, 0, _writer.Written);
        int wireLength = _framer.Encode(_frame, _wire, 0);

        _deframer.Feed(_wire, 0, wireLength);
        HanFrame received = _deframer.Frame;
        _reader.Reset(received.Payload, received.PayloadOffset, received.PayloadLength);
        if (ZclHeader.TryDecode(_reader, out _) != ZclDecodeStatus.Ok
            || ImageBlockResponse.TryDecode(_reader, out ImageBlockResponse decoded) != ZclDecodeStatus.Ok)
        {
            return -1;
        }

        return decoded.DataSize;
    }
}
