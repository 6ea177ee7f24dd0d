using System.Buffers.Binary;
using HanBench.Bench.Capture;
using HanBench.Device.Desktop.Boards;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Capture;

[TestClass]
public sealed class PcapngWriterTests
{
    [TestMethod]
    public void WritePacket_Blocks_WholeAlignedAndFlushedAsWritten()
    {
        var stream = new MemoryStream();
        using var writer = new PcapngWriter(stream, 1 << 20, "test");
        int id = writer.AddInterface(PcapngWriter.LinkTypeUser0, "wan", "HanBench");

        Assert.IsTrue(writer.WritePacket(id, 1_700_000_000_000_123, new byte[] { 1, 2, 3, 4, 5 }, "lost"));

        byte[] file = stream.ToArray();
        Assert.AreEqual(writer.BytesWritten, file.Length, "everything written is in the stream already");
        var types = new List<uint>();
        for (int at = 0; at < file.Length;)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            Assert.AreEqual(0u, length % 4, "blocks are 32-bit aligned");
            Assert.AreEqual(length, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + (int)length - 4)), "trailing length repeats the leading one");
            types.Add(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)));
            at += (int)length;
        }

        CollectionAssert.AreEqual(new uint[] { 0x0A0D0D0A, 1, 6 }, types, "section header, interface, enhanced packet");
        int epb = file.Length - (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 4));
        Assert.AreEqual(1_700_000_000_000_123UL, ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(epb + 12)) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(epb + 16)));
        Assert.AreEqual(5u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(epb + 20)));
    }

    [TestMethod]
    public void WritePacket_SizeLimitReached_DropsAndCountsInsteadOfGrowing()
    {
        var stream = new MemoryStream();
        using var writer = new PcapngWriter(stream, 4096, "test");
        int id = writer.AddInterface(PcapngWriter.LinkTypeUser0, "wan", "HanBench");
        int written = 0;
        for (int i = 0; i < 100; i++)
        {
            written += writer.WritePacket(id, i, new byte[100]) ? 1 : 0;
        }

        Assert.IsTrue(stream.Length <= 4096, $"{stream.Length} bytes");
        Assert.AreEqual(written, writer.PacketsWritten);
        Assert.AreEqual(100 - written, writer.PacketsDropped);
        Assert.IsTrue(written > 10 && written < 100);
    }

    [TestMethod]
    public void WritePacket_UnknownInterface_Throws()
    {
        using var writer = new PcapngWriter(new MemoryStream(), 4096, "test");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => writer.WritePacket(0, 0, new byte[1]));
    }

    [TestMethod]
    public void BoardCapture_RoleSendsAndReceives_BothRecordedAndTheRoleSeesItsOwnLink()
    {
        var stream = new MemoryStream();
        using var capture = new HanCapture(new PcapngWriter(stream, 1 << 20, "test"), 0);
        var port = new NullLink();
        var role = new LinkEcho();
        BoardRoleFactory factory = new BoardCapture(capture, "ppmid").Wrap((_, links) =>
        {
            role.Link = links[0];
            return role;
        });
        IDeviceRole wrapped = factory(null!, [port]);

        wrapped.OnFrame(port, new HanFrame { Kind = HanFrameKind.Management, Source = 1, Destination = 2 });

        Assert.AreEqual(1, port.Sent, "the role answered on the link it was given");
        Assert.AreEqual(2, capture.Writer.PacketsWritten, "the frame received and the answer sent");
    }

    private sealed class NullLink : IFrameLink
    {
        public int Sent { get; private set; }

        public int MaxFrameLength => HanFrame.MaxEncodedLength;

        public bool Send(HanFrame frame)
        {
            Sent++;
            return true;
        }
    }

    /// <summary>Answers a frame on its link only if it arrives on the link it was made with (roles compare identity).</summary>
    private sealed class LinkEcho : IDeviceRole
    {
        public IFrameLink? Link { get; set; }

        public long NextWakeMs => long.MaxValue;

        public void Start(long nowMs)
        {
        }

        public void Tick(long nowMs)
        {
        }

        public void OnFrame(IFrameLink link, HanFrame frame)
        {
            if (ReferenceEquals(link, Link))
            {
                link.Send(frame);
            }
        }
    }
}
