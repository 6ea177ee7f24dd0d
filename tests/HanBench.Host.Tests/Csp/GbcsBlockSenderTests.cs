using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// The host's GBCS general block transfer (GBCS 7.2.11: retry when blocks are not received): a message longer than a frame
/// goes as blocks and stays open until the device acknowledges it whole; a partial acknowledgement has the blocks from the
/// missing one sent again, silence has them sent again after the time-out, a bounded number of times, then a named failure.
/// </summary>
[TestClass]
public sealed class GbcsBlockSenderTests
{
    private const ulong Device = CspFrames.DeviceId;

    private static (HubSession Session, RecordingLink Link, ManualClock Clock, byte[] Message) Start()
    {
        var link = new RecordingLink();
        var clock = new ManualClock();
        HubSession session = CspFrames.NewSession(link, clock);
        byte[] message = new byte[2500];
        for (int i = 0; i < message.Length; i++)
        {
            message[i] = (byte)(i * 13);
        }

        message[0] = 0xDD;
        session.SendGbcs(Device, message);
        return (session, link, clock, message);
    }

    private static int[] BlockNumbers(RecordingLink link) =>
        link.OfKind(HanFrameKind.Gbcs).Select(f => (f.Payload[f.PayloadOffset + 2] << 8) | f.Payload[f.PayloadOffset + 3]).ToArray();

    private static HanFrame Ack(ulong source, int acknowledged, bool complete)
    {
        var ack = new byte[GbcsBlockTransfer.AckLength];
        GbcsBlockTransfer.WriteAck(acknowledged, complete, ack, 0);
        var frame = new HanFrame { Kind = HanFrameKind.Gbcs, Source = source, Destination = CspFrames.HostId };
        frame.SetPayload(ack, 0, ack.Length);
        return frame;
    }

    [TestMethod]
    public void Send_DeviceReportsAGap_BlocksFromTheMissingOneSentAgain_ThenDeliveredOnItsAcknowledgement()
    {
        var (session, link, _, _) = Start();
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, BlockNumbers(link), "streamed");

        session.OnFrame(link, Ack(Device, 1, complete: false));

        CollectionAssert.AreEqual(new[] { 1, 2, 3, 2, 3 }, BlockNumbers(link), "go back to block 2");
        Assert.AreEqual(1, session.Blocks.Retransmissions);
        session.OnFrame(link, Ack(Device, 3, complete: true));
        Assert.AreEqual((1, 0, 0), (session.Blocks.Delivered, session.Blocks.Failed, session.Blocks.InProgress));
        Assert.AreEqual(0, session.Malformed, "an acknowledgement is not a malformed GBCS frame");
    }

    [TestMethod]
    public void Send_AcknowledgementFromAnotherSource_Ignored()
    {
        var (session, link, _, _) = Start();

        session.OnFrame(link, Ack(Device + 1, 3, complete: true));
        session.OnFrame(link, Ack(Device + 1, 0, complete: false));

        Assert.AreEqual((0, 1, 0), (session.Blocks.Delivered, session.Blocks.InProgress, session.Blocks.Retransmissions));
        Assert.AreEqual(3, BlockNumbers(link).Length);
    }

    [TestMethod]
    public void Send_NoAcknowledgement_SentAgainAfterEachTimeOut_ThenFailsNamingIt()
    {
        var (session, link, clock, message) = Start();
        string? failed = null;
        session.Blocks.TransferFailed += (device, reason) => failed = $"{device:X16} {reason}";

        for (int round = 1; round <= GbcsBlockSender.MaxRetransmissions; round++)
        {
            clock.NowMs += GbcsBlockSender.AckTimeoutMs - 1;
            session.Tick(clock.NowMs);
            Assert.AreEqual(3 * round, BlockNumbers(link).Length, "not before the time-out");
            clock.NowMs += 1;
            Assert.AreEqual(clock.NowMs, session.NextWakeMs);
            session.Tick(clock.NowMs);
            Assert.AreEqual(3 * (round + 1), BlockNumbers(link).Length, $"round {round}: every unacknowledged block again");
        }

        clock.NowMs += GbcsBlockSender.AckTimeoutMs;
        session.Tick(clock.NowMs);

        Assert.AreEqual(3 * (1 + GbcsBlockSender.MaxRetransmissions), BlockNumbers(link).Length, "bounded");
        Assert.AreEqual((0, 1, 0), (session.Blocks.Delivered, session.Blocks.Failed, session.Blocks.InProgress));
        StringAssert.Contains(failed, $"{Device:X16} GBCS block transfer of a {message.Length}-octet message to {Device:X16} failed: blocks 1 to 3 not acknowledged after 3 retransmissions");
        Assert.AreEqual(failed![17..], session.Blocks.LastFailure);
    }

    [TestMethod]
    public void Send_GbcsCallWhoseBlockTransferFailed_EndsUnansweredNamingTheFailure()
    {
        var link = new RecordingLink();
        var clock = new ManualClock();
        HubSession session = CspFrames.NewSession(link, clock, gbcs: new RetryPolicy(60_000, 1));
        GbcsCall call = session.Gbcs.SendCommand(Device, session.Seal(0x90B3D51F30000002UL, Device, GbcsMessageCode.ProvideCredentialsDetails, 0x7000, new byte[1500]), new RetryPolicy(60_000, 1))!;

        for (int round = 0; round <= GbcsBlockSender.MaxRetransmissions; round++)
        {
            clock.NowMs += GbcsBlockSender.AckTimeoutMs;
            session.Tick(clock.NowMs);
        }

        clock.NowMs += 60_000;
        session.Tick(clock.NowMs);
        Assert.IsTrue(call.TimedOut);
        StringAssert.Contains(call.NoResponse("CS02"), "block transfer of a");
    }
}
