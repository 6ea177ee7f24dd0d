using System.Text.Json;
using HanBench.Bench.Capture;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Capture;

[TestClass]
public sealed class GbcsTranscriptTests
{
    // A CS08 command of the demo (ACB 90B3D51F30000002 → PPMID 00DB000000000010, MAC'd with the HanBench test keys).
    private const string Cs08Command = "DD000000000000361100000000DF090100000000000010000890B3D51F300000020800DB0000000000100002012902050000F36C1E5582D04D4B6B61875D";

    private static readonly DateTimeOffset Origin = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HanFrame Frame(HanFrameKind kind, string hex, ulong source = 0x00DB00000000F000, ulong destination = 0x00DB000000000001)
    {
        Assert.IsTrue(Hex.TryDecode(hex, out byte[] payload));
        var frame = new HanFrame { Kind = kind, Source = source, Destination = destination };
        frame.SetPayload(payload, 0, payload.Length);
        return frame;
    }

    private static List<JsonElement> Lines(MemoryStream stream) =>
        [.. System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [TestMethod]
    public void Record_GbcsFrame_OneLineWithEveryFieldWrittenAtOnce()
    {
        var stream = new MemoryStream();
        using var transcript = new GbcsTranscript(stream, Origin);
        CaptureHop hop = transcript.AddHop("hop 0 host<->CH Wire", zigBee: false);

        transcript.Record(hop, Frame(HanFrameKind.Gbcs, Cs08Command), 1_500_250, 0x00DB00000000F000, 0x00DB000000000001, FrameDirection.Sent, null);

        List<JsonElement> lines = Lines(stream);
        Assert.AreEqual(1, lines.Count, "the line is in the stream before the transcript is closed");
        JsonElement line = lines[0];
        Assert.AreEqual("2025-01-01T00:00:01.500250Z", line.GetProperty("time").GetString());
        Assert.AreEqual("00DB00000000F000", line.GetProperty("from").GetString());
        Assert.AreEqual("00DB000000000001", line.GetProperty("to").GetString());
        Assert.AreEqual("sent", line.GetProperty("direction").GetString());
        Assert.AreEqual("hop 0 host<->CH Wire", line.GetProperty("hop").GetString());
        Assert.AreEqual("0129", line.GetProperty("messageCode").GetString());
        Assert.AreEqual("Command", line.GetProperty("cra").GetString());
        Assert.AreEqual(Cs08Command, line.GetProperty("hex").GetString());
        Assert.IsFalse(line.TryGetProperty("lost", out _));
        Assert.AreEqual(1, transcript.LinesWritten);
    }

    [TestMethod]
    public void Record_ReceivedAndLostFrames_DirectionAndLossNamed()
    {
        var stream = new MemoryStream();
        using var transcript = new GbcsTranscript(stream, Origin);
        CaptureHop hop = transcript.AddHop("link 0", zigBee: false);

        transcript.Record(hop, Frame(HanFrameKind.Gbcs, Cs08Command), 0, 1, 2, FrameDirection.Received, null);
        transcript.Record(hop, Frame(HanFrameKind.Gbcs, Cs08Command), 0, 1, 2, FrameDirection.Sent, MediumCapture.LostComment + "Loss");

        List<JsonElement> lines = Lines(stream);
        Assert.AreEqual("received", lines[0].GetProperty("direction").GetString());
        Assert.AreEqual("Loss", lines[1].GetProperty("lost").GetString());
    }

    [TestMethod]
    public void Record_OtherKinds_NotWritten_MalformedGbcs_WrittenWithTheProblem()
    {
        var stream = new MemoryStream();
        using var transcript = new GbcsTranscript(stream, Origin);
        CaptureHop hop = transcript.AddHop("link 0", zigBee: true);

        transcript.Record(hop, Frame(HanFrameKind.Zcl, "0100020304"), 0, 1, 2, FrameDirection.Sent, null);
        transcript.Record(hop, Frame(HanFrameKind.Management, "01"), 0, 1, 2, FrameDirection.Sent, null);
        transcript.Record(hop, Frame(HanFrameKind.Gbcs, "DF0901"), 0, 1, 2, FrameDirection.Sent, null);

        List<JsonElement> lines = Lines(stream);
        Assert.AreEqual(1, lines.Count, "ZCL and management frames are not GBCS messages");
        Assert.AreEqual(JsonValueKind.Null, lines[0].GetProperty("messageCode").ValueKind);
        StringAssert.Contains(lines[0].GetProperty("problem").GetString(), "not a GBCS message: Truncated");
        Assert.AreEqual("DF0901", lines[0].GetProperty("hex").GetString());
    }

    [TestMethod]
    public void Record_BlocksAndAcknowledgement_NameTheMessageTheyCarry()
    {
        // A 1,500-octet CS02b-sized message goes in two blocks; their Routing Header names it (code 00CB here).
        var routing = new GbcsRoutingHeader { CraFlag = (byte)GbcsCraFlag.Command, OriginatorCounter = 7, OriginatorSystemTitle = 0x90B3D51F30000002, RecipientSystemTitle = 0x00DB000000000010, MessageCode = 0x00CB };
        byte[] message = new byte[1500];
        byte[] block = new byte[GbcsBlockTransfer.MaxBlockLength];
        var stream = new MemoryStream();
        using var transcript = new GbcsTranscript(stream, Origin);
        CaptureHop hop = transcript.AddHop("link 0", zigBee: false);

        int length = GbcsBlockTransfer.WriteBlock(routing, message, 0, message.Length, 2, block, 0);
        transcript.Record(hop, Frame(HanFrameKind.Gbcs, Hex.Encode(block, 0, length)), 0, 1, 2, FrameDirection.Sent, null);
        length = GbcsBlockTransfer.WriteAck(routing, 2, complete: true, block, 0);
        transcript.Record(hop, Frame(HanFrameKind.Gbcs, Hex.Encode(block, 0, length)), 0, 2, 1, FrameDirection.Sent, null);

        List<JsonElement> lines = Lines(stream);
        Assert.AreEqual("00CB", lines[0].GetProperty("messageCode").GetString());
        Assert.AreEqual("Command", lines[0].GetProperty("cra").GetString());
        Assert.AreEqual(2, lines[0].GetProperty("block").GetInt32());
        Assert.IsFalse(lines[0].TryGetProperty("problem", out _), "a block is not a malformed message");
        Assert.AreEqual("00CB", lines[1].GetProperty("messageCode").GetString());
        Assert.AreEqual(2, lines[1].GetProperty("ackOfBlocks").GetInt32());
        Assert.IsTrue(lines[1].GetProperty("complete").GetBoolean());
    }

    [TestMethod]
    public void Record_PastTheSizeLimit_LinesCountedNotWritten_AndNothingAfterDispose()
    {
        var stream = new MemoryStream();
        var transcript = new GbcsTranscript(stream, Origin, maxBytes: 4096);
        CaptureHop hop = transcript.AddHop("link 0", zigBee: false);
        for (int i = 0; i < 40; i++)
        {
            transcript.Record(hop, Frame(HanFrameKind.Gbcs, Cs08Command), i, 1, 2, FrameDirection.Sent, null);
        }

        Assert.IsTrue(transcript.LinesDropped > 0);
        Assert.AreEqual(40, transcript.LinesWritten + transcript.LinesDropped);
        Assert.IsTrue(transcript.BytesWritten <= 4096);
        Assert.AreEqual(transcript.LinesWritten, Lines(stream).Count, "only whole lines are written");
        transcript.Dispose();
        transcript.Record(hop, Frame(HanFrameKind.Gbcs, Cs08Command), 0, 1, 2, FrameDirection.Sent, null);
    }

    [TestMethod]
    public void Record_DiskFull_StopsTheTranscriptNotTheBench()
    {
        using var transcript = new GbcsTranscript(new FullDisk(), Origin);
        CaptureHop hop = transcript.AddHop("link 0", zigBee: false);

        transcript.Record(hop, Frame(HanFrameKind.Gbcs, Cs08Command), 0, 1, 2, FrameDirection.Sent, null);
        transcript.Record(hop, Frame(HanFrameKind.Gbcs, Cs08Command), 0, 1, 2, FrameDirection.Sent, null);

        Assert.AreEqual(0, transcript.LinesWritten);
        Assert.AreEqual(2, transcript.LinesDropped);
        StringAssert.Contains(transcript.Problem, "No space left on device");
    }

    [TestMethod]
    public void Record_DiskFullMidLine_FileCutBackToWholeLinesAndOneWarning()
    {
        var warnings = new List<string>();
        var disk = new FullAfterStream(capacity: 700);
        using var transcript = new GbcsTranscript(disk, Origin, warn: warnings.Add);
        CaptureHop hop = transcript.AddHop("link 0", zigBee: false);

        for (int i = 0; i < 10; i++)
        {
            transcript.Record(hop, Frame(HanFrameKind.Gbcs, Cs08Command), 0, 1, 2, FrameDirection.Sent, null);
        }

        Assert.IsTrue(transcript.LinesWritten > 0 && transcript.LinesDropped > 0, $"{transcript.LinesWritten} written, {transcript.LinesDropped} dropped");
        Assert.AreEqual(transcript.LinesWritten, Lines(new MemoryStream(disk.ToArray())).Count(), "only whole lines remain");
        Assert.HasCount(1, warnings);
        StringAssert.Contains(warnings[0], "No space left on device");
    }

    [TestMethod]
    public void Combine_TranscriptAndAnotherRecorder_BothSeeEveryFrameOnTheirOwnHops()
    {
        var first = new MemoryStream();
        var second = new MemoryStream();
        using var a = new GbcsTranscript(first, Origin);
        using var b = new GbcsTranscript(second, Origin);
        IFrameRecorder both = FrameRecorders.Combine(null, a, b)!;
        CaptureHop hop0 = both.AddHop("hop 0", zigBee: false);
        CaptureHop hop1 = both.AddHop("hop 1", zigBee: true);

        both.Record(hop1, Frame(HanFrameKind.Gbcs, Cs08Command), 0, 1, 2, FrameDirection.Sent, null);
        both.Record(hop0, Frame(HanFrameKind.Gbcs, Cs08Command), 0, 2, 1, FrameDirection.Sent, null);

        foreach (MemoryStream stream in new[] { first, second })
        {
            CollectionAssert.AreEqual(new[] { "hop 1", "hop 0" }, Lines(stream).Select(l => l.GetProperty("hop").GetString()).ToArray());
        }

        Assert.AreSame(a, FrameRecorders.Combine(null, a));
        Assert.IsNull(FrameRecorders.Combine(null, null));
    }

    private sealed class FullDisk : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("No space left on device");
    }
}
