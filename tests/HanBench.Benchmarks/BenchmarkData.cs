using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Zcl;

namespace HanBench.Benchmarks;

/// <summary>
/// Inputs the benchmarks share, made the same way on every run so a figure measured today compares with one measured
/// next month: a seeded pseudo-random "image" and the ZCL Image Block Response frames cut from it.
/// </summary>
public static class BenchmarkData
{
    /// <summary>Seed of the image bytes; fixed so every run encodes and hashes the same data.</summary>
    public const ulong ImageSeed = 0x48616E42656E6368UL;

    /// <summary>Image length: the 768,000-byte ceiling a Base64 service request can carry (<c>Base64Size</c>).</summary>
    public const int ImageLength = 768_000;

    /// <summary>Manufacturer code written into every benchmark frame (any fixed value does).</summary>
    public const ushort ManufacturerCode = 0x1234;

    /// <summary>Image type written into every benchmark frame.</summary>
    public const ushort ImageType = 0x0101;

    /// <summary>File version written into every benchmark frame.</summary>
    public const uint FileVersion = 0x01020304;

    /// <summary>EUI-64 of the sending node in HAN frames.</summary>
    public const ulong ServerEui = 0x00DB123456789001UL;

    /// <summary>EUI-64 of the receiving node in HAN frames.</summary>
    public const ulong ClientEui = 0x00DB1234567890A4UL;

    /// <summary>
    /// <paramref name="length"/> bytes from xorshift64* seeded with <see cref="ImageSeed"/>: incompressible data with the
    /// odd zero byte, so COBS does the work a real image makes it do.
    /// </summary>
    public static byte[] Image(int length)
    {
        byte[] image = new byte[length];
        ulong state = ImageSeed;
        for (int i = 0; i < length; i++)
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            image[i] = (byte)((state * 0x2545F4914F6CDD1DUL) >> 56);
        }

        return image;
    }

    /// <summary>An Image Block Response (SUCCESS) for the block of <paramref name="blockSize"/> bytes at <paramref name="fileOffset"/>.</summary>
    public static ImageBlockResponse BlockResponse(byte[] image, int fileOffset, int blockSize)
    {
        ImageBlockResponse response = default;
        response.Status = OtaStatus.Success;
        response.ManufacturerCode = ManufacturerCode;
        response.ImageType = ImageType;
        response.FileVersion = FileVersion;
        response.FileOffset = (uint)fileOffset;
        response.SetData(image, fileOffset, blockSize);
        return response;
    }

    /// <summary>An Image Block Request for <paramref name="maximumDataSize"/> bytes at <paramref name="fileOffset"/>, with both optional fields.</summary>
    public static ImageBlockRequest BlockRequest(int fileOffset, byte maximumDataSize)
    {
        ImageBlockRequest request = default;
        request.FieldControl = ImageBlockRequest.FieldControlRequestNodeAddressPresent | ImageBlockRequest.FieldControlMinimumBlockPeriodPresent;
        request.ManufacturerCode = ManufacturerCode;
        request.ImageType = ImageType;
        request.FileVersion = FileVersion;
        request.FileOffset = (uint)fileOffset;
        request.MaximumDataSize = maximumDataSize;
        request.RequestNodeAddress = ClientEui;
        request.MinimumBlockPeriod = 0;
        return request;
    }

    /// <summary>The whole ZCL frame (header and payload) of <paramref name="response"/>, as a new array.</summary>
    public static byte[] EncodeZcl(ZclHeader header, ImageBlockResponse response)
    {
        byte[] buffer = new byte[header.EncodedLength + response.EncodedLength];
        var writer = new ByteWriter(buffer);
        header.WriteTo(writer);
        response.WriteTo(writer);
        return buffer;
    }

    /// <summary>
    /// A HAN frame carrying the ZCL Image Block Response for block <paramref name="blockIndex"/> of
    /// <paramref name="image"/> (blocks of <paramref name="blockSize"/> bytes, wrapping at the image's end). The
    /// frame's payload is a new array.
    /// </summary>
    public static HanFrame BlockFrame(byte[] image, int blockSize, int blockIndex)
    {
        int blocks = image.Length / blockSize;
        int fileOffset = (blockIndex % blocks) * blockSize;
        ZclHeader header = OtaCluster.HeaderFor(OtaCommandId.ImageBlockResponse, (byte)blockIndex);
        byte[] zcl = EncodeZcl(header, BlockResponse(image, fileOffset, blockSize));
        var frame = new HanFrame
        {
            Kind = HanFrameKind.Zcl,
            Sequence = (byte)blockIndex,
            Source = ServerEui,
            Destination = ClientEui,
            ClusterId = OtaCluster.ClusterId,
        };
        frame.SetPayload(zcl, 0, zcl.Length);
        return frame;
    }
}
