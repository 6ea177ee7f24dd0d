using BenchmarkDotNet.Attributes;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Benchmarks.Zcl;

/// <summary>
/// The client's half of every block: one ZCL Image Block Request (both optional fields present, the longest form),
/// header included, encoded into and decoded from reused buffers. Goal: 0 bytes allocated per call.
/// </summary>
[MemoryDiagnoser]
public class ImageBlockRequestBenchmarks
{
    private readonly ByteWriter _writer = new();
    private readonly ByteReader _reader = new();
    private byte[] _output = [];
    private byte[] _encoded = [];
    private ZclHeader _header;
    private ImageBlockRequest _request;

    /// <summary>Prepares the reused output buffer and one encoded frame to decode.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _header = OtaCluster.HeaderFor(OtaCommandId.ImageBlockRequest, 0x01);
        _request = BenchmarkData.BlockRequest(0, ImageBlockResponse.MaxDataSize);
        _output = new byte[ZclHeader.MaxEncodedLength + _request.EncodedLength];
        _writer.Reset(_output, 0, _output.Length);
        _header.WriteTo(_writer);
        _request.WriteTo(_writer);
        _encoded = new byte[_writer.Written];
        Array.Copy(_output, _encoded, _encoded.Length);

        if (Decode() != ImageBlockResponse.MaxDataSize)
        {
            throw new InvalidOperationException("ImageBlockRequestBenchmarks: the prepared frame does not decode");
        }
    }

    /// <summary>Advances the file offset by one block and writes header and request.</summary>
    [Benchmark]
    public int Encode()
    {
        _header.TransactionSequenceNumber++;
        _request.FileOffset += ImageBlockResponse.MaxDataSize;
        _writer.Reset(_output, 0, _output.Length);
        _header.WriteTo(_writer);
        _request.WriteTo(_writer);
        return _writer.Written;
    }

    /// <summary>Decodes header and request.</summary>
    [Benchmark]
    public int Decode()
    {
        _reader.Reset(_encoded, 0, _encoded.Length);
        if (ZclHeader.TryDecode(_reader, out ZclHeader header) != ZclDecodeStatus.Ok
            || header.CommandId != (byte)OtaCommandId.ImageBlockRequest
            || ImageBlockRequest.TryDecode(_reader, out ImageBlockRequest request) != ZclDecodeStatus.Ok)
        {
            return -1;
        }

        return request.MaximumDataSize;
    }
}
