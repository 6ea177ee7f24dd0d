using System.Text.Json.Nodes;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Conformance.Tests;

/// <summary>
/// Issue 16, the reverse direction: HanBench's OTA server (the Comms Hub's toward the HAN) fed the client→server frames
/// zigbee-herdsman 11.1.1 encoded (zcl-ota/zcl-ota-frames.json) as one download: two Image Block Requests (the second
/// with requestNodeAddress and minimumBlockPeriod), an Image Page Request (48-byte blocks, 256-byte page, 100 ms spacing)
/// retransmitted while served, and an Upgrade End Request. Each is answered with its own sequence number, within its
/// maximumDataSize and at its spacing, and no block of one request goes out twice.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class HerdsmanClientStreamConformanceTests
{
    private const ulong Client = 0x00DB1234567890A1UL;

    [TestMethod]
    public void HerdsmanRequestStream_ServedAsAskedEachBlockOnce()
    {
        byte[] blockBasic = Frame("imageBlockRequest_basic");
        byte[] blockWithAddress = Frame("imageBlockRequest_ieee_minPeriod");
        byte[] page = Frame("imagePageRequest");
        byte[] end = Frame("upgradeEndRequest_success");
        var request = (ImagePageRequest)Decode(page, out ZclHeader pageHeader);

        var image = new byte[1000];
        new Random(16).NextBytes(image);
        var sender = new TimedSender();
        var server = new OtaServer(sender, new ArraySource(image), new OtaServerSettings(), 4, 2);
        server.AddImage(new OtaServerImage("img", request.ManufacturerCode, request.ImageType, request.FileVersion, (uint)image.Length));

        Deliver(server, sender, blockBasic, 0);
        Deliver(server, sender, blockWithAddress, 10);
        Assert.HasCount(2, sender.Frames);
        for (int i = 0; i < 2; i++)
        {
            var block = (ImageBlockResponse)Decode(sender.Frames[i].Bytes, out ZclHeader header);
            Assert.AreEqual(i == 0 ? blockBasic[1] : blockWithAddress[1], header.TransactionSequenceNumber);
            AssertBlock(image, block, 48u, 48);
        }

        sender.Frames.Clear();
        Deliver(server, sender, page, 1000);
        for (long t = 1050; t <= 3000; t += 50)
        {
            if (t == 1150)
            {
                Deliver(server, sender, page, t);
            }

            sender.Now = t;
            server.Tick(t);
        }

        // 256 bytes in blocks of at most maximumDataSize 48: five of 48 and one of 16, each once, 100 ms apart.
        int[] sizes = [48, 48, 48, 48, 48, 16];
        Assert.HasCount(sizes.Length, sender.Frames);
        uint offset = request.FileOffset;
        for (int i = 0; i < sizes.Length; i++)
        {
            var block = (ImageBlockResponse)Decode(sender.Frames[i].Bytes, out ZclHeader header);
            Assert.AreEqual(pageHeader.TransactionSequenceNumber, header.TransactionSequenceNumber, "block " + i);
            AssertBlock(image, block, offset, sizes[i]);
            Assert.AreEqual(1000 + (i * request.ResponseSpacing), sender.Frames[i].AtMs, "block " + i);
            offset += block.DataSize;
        }

        Assert.AreEqual(1L, server.PageRequestCopiesIgnored);

        sender.Frames.Clear();
        Deliver(server, sender, end, 3100);
        var response = (UpgradeEndResponse)Decode(sender.Frames.Single().Bytes, out ZclHeader endHeader);
        Assert.AreEqual(end[1], endHeader.TransactionSequenceNumber);
        Assert.AreEqual(request.FileVersion, response.FileVersion);
    }

    private static void AssertBlock(byte[] image, ImageBlockResponse block, uint offset, int size)
    {
        Assert.AreEqual(OtaStatus.Success, block.Status);
        Assert.AreEqual(offset, block.FileOffset);
        Assert.AreEqual(size, (int)block.DataSize);
        CollectionAssert.AreEqual(image.AsSpan((int)offset, size).ToArray(), block.DataBuffer.AsSpan(block.DataOffset, size).ToArray());
    }

    private static void Deliver(OtaServer server, TimedSender sender, byte[] frame, long nowMs)
    {
        sender.Now = nowMs;
        Assert.IsTrue(server.OnZcl(Client, frame, 0, frame.Length, nowMs));
    }

    private static byte[] Frame(string name)
    {
        JsonArray frames = JsonNode.Parse(Vectors.ReadText("zcl-ota", "zcl-ota-frames.json"))!.AsArray();
        JsonNode frame = frames.Single(f => f!["name"]!.GetValue<string>() == name)!;
        Assert.IsTrue(Hex.TryDecode(frame["zclFrameHex"]!.GetValue<string>(), out byte[] bytes), name);
        return bytes;
    }

    private static IOtaCommand Decode(byte[] frame, out ZclHeader header)
    {
        Assert.AreEqual(ZclDecodeStatus.Ok, OtaCommandDecoder.TryDecode(new ByteReader(frame, 0, frame.Length), out header, out IOtaCommand? command));
        return command!;
    }

    private sealed record SentFrame(byte[] Bytes, long AtMs);

    private sealed class TimedSender : IZclFrameSender
    {
        public List<SentFrame> Frames { get; } = [];

        public long Now { get; set; }

        public bool Send(ulong destination, byte[] buffer, int offset, int count)
        {
            Assert.AreEqual(Client, destination);
            Frames.Add(new SentFrame(buffer.AsSpan(offset, count).ToArray(), Now));
            return true;
        }
    }

    private sealed class ArraySource(byte[] image) : IOtaImageSource
    {
        public int ReadAt(OtaServerImage serverImage, uint offset, byte[] buffer, int bufferOffset, int count)
        {
            if (offset > image.Length)
            {
                return -1;
            }

            int take = Math.Min(count, image.Length - (int)offset);
            Array.Copy(image, (int)offset, buffer, bufferOffset, take);
            return take;
        }
    }
}
