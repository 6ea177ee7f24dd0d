using System;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Ms = Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HanBench.Protocol.Tests.Zcl;

/// <summary>
/// Desktop-only: the per-block codec paths (Image Block Request in, Image Block Response out, and back) must
/// allocate nothing with a reused reader and writer (docs/PLATFORM.md: allocate nothing per block). .NET counts a
/// thread's allocations exactly; nanoFramework cannot, so this check lives here and not in the shared tests.
/// </summary>
[TestClass]
public sealed class ZclAllocationTests
{
    private const int Iterations = 10_000;

    [TestMethod]
    public void ImageBlockRequestAndResponse_EncodeDecodeWithReusedReaderWriter_AllocateZeroBytes()
    {
        byte[] image = new byte[4096];
        new Random(7).NextBytes(image);
        byte[] requestFrame = new byte[64];
        byte[] responseFrame = new byte[ZclHeader.MinEncodedLength + ImageBlockResponse.SuccessFixedLength + ImageBlockResponse.MaxDataSize];
        var reader = new ByteReader();
        var writer = new ByteWriter();

        // Warm up so the JIT and tiering have done their work before counting.
        long checksum = RunTransfer(image, requestFrame, responseFrame, reader, writer, Iterations);

        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += RunTransfer(image, requestFrame, responseFrame, reader, writer, Iterations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Console.WriteLine($"ZCL OTA block codec: {allocated} bytes allocated over {Iterations} request+response encode/decode rounds (checksum {checksum})");
        Ms.Assert.AreEqual(0L, allocated);
        Ms.Assert.AreNotEqual(0L, checksum);
    }

    /// <summary>
    /// One simulated block exchange per iteration: the client encodes a request, the server decodes it, encodes a
    /// response whose data is a view into the image, and the client decodes the response.
    /// </summary>
    private static long RunTransfer(byte[] image, byte[] requestFrame, byte[] responseFrame, ByteReader reader, ByteWriter writer, int iterations)
    {
        long checksum = 0;
        for (int i = 0; i < iterations; i++)
        {
            uint offset = (uint)((i * 63) % (image.Length - 255));

            ImageBlockRequest request = default;
            request.FieldControl = ImageBlockRequest.FieldControlRequestNodeAddressPresent | ImageBlockRequest.FieldControlMinimumBlockPeriodPresent;
            request.ManufacturerCode = 0x1002;
            request.ImageType = 0x0201;
            request.FileVersion = 0x20260301;
            request.FileOffset = offset;
            request.MaximumDataSize = (byte)(63 + (i & 0x7F));
            request.RequestNodeAddress = 0x0011223344556677UL;
            request.MinimumBlockPeriod = 10;
            writer.Reset(requestFrame, 0, requestFrame.Length);
            OtaCluster.HeaderFor(OtaCommandId.ImageBlockRequest, (byte)i).WriteTo(writer);
            request.WriteTo(writer);

            reader.Reset(requestFrame, 0, writer.Written);
            if (ZclHeader.TryDecode(reader, out ZclHeader requestHeader) != ZclDecodeStatus.Ok
                || ImageBlockRequest.TryDecode(reader, out ImageBlockRequest received) != ZclDecodeStatus.Ok)
            {
                throw new InvalidOperationException("request did not decode");
            }

            ImageBlockResponse response = default;
            response.Status = OtaStatus.Success;
            response.ManufacturerCode = received.ManufacturerCode;
            response.ImageType = received.ImageType;
            response.FileVersion = received.FileVersion;
            response.FileOffset = received.FileOffset;
            response.SetData(image, (int)received.FileOffset, received.MaximumDataSize);
            writer.Reset(responseFrame, 0, responseFrame.Length);
            OtaCluster.HeaderFor(OtaCommandId.ImageBlockResponse, requestHeader.TransactionSequenceNumber).WriteTo(writer);
            response.WriteTo(writer);

            reader.Reset(responseFrame, 0, writer.Written);
            if (ZclHeader.TryDecode(reader, out ZclHeader _) != ZclDecodeStatus.Ok
                || ImageBlockResponse.TryDecode(reader, out ImageBlockResponse block) != ZclDecodeStatus.Ok)
            {
                throw new InvalidOperationException("response did not decode");
            }

            checksum += block.DataSize + block.DataBuffer[block.DataOffset] + block.FileOffset;
        }

        return checksum;
    }
}
