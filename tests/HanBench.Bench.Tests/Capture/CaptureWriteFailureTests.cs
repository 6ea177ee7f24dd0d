using HanBench.Bench.Capture;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Capture;

/// <summary>A capture whose file system refuses a write (a full disk) stops capturing, not the bench.</summary>
[TestClass]
public sealed class CaptureWriteFailureTests
{
    [TestMethod]
    public void WritePacket_DiskFullMidBlock_FileCutBackToWholeBlocksAndLaterPacketsCounted()
    {
        var disk = new FullAfterStream(capacity: 600);
        using var writer = new PcapngWriter(disk, 1 << 20, "test");
        int id = writer.AddInterface(PcapngWriter.LinkTypeUser0, "wan", "HanBench");
        var results = new List<bool>();
        for (int i = 0; i < 10; i++)
        {
            results.Add(writer.WritePacket(id, i, new byte[100]));
        }

        int written = results.TakeWhile(r => r).Count();
        Assert.IsTrue(written > 0 && written < 10, $"{written} written before the disk filled");
        Assert.IsTrue(results.Skip(written).All(r => !r), "nothing written after the failure");
        Assert.AreEqual(written, writer.PacketsWritten);
        Assert.AreEqual(10 - written, writer.PacketsDropped);
        StringAssert.Contains(writer.Failure, "No space left on device");
        Assert.AreEqual(writer.BytesWritten, disk.Length, "the partial block was cut off");
        Assert.AreEqual(0x0A0D0D0Au, BitConverter.ToUInt32(disk.ToArray(), 0));
    }

    [TestMethod]
    public void Record_DiskFull_WarnsOnceNamingTheCauseAndTheBenchGoesOn()
    {
        var warnings = new List<string>();
        using var capture = new HanCapture(new PcapngWriter(new FullAfterStream(capacity: 700), 1 << 20, "test"), 0, warnings.Add);
        CaptureHop hop = capture.AddHop("wan", zigBee: false);
        var frame = new HanFrame { Kind = HanFrameKind.Management, Source = 1, Destination = 2 };
        frame.SetPayload(new byte[64], 0, 64);

        for (int i = 0; i < 20; i++)
        {
            capture.Record(hop, frame, i * 1000, 1, 2);
        }

        Assert.HasCount(1, warnings);
        StringAssert.Contains(warnings[0], "No space left on device");
        StringAssert.Contains(warnings[0], $"first {capture.Writer.PacketsWritten} packets");
    }

    [TestMethod]
    public void Create_DeviceThatIsAlwaysFull_ThrowsIOExceptionNamingIt()
    {
        if (!File.Exists("/dev/full"))
        {
            Assert.Inconclusive("no /dev/full on this system");
        }

        IOException error = Assert.ThrowsExactly<IOException>(() => HanCapture.Create("/dev/full"));

        StringAssert.Contains(error.Message, "No space left on device");
    }

    /// <summary>A stream on a disk that fills after <c>capacity</c> bytes: the write that crosses it stores what fits, then fails as ENOSPC does.</summary>
    private sealed class FullAfterStream(int capacity) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            int room = capacity - (int)Position;
            if (count > room)
            {
                base.Write(buffer, offset, Math.Max(0, room));
                throw new IOException("No space left on device");
            }

            base.Write(buffer, offset, count);
        }
    }
}
