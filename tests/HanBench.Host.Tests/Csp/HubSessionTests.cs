using HanBench.Bench.Topology;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using static HanBench.Host.Tests.Csp.CspFrames;

namespace HanBench.Host.Tests.Csp;

[TestClass]
public sealed class HubSessionTests
{
    [TestMethod]
    public void Ping_Answered_CompletesWithIdentityAndTheRequestToken()
    {
        var (link, clock, session) = New();
        ManagementCall call = session.Ping(DeviceId);
        ManagementMessage sent = ReadManagement(link.Sent.Single());
        Assert.AreEqual(ManagementMessageType.Ping, sent.Header.Type);
        Assert.AreEqual(call.Token, sent.Header.Token);
        Assert.AreEqual(DeviceId, link.Sent.Single().Destination);
        Assert.AreEqual(HostId, link.Sent.Single().Source);

        clock.NowMs = 40;
        session.OnFrame(link, Identity(DeviceId, call.Token, 0x00010203));
        Assert.IsTrue(call.IsCompleted);
        Assert.IsFalse(call.TimedOut);
        Assert.AreEqual(0x00010203u, call.Reply!.Identity!.VersionOf(FirmwareComponentId.Main));
        Assert.AreEqual(40L, call.Reply.AtMs);
        Assert.IsTrue(call.Completion.IsCompletedSuccessfully);
        Assert.AreEqual(0, session.PendingManagement);
    }

    [TestMethod]
    public void Request_Unanswered_ResentWithTheSameTokenThenTimesOut()
    {
        var (link, clock, session) = New();
        int callbacks = 0;
        ManagementCall call = session.Distribute(new ImageIdentity(1, 2, 3), new byte[32], [DeviceId], _ => callbacks++);
        Assert.AreEqual(1000L, session.NextWakeMs);
        for (int attempt = 2; attempt <= 3; attempt++)
        {
            clock.NowMs = session.NextWakeMs;
            session.Tick(clock.NowMs);
            Assert.AreEqual(attempt, call.Attempts);
            Assert.AreEqual(attempt, link.Sent.Count);
            Assert.AreEqual(call.Token, ReadManagement(link.Sent[^1]).Header.Token, "a resend keeps its token, so a late answer to the first still matches");
        }

        clock.NowMs = session.NextWakeMs - 1;
        session.Tick(clock.NowMs);
        Assert.IsFalse(call.IsCompleted);
        clock.NowMs++;
        session.Tick(clock.NowMs);
        Assert.IsTrue(call.TimedOut);
        Assert.AreEqual(1, callbacks);
        Assert.IsNull(call.Completion.Result);
        Assert.AreEqual(0, session.PendingManagement);

        // An answer after the time-out is recorded but completes nothing again.
        var seen = new List<ManagementRecord>();
        session.ManagementReceived += seen.Add;
        session.OnFrame(link, Distributed(call.Token, DistributeStatus.Accepted, DeviceId));
        Assert.AreEqual(1, seen.Count);
        Assert.AreEqual(1, callbacks);
    }

    [TestMethod]
    public void Answer_FromAnotherDeviceOrOfAnotherType_DoesNotCompleteTheCall()
    {
        var (link, _, session) = New();
        ManagementCall ping = session.Ping(DeviceId);
        session.OnFrame(link, Identity(0x00DB0000000000EEUL, ping.Token, 1));
        Assert.IsFalse(ping.IsCompleted, "same token from another device");
        session.OnFrame(link, StateReport(DeviceId, ping.Token, DeviceRunState.Idle, 0, 0));
        Assert.IsFalse(ping.IsCompleted, "a state report does not answer a ping");
        session.OnFrame(link, Identity(DeviceId, ping.Token, 1));
        Assert.IsTrue(ping.IsCompleted);
    }

    [TestMethod]
    public void Answer_UnauthenticatedOrReplayed_DroppedCountedAndCompletesNothing()
    {
        var (link, _, session) = New();
        ManagementCall ping = session.Ping(DeviceId);
        HanFrame genuine = Identity(DeviceId, ping.Token, 1);
        HanFrame unauthenticated = Frame(HanFrameKind.Management, DeviceId, genuine.Payload[genuine.PayloadOffset..(genuine.PayloadOffset + genuine.PayloadLength - ManagementAuthenticator.TrailerLength)]);

        session.OnFrame(link, unauthenticated);
        Assert.IsFalse(ping.IsCompleted, "an unauthenticated answer completes nothing");
        Assert.AreEqual(1, session.Management.Dropped);
        StringAssert.Contains(session.Management.LastDropReason, "unauthenticated (no MAC)");

        session.OnFrame(link, genuine);
        Assert.IsTrue(ping.IsCompleted);
        int raised = 0;
        session.ManagementReceived += _ => raised++;
        session.OnFrame(link, genuine);
        Assert.AreEqual(0, raised, "a replayed answer is not raised");
        Assert.AreEqual(2, session.Management.Dropped);
        StringAssert.Contains(session.Management.LastDropReason, "replayed counter");
    }

    [TestMethod]
    public void Tokens_ManyRequests_NeverZeroAndNeverTwoInFlightAlike()
    {
        var (_, _, session) = New();
        var tokens = new HashSet<byte>();
        for (int i = 0; i < 255; i++)
        {
            ManagementCall call = session.QueryState(DeviceId);
            Assert.AreNotEqual((byte)0, call.Token);
            Assert.IsTrue(tokens.Add(call.Token), $"token {call.Token} reused while in flight");
        }

        Assert.ThrowsExactly<InvalidOperationException>(() => session.Ping(DeviceId));
    }

    [TestMethod]
    public void Cs08_Retried_EachAttemptANewHigherCounterAndAnyOfThemMatches()
    {
        var counters = new MemoryOriginatorCounter(0x5000);
        var (link, clock, session) = New(counters);
        GbcsCall call = session.ReadFirmwareVersion(DeviceId);
        clock.NowMs = session.NextWakeMs;
        session.Tick(clock.NowMs);
        CollectionAssert.AreEqual(new ulong[] { 0x5000, 0x5001 }, call.Counters.ToArray());
        GbcsEnvelope first = ReadGbcs(link.Sent[0]);
        GbcsEnvelope second = ReadGbcs(link.Sent[1]);
        Assert.AreEqual(0x5000UL, first.OriginatorCounter);
        Assert.AreEqual(0x5001UL, second.OriginatorCounter);
        Assert.AreEqual(HubSessionOptions.DefaultAcbSystemTitle, first.OriginatorSystemTitle);
        Assert.AreEqual(DeviceId, first.RecipientSystemTitle);
        Assert.AreEqual(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, first.MessageCode);

        // A response to an unknown counter is not this call's; the first attempt's counter is.
        session.OnFrame(link, Cs08Response(DeviceId, 0x4FFF, 7));
        Assert.IsFalse(call.IsCompleted);
        session.OnFrame(link, Cs08Response(DeviceId, 0x5000, 0x00010105));
        Assert.IsTrue(call.IsCompleted);
        Assert.AreEqual(0x00010105u, ((FirmwareVersionResponse)call.Reply!).FirmwareVersion);
        Assert.AreEqual(0x5002UL, counters.Peek);
    }

    [TestMethod]
    public void Cs06_Answered_DecodesCodeAndVersionFromTheSupplierTitle()
    {
        var (link, _, session) = New();
        byte[] hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        GbcsCall call = session.ActivateFirmware(HubId, hash);
        GbcsEnvelope sent = ReadGbcs(link.Sent.Single());
        Assert.AreEqual(GbcsMessageCode.ActivateFirmware, sent.MessageCode);
        Assert.AreEqual(HubSessionOptions.DefaultSupplierSystemTitle, sent.OriginatorSystemTitle);
        var command = new ActivateFirmwareCommand();
        Assert.AreEqual(GbcsPayloadStatus.Ok, ActivateFirmwareCommand.TryDecode(new HanBench.Protocol.Bytes.ByteReader(sent.ContentBuffer, sent.ContentOffset, sent.ContentLength), command));
        CollectionAssert.AreEqual(hash, command.ManufacturerImageHash);
        Assert.AreEqual(sent.OriginatorCounter, command.OriginatorCounter);

        session.OnFrame(link, Cs06Response(HubId, sent.OriginatorCounter, ActivateFirmwareResponseCode.Success, 0x00020000));
        var answer = (FirmwareActivationResponse)call.Reply!;
        Assert.AreEqual(ActivateFirmwareResponseCode.Success, answer.ResponseCode);
        Assert.AreEqual(0x00020000u, answer.FirmwareVersion);
        Assert.ThrowsExactly<ArgumentException>(() => session.ActivateFirmware(HubId, new byte[31]));
    }

    [TestMethod]
    public void Alerts_TransferAndActivation_DecodedAndRaisedNotMatchedToCalls()
    {
        var (link, _, session) = New();
        var transfers = new List<HubTransferAlert>();
        var activations = new List<DeviceActivationAlert>();
        session.TransferAlertReceived += transfers.Add;
        session.ActivationAlertReceived += activations.Add;
        GbcsCall pending = session.ReadFirmwareVersion(DeviceId);
        var time = new GbcsTimestamp(2025, 1, 1, 0, 10, 5);
        session.OnFrame(link, TransferAlert(DeviceId, pending.Counters[0], 0x00010105, FirmwareTransferResponseCode.HardwareVersionMismatch, time));
        session.OnFrame(link, ActivationAlert(DeviceId, 9, 0x00010105, PpmidFirmwareActivationResult.Success, time));
        Assert.AreEqual(2, transfers.Count + activations.Count);
        Assert.AreEqual(GbcsAlertCode.FirmwareTransferFailure, transfers[0].AlertCode);
        Assert.AreEqual(DeviceId, transfers[0].Device);
        Assert.AreEqual(FirmwareTransferResponseCode.HardwareVersionMismatch, transfers[0].Response);
        Assert.AreEqual(new DateTimeOffset(2025, 1, 1, 0, 10, 5, TimeSpan.Zero), transfers[0].HubTime);
        Assert.AreEqual(PpmidFirmwareActivationResult.Success, activations[0].Result);
        Assert.AreEqual(0x00010105u, activations[0].FirmwareVersion);
        Assert.IsFalse(pending.IsCompleted, "an alert never answers a command, whatever its counter");
    }

    [TestMethod]
    public void Cs08Response_ContentDoesNotDecode_AnswersTheCallWithTheUntypedMessage()
    {
        var (link, _, session) = New();
        var taken = new List<HubGbcsMessage>();
        session.GbcsReceived += taken.Add;
        GbcsCall good = session.ReadFirmwareVersion(DeviceId);
        session.OnFrame(link, Cs08Response(DeviceId, good.Counters[0], 0x00010105));
        GbcsCall bad = session.ReadFirmwareVersion(DeviceId);
        HanFrame unprotected = CspFrames.Gbcs(DeviceId, GbcsCraFlag.Response, bad.Counters[0], DeviceId, HubSessionOptions.DefaultAcbSystemTitle, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, [0x01],
            remoteParty: (HubSessionOptions.DefaultSupplierSystemTitle, 2));
        session.OnFrame(link, Macd(unprotected, HubSessionOptions.DefaultKeys.SharedSecretWith(DeviceId)));

        Assert.AreEqual(2, taken.Count);
        var read = (FirmwareVersionResponse)good.Reply!;
        Assert.AreEqual(new GbcsHeader(GbcsCraFlag.Response, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, good.Counters[0], DeviceId, HubSessionOptions.DefaultAcbSystemTitle), read.Header);
        Assert.AreEqual(ReadFirmwareVersionResponseCode.Success, read.ResponseCode);
        Assert.IsTrue(bad.IsCompleted, "the response is the call's even though its content is unreadable");
        Assert.AreEqual(typeof(HubGbcsMessage), bad.Reply!.GetType(), "no typed CS08 response for content that does not decode");
        Assert.AreEqual(bad.Counters[0], bad.Reply.Header.OriginatorCounter);
        Assert.AreSame(bad.Reply, taken[1]);
    }

    [TestMethod]
    public void Malformed_ManagementAndGbcs_CountedAndIgnored()
    {
        var (link, _, session) = New();
        session.OnFrame(link, Frame(HanFrameKind.Management, HubId, [0x7E, 0x01]));
        session.OnFrame(link, Frame(HanFrameKind.Gbcs, HubId, [0xDD, 0x00, 0x01]));
        Assert.AreEqual(2, session.Malformed);
    }

    [TestMethod]
    public void WakeRequested_OnlyForCallsFromOutsideFrameAndTick()
    {
        var (link, clock, session) = New();
        int wakes = 0;
        session.WakeRequested += () => wakes++;
        session.Ping(DeviceId);
        Assert.AreEqual(1, wakes);
        var extension = new CallingExtension(session);
        session.Attach(extension);
        Assert.AreEqual(2, wakes);
        clock.NowMs = 5;
        session.Tick(5);
        Assert.AreEqual(1, extension.Ticks);
        Assert.AreEqual(2, wakes, "a request made inside Tick needs no wake: the runner re-reads NextWakeMs after it");
        Assert.AreEqual(2, link.Sent.Count);
    }

    [TestMethod]
    public void InventoryCounter_Reopened_ContinuesAboveEveryCounterHandedOut()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-csp-{Guid.NewGuid():N}.db");
        try
        {
            ulong last;
            using (InventoryStore store = InventoryStore.Open(path))
            {
                var counter = new InventoryOriginatorCounter(store, first: 0x1000);
                Assert.AreEqual(0x1000UL, counter.Next());
                last = 0;
                for (int i = 0; i < 100; i++)
                {
                    ulong next = counter.Next();
                    Assert.IsTrue(next > last || i == 0);
                    last = next;
                }
            }

            // A host killed mid-block restarts above the whole block reserved, so above every counter it sent.
            using (InventoryStore store = InventoryStore.Open(path))
            {
                var counter = new InventoryOriginatorCounter(store, first: 0x1000);
                ulong next = counter.Next();
                Assert.IsTrue(next > last, $"{next:X} after {last:X}");
                Assert.AreEqual(0x1000UL + (2 * InventoryOriginatorCounter.BlockSize), next);
            }
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + "-wal");
            File.Delete(path + "-shm");
        }
    }

    [TestMethod]
    public void StandardBench_SessionOnTheMedium_DeliversAnImageAndReadsCs08ThroughTheHub()
    {
        var bench = new StandardBench(17);
        bench.JoinAll();
        HubSession session = bench.Host.Session;
        BenchImage image = BenchImages.Build(0x1DB0, 0x0200, 0x00010105, 20_000, 3);
        var events = new List<HubDeliveryEvent>();
        session.Images.Delivery += events.Add;
        session.Images.DeliverImage(image.Bytes);
        Assert.IsTrue(bench.RunUntil(() => events.Any(e => e.Kind == HubDeliveryEventKind.Delivered), 600_000));
        Assert.AreEqual(HubDeliveryEventKind.Started, events[0].Kind);
        HubDeliveryEvent[] progress = events.Where(e => e.Kind == HubDeliveryEventKind.Progress).ToArray();
        Assert.IsTrue(progress.Length > 10);
        Assert.AreEqual((uint)image.Bytes.Length, progress.Max(e => e.Offset));
        Assert.AreEqual((uint)image.Bytes.Length, events.Single(e => e.Kind == HubDeliveryEventKind.Delivered).Size);

        GbcsCall read = session.ReadFirmwareVersion(StandardBench.B2Eui);
        Assert.IsTrue(bench.RunUntil(() => read.IsCompleted, 60_000));
        Assert.AreEqual(0x00010000u, ((FirmwareVersionResponse)read.Reply!).FirmwareVersion);
        ManagementCall state = session.QueryState(StandardBench.HubEui);
        Assert.IsTrue(bench.RunUntil(() => state.IsCompleted, 60_000));
        Assert.AreEqual((byte)7, state.Reply!.Report!.JoinedDevices);
    }

    private static (RecordingLink Link, ManualClock Clock, HubSession Session) New(IOriginatorCounterSource? counters = null)
    {
        var link = new RecordingLink();
        var clock = new ManualClock();
        return (link, clock, NewSession(link, clock, counters));
    }

    private sealed class CallingExtension(HubSession session) : IHubSessionExtension
    {
        private bool _done;

        public int Ticks { get; private set; }

        public long NextWakeMs => _done ? long.MaxValue : 5;

        public void Tick(long nowMs)
        {
            Ticks++;
            _done = true;
            session.QueryState(DeviceId);
        }
    }
}
