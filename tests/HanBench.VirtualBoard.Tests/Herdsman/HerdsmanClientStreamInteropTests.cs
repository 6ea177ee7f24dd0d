using System.Globalization;
using System.Text.Json.Nodes;
using HanBench.Bench.Ota;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.VirtualBoard.Tests.Herdsman;

/// <summary>
/// Issue 16, the reverse direction: the client→server stream a herdsman-style client sends (Query Next Image Request,
/// two Image Block Requests, an Image Page Request of 64-byte blocks 20 ms apart, Upgrade End Request), each frame built
/// by zigbee-herdsman's own ZCL codec at test time (<c>ota-interop.js requests</c>), against HanBench's OTA server (the
/// Comms Hub's toward the HAN) under virtual time. Each request is answered with its own sequence number, within its
/// maximumDataSize and at its spacing; a copy of the page request sent while it is served adds nothing, and no block goes
/// out twice.
/// </summary>
[TestClass]
[TestCategory("Interop")]
public sealed class HerdsmanClientStreamInteropTests
{
    private const ulong Client = 0x00DB_0000_0000_16C1UL;
    private const ushort Manufacturer = 0x1DB0;
    private const ushort ImageType = 0x0200;
    private const uint Version = 0x00020000;
    private const int ImageLength = 1000;

    [TestMethod]
    public async Task HerdsmanBuiltRequests_HubServer_ServesEachAsAskedOnce()
    {
        await using HerdsmanAdapter adapter = HerdsmanAdapter.Start(
            "requests", "--device", Client.ToString("X16", CultureInfo.InvariantCulture), "--hub", "00DB000000000001",
            "--manufacturer", Text(Manufacturer), "--image-type", Text(ImageType), "--version", Text(Version), "--size", Text(ImageLength));
        await adapter.WaitForAsync("done", TimeSpan.FromSeconds(60));
        List<byte[]> frames = [.. adapter.Records.Where(r => r["hex"] is not null).Select(r => Bytes((string)r["hex"]!))];
        Assert.HasCount(5, frames, adapter.Output);

        byte[] image = new byte[ImageLength];
        new Random(16).NextBytes(image);
        var source = new ArrayOtaImageSource();
        source.Add("img", image);
        var sent = new List<(byte[] Bytes, long AtMs)>();
        long now = 0;
        var server = new OtaServer(new Recorder(sent, () => now), source, new OtaServerSettings(), 4, 2);
        server.AddImage(new OtaServerImage("img", Manufacturer, ImageType, Version, ImageLength));

        // Query Next Image: the image is offered.
        Assert.IsTrue(server.OnZcl(Client, frames[0], 0, frames[0].Length, now));
        var offer = (QueryNextImageResponse)Decode(sent.Single().Bytes, out ZclHeader header);
        Assert.AreEqual(frames[0][1], header.TransactionSequenceNumber);
        Assert.AreEqual(OtaStatus.Success, offer.Status);
        Assert.AreEqual((uint)ImageLength, offer.ImageSize);

        // Two Image Block Requests of 50 bytes: one block each, with the request's own sequence number.
        sent.Clear();
        for (int i = 1; i <= 2; i++)
        {
            now += 10;
            Assert.IsTrue(server.OnZcl(Client, frames[i], 0, frames[i].Length, now));
        }

        Assert.HasCount(2, sent);
        for (int i = 0; i < 2; i++)
        {
            var block = (ImageBlockResponse)Decode(sent[i].Bytes, out header);
            Assert.AreEqual(frames[i + 1][1], header.TransactionSequenceNumber);
            AssertBlock(image, block, (uint)(i * 50), 50);
        }

        // The Image Page Request: 900 bytes from 100 in blocks of at most 64, 20 ms apart, each once, though a copy of
        // the request arrives while the page is served (a client's retransmission).
        sent.Clear();
        var page = (ImagePageRequest)Decode(frames[3], out ZclHeader pageHeader);
        long pageStart = now = 1000;
        Assert.IsTrue(server.OnZcl(Client, frames[3], 0, frames[3].Length, now));
        for (now = pageStart; now <= pageStart + 2000; now += 5)
        {
            if (now == pageStart + 100)
            {
                Assert.IsTrue(server.OnZcl(Client, frames[3], 0, frames[3].Length, now));
            }

            server.Tick(now);
        }

        uint offset = page.FileOffset;
        for (int i = 0; i < sent.Count; i++)
        {
            var block = (ImageBlockResponse)Decode(sent[i].Bytes, out header);
            Assert.AreEqual(pageHeader.TransactionSequenceNumber, header.TransactionSequenceNumber, "block " + i);
            int size = (int)Math.Min(page.MaximumDataSize, ImageLength - offset);
            AssertBlock(image, block, offset, size);
            Assert.AreEqual(pageStart + (i * page.ResponseSpacing), sent[i].AtMs, "block " + i + " at the page's spacing");
            offset += block.DataSize;
        }

        Assert.AreEqual((uint)ImageLength, offset, "the page served to its end, each block once");
        Assert.AreEqual(1L, server.PageRequestCopiesIgnored);

        // Upgrade End Request: answered with its own sequence number.
        sent.Clear();
        Assert.IsTrue(server.OnZcl(Client, frames[4], 0, frames[4].Length, now));
        var end = (UpgradeEndResponse)Decode(sent.Single().Bytes, out header);
        Assert.AreEqual(frames[4][1], header.TransactionSequenceNumber);
        Assert.AreEqual(Version, end.FileVersion);
    }

    private static void AssertBlock(byte[] image, ImageBlockResponse block, uint offset, int size)
    {
        Assert.AreEqual(OtaStatus.Success, block.Status);
        Assert.AreEqual(offset, block.FileOffset);
        Assert.AreEqual(size, (int)block.DataSize);
        CollectionAssert.AreEqual(image.AsSpan((int)offset, size).ToArray(), block.DataBuffer.AsSpan(block.DataOffset, size).ToArray());
    }

    private static IOtaCommand Decode(byte[] frame, out ZclHeader header)
    {
        Assert.AreEqual(ZclDecodeStatus.Ok, OtaCommandDecoder.TryDecode(new ByteReader(frame, 0, frame.Length), out header, out IOtaCommand? command));
        return command!;
    }

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex);

    private static string Text(uint value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Recorder(List<(byte[] Bytes, long AtMs)> sent, Func<long> now) : IZclFrameSender
    {
        public bool Send(ulong destination, byte[] buffer, int offset, int count)
        {
            Assert.AreEqual(Client, destination);
            sent.Add((buffer.AsSpan(offset, count).ToArray(), now()));
            return true;
        }
    }
}
