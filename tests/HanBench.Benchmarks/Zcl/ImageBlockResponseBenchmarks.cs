using BenchmarkDotNet.Attributes;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Benchmarks.Zcl;

/// <summary>
/// One ZCL Image Block Response, header included, encoded into and decoded from buffers that are reused across calls,
/// the way the image server and the client engine handle every block. Goal (issue [A] §4 and docs/PLATFORM.md): 0 bytes
/// allocated per call.
/// </summary>
[MemoryDiagnoser]
public class ImageBlockResponseBenchmarks
{
    private readonly ByteWriter _writer = new();
    private readonly ByteReader _reader = new();
    private byte[] _image = [];
    private byte[] _output = [];
    private byte[] _encoded = [];
    private ZclHeader _header;
    private ImageBlockResponse _response;
    private int _fileOffset;

    /// <summary>Data bytes per block: a small block and the largest the one-byte dataSize field allows.</summary>
    [Params(64, ImageBlockResponse.MaxDataSize)]
    public int BlockSize { get; set; }

    /// <summary>Prepares the image, the reused output buffer and one encoded frame to decode.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _image = BenchmarkData.Image(BenchmarkData.ImageLength);
        _header = OtaCluster.HeaderFor(OtaCommandId.ImageBlockResponse, 0x01);
        _response = BenchmarkData.BlockResponse(_image, 0, BlockSize);
        _output = new byte[ZclHeader.MaxEncodedLength + ImageBlockResponse.SuccessFixedLength + ImageBlockResponse.MaxDataSize];
        _encoded = BenchmarkData.EncodeZcl(_header, _response);
        _fileOffset = 0;

        // A figure for a decode that fails early would say nothing about the real path.
        if (Decode() != BlockSize)
        {
            throw new InvalidOperationException("ImageBlockResponseBenchmarks: the prepared frame does not decode");
        }
    }

    /// <summary>Points the response at the next block of the image and writes header and response.</summary>
    [Benchmark]
    public int Encode()
    {
        _fileOffset += BlockSize;
        if (_fileOffset > _image.Length - BlockSize)
        {
            _fileOffset = 0;
        }

        _header.TransactionSequenceNumber++;
        _response.FileOffset = (uint)_fileOffset;
        _response.SetData(_image, _fileOffset, BlockSize);
        _writer.Reset(_output, 0, _output.Length);
        _header.WriteTo(_writer);
        _response.WriteTo(_writer);
        return _writer.Written;
    }

    /// <summary>Decodes header and response; the data stays a view into the frame buffer.</summary>
    [Benchmark]
    public int Decode()
    {
        _reader.Reset(_encoded, 0, _encoded.Length);
        if (ZclHeader.TryDecode(_reader, out ZclHeader header) != ZclDecodeStatus.Ok
            || header.CommandId != (byte)OtaCommandId.ImageBlockResponse
            || ImageBlockResponse.TryDecode(_reader, out ImageBlockResponse response) != ZclDecodeStatus.Ok)
        {
            return -1;
        }

        return response.DataSize;
    }
}
