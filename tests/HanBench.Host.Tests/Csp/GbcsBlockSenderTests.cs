using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// The host's GBCS general block transfer (GBCS 7.2.11; its retry procedure is HanBench's, docs/PROTOCOL.md §3): a message
/// longer than a frame goes as blocks and stays open until the device acknowledges it whole; a partial acknowledgement has
/// the blocks from the missing one sent again, silence has them sent again after the time-out, a bounded number of times,
/// then a named failure; an acknowledgement that does not name the message in transfer changes nothing.
/// </summary>
[TestClass]
public sealed class GbcsBlockSenderTests
{
    private const ulong Device = CspFrames.DeviceId;
    private const ulong Acb = 0x90B3D51F30000002UL;
    private const ulong FirstCounter = 0x7000;

    private static (HubSession Session, RecordingLink Link, ManualClock Clock, byte[] Message) Start()
    {
        var link = new RecordingLink();
        var clock = new ManualClock();
        HubSession session = CspFrames.NewSession(link, clock);
        byte[] message = Message(session, FirstCounter);
        session.SendGbcs(Device, message);
        return (session, link, clock, message);
    }

    // A real GBCS message of three blocks (CS02a with a long made-up content), as the host sends one.
    private static byte[] Message(HubSession session, ulong counter)
    {
        byte[] content = new byte[2400];
        for (int i = 0; i < content.Length; i++)
        {
            content[i] = (byte)(i * 13);
        }

        byte[] message = session.Seal(Acb, Device, GbcsMessageCode.ProvideCredentialsDetails, counter, content);
        Assert.AreEqual(3, GbcsBlockTransfer.BlockCount(message.Length));
        return message;
    }

    private static int[] BlockNumbers(RecordingLink link) =>
        link.OfKind(HanFrameKind.Gbcs).Select(f =>
            GbcsBlockTransfer.TryReadBlockNumber(f.Payload, f.PayloadOffset, f.PayloadLength, new GbcsRoutingHeader(), out int number) ? number : -1).ToArray();

    // The Routing Header the blocks of the message with originator counter `counter` carry.
    private static GbcsRoutingHeader Routing(ulong counter) => new()
    {
        CraFlag = (byte)GbcsCraFlag.Command,
        OriginatorCounter = counter,
        OriginatorSystemTitle = Acb,
        RecipientSystemTitle = Device,
        MessageCode = GbcsMessageCode.ProvideCredentialsDetails,
    };

    private static HanFrame Ack(ulong source, int acknowledged, bool complete, ulong counter = FirstCounter) =>
        Ack(source, acknowledged, complete, Routing(counter));

    private static HanFrame Ack(ulong source, int acknowledged, bool complete, GbcsRoutingHeader routing)
    {
        var ack = new byte[GbcsBlockTransfer.AckLength];
        GbcsBlockTransfer.WriteAck(routing, acknowledged, complete, ack, 0);
        return Frame(source, ack);
    }

    private static HanFrame Frame(ulong source, byte[] payload)
    {
        var frame = new HanFrame { Kind = HanFrameKind.Gbcs, Source = source, Destination = CspFrames.HostId };
        frame.SetPayload(payload, 0, payload.Length);
        return frame;
    }

    [TestMethod]
    public void Send_BlocksNameTheirMessage_ByItsTransactionIdTitlesAndMessageCode()
    {
        var (_, link, _, _) = Start();
        var routing = new GbcsRoutingHeader();
        foreach (HanFrame frame in link.OfKind(HanFrameKind.Gbcs))
        {
            Assert.IsTrue(GbcsBlockTransfer.TryReadBlockNumber(frame.Payload, frame.PayloadOffset, frame.PayloadLength, routing, out _));
            Assert.IsTrue(routing.NamesSameMessage(Routing(FirstCounter)), Convert.ToHexString(frame.Payload, frame.PayloadOffset, 48));
        }
    }

    [TestMethod]
    public void Send_LateAcknowledgementOfTheEarlierMessage_ChangesNothingInTheLaterTransfer()
    {
        var (session, link, clock, _) = Start();
        session.OnFrame(link, Ack(Device, 3, complete: true));
        Assert.AreEqual((1, 0), (session.Blocks.Delivered, session.Blocks.InProgress), "transfer N delivered");

        // Transfer N+1 (the next originator counter, the same size) is under way when copies of N's acknowledgements arrive
        // late: a complete one must not end it, a partial one must not steer its retries.
        session.SendGbcs(Device, Message(session, FirstCounter + 1));
        int sent = BlockNumbers(link).Length;
        session.OnFrame(link, Ack(Device, 3, complete: true, counter: FirstCounter));
        session.OnFrame(link, Ack(Device, 1, complete: false, counter: FirstCounter));
        session.OnFrame(link, Ack(Device, 0, complete: false, counter: FirstCounter));

        Assert.AreEqual((1, 1, 0, 0), (session.Blocks.Delivered, session.Blocks.InProgress, session.Blocks.Retransmissions, session.Blocks.Failed), "N+1 still waits for its own acknowledgement");
        Assert.AreEqual(sent, BlockNumbers(link).Length, "no block sent again");
        Assert.AreEqual(3, session.Blocks.AcknowledgementsIgnored);
        StringAssert.Contains(session.Blocks.LastIgnoredAcknowledgement, $"originator counter {FirstCounter}), not");
        Assert.AreEqual(0, session.Malformed);

        // Its retries run as if the late acknowledgements had never come, and its own acknowledgement delivers it.
        clock.NowMs += GbcsBlockSender.AckTimeoutMs;
        session.Tick(clock.NowMs);
        Assert.AreEqual(sent + 3, BlockNumbers(link).Length, "after the time-out every block again, from block 1");
        session.OnFrame(link, Ack(Device, 3, complete: true, counter: FirstCounter + 1));
        Assert.AreEqual((2, 0), (session.Blocks.Delivered, session.Blocks.InProgress));
    }

    [TestMethod]
    public void Send_AcknowledgementNamingAnotherMessageOrNone_IgnoredAndCounted()
    {
        var (session, link, _, _) = Start();
        GbcsRoutingHeader otherCode = Routing(FirstCounter);
        otherCode.MessageCode = GbcsMessageCode.IssueCredentials;
        GbcsRoutingHeader otherOriginator = Routing(FirstCounter);
        otherOriginator.OriginatorSystemTitle = 0x90B3D51F30010000UL;
        GbcsRoutingHeader response = Routing(FirstCounter);
        response.CraFlag = (byte)GbcsCraFlag.Response;

        session.OnFrame(link, Ack(Device, 3, complete: true, otherCode));
        session.OnFrame(link, Ack(Device, 3, complete: true, otherOriginator));
        session.OnFrame(link, Ack(Device, 1, complete: false, response));
        Assert.AreEqual(3, session.Blocks.AcknowledgementsIgnored, "each names another message");
        Assert.AreEqual(0, session.Malformed);

        // An acknowledgement without a Routing Header (a bare GBT APDU, as HanBench sent them before) names no message.
        session.OnFrame(link, Frame(Device, [GbcsBlockTransfer.Tag, GbcsBlockTransfer.LastBlock, 0, 0, 0, 3, 0]));
        Assert.AreEqual(1, session.Malformed, "counted as a malformed GBCS frame");

        Assert.AreEqual((0, 1, 0), (session.Blocks.Delivered, session.Blocks.InProgress, session.Blocks.Retransmissions));
        Assert.AreEqual(3, BlockNumbers(link).Length, "nothing sent again");
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
    public void Send_RepeatedOrForgedPartialAcknowledgements_NeitherResendAgainNorSpendTheTimeOutBudget()
    {
        // Issue #8: acknowledgements are not authenticated; four copies acknowledging nothing, with no time passing,
        // once failed the transfer as "not acknowledged after 3 retransmissions (5000 ms each)" in 0 ms.
        var (session, link, clock, _) = Start();
        for (int i = 0; i < GbcsBlockSender.MaxRetransmissions + 1; i++)
        {
            session.OnFrame(link, Ack(Device, 0, complete: false));
        }

        Assert.AreEqual((0, 1, 0), (session.Blocks.Failed, session.Blocks.InProgress, session.Blocks.Retransmissions), "an acknowledgement that moves nothing changes nothing");
        Assert.AreEqual(3, BlockNumbers(link).Length, "nothing sent again");

        // A window that moves forward is acted on once, however often it is repeated, and costs no time-out.
        for (int i = 0; i < GbcsBlockSender.MaxRetransmissions + 1; i++)
        {
            session.OnFrame(link, Ack(Device, 1, complete: false));
        }

        CollectionAssert.AreEqual(new[] { 1, 2, 3, 2, 3 }, BlockNumbers(link), "go back to block 2, once");
        Assert.AreEqual((0, 1, 1), (session.Blocks.Failed, session.Blocks.InProgress, session.Blocks.Retransmissions));

        // The whole time-out budget is left.
        for (int round = 1; round <= GbcsBlockSender.MaxRetransmissions; round++)
        {
            clock.NowMs += GbcsBlockSender.AckTimeoutMs;
            session.Tick(clock.NowMs);
            Assert.AreEqual((0, 1), (session.Blocks.Failed, session.Blocks.InProgress), $"time-out {round}");
        }

        session.OnFrame(link, Ack(Device, 3, complete: true));
        Assert.AreEqual((1, 0, 0), (session.Blocks.Delivered, session.Blocks.Failed, session.Blocks.InProgress));
    }

    [TestMethod]
    public void Send_ForgedAcknowledgementMovesTheWindowTooFar_TimeOutSendsTheWholeMessageAndTheDevicesGapIsActedOn()
    {
        // A forged acknowledgement of 2 blocks when the device holds only block 1: the device's own gap acknowledgement
        // (1) cannot move the window back, so only a time-out can undo it.
        var (session, link, clock, _) = Start();
        session.OnFrame(link, Ack(Device, 2, complete: false));
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 3 }, BlockNumbers(link), "the forged window");

        clock.NowMs += GbcsBlockSender.AckTimeoutMs;
        session.Tick(clock.NowMs);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 3, 1, 2, 3 }, BlockNumbers(link), "after the time-out the whole message again");

        session.OnFrame(link, Ack(Device, 1, complete: false));
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 3, 1, 2, 3, 2, 3 }, BlockNumbers(link), "the device's gap is acted on");
        session.OnFrame(link, Ack(Device, 3, complete: true));
        Assert.AreEqual((1, 0, 0), (session.Blocks.Delivered, session.Blocks.Failed, session.Blocks.InProgress));
    }

    [TestMethod]
    public void Send_AcknowledgementFromAnotherSource_Ignored()
    {
        var (session, link, _, _) = Start();

        session.OnFrame(link, Ack(Device + 1, 3, complete: true));
        session.OnFrame(link, Ack(Device + 1, 0, complete: false));

        Assert.AreEqual((0, 1, 0), (session.Blocks.Delivered, session.Blocks.InProgress, session.Blocks.Retransmissions));
        Assert.AreEqual(3, BlockNumbers(link).Length);
        Assert.AreEqual(2, session.Blocks.AcknowledgementsIgnored);
        StringAssert.Contains(session.Blocks.LastIgnoredAcknowledgement, "no block transfer in progress");
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
