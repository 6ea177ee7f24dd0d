using HanBench.Device.Roles;
using HanBench.Host.Csp;
using static HanBench.Host.Tests.Csp.CspFrames;

namespace HanBench.Host.Tests.Csp;

/// <summary>Audit B1 of issue 13: a hub behind an open link that never answers is said, slowly repeated, and its return too.</summary>
[TestClass]
public sealed class HubLivenessTests
{
    private const long NoteMs = HubSessionOptions.DefaultSilenceNoteMs;

    [TestMethod]
    public void Ping_NeverAnswered_NotedAfterTheNoteTimeThenAtTheRepeatInterval()
    {
        var (link, clock, session, notes, _) = New();
        session.Ping(HubId);

        RunUntil(session, clock, NoteMs - 1);
        Assert.AreEqual(0, notes.Count, "not before the note time, although the ping's attempts ran out long before");
        RunUntil(session, clock, NoteMs);
        CollectionAssert.AreEqual(new long[] { NoteMs }, notes);
        RunUntil(session, clock, NoteMs + 60_000 - 1);
        Assert.AreEqual(1, notes.Count, "repeated at the slow interval, not every tick");
        RunUntil(session, clock, NoteMs + 60_000);
        CollectionAssert.AreEqual(new long[] { NoteMs, NoteMs + 60_000 }, notes);
        Assert.AreEqual(NoteMs + 60_000, session.Liveness.SilentForMs(clock.NowMs));
        Assert.AreEqual(3, link.Sent.Count, "the ping's three attempts: the note sends nothing");
    }

    [TestMethod]
    public void Hub_AnswersAfterTheNote_SaidOnceWithHowLongItWasSilent()
    {
        var (link, clock, session, notes, again) = New();
        session.QueryState(HubId);
        RunUntil(session, clock, NoteMs + 5_000);
        Assert.AreEqual(1, notes.Count);

        session.OnFrame(link, Identity(HubId, 0x7F, 1));
        CollectionAssert.AreEqual(new long[] { NoteMs + 5_000 }, again);
        Assert.AreEqual(0, session.Liveness.SilentForMs(clock.NowMs));
        Assert.AreEqual(WakeTime.Never, session.Liveness.NextWakeMs);
        RunUntil(session, clock, 10 * NoteMs);
        Assert.AreEqual(1, notes.Count, "heard: no more notes until it owes an answer again");
    }

    [TestMethod]
    public void Ping_AnsweredInTime_NeverNoted()
    {
        var (link, clock, session, notes, again) = New();
        ManagementCall call = session.Ping(HubId);
        clock.NowMs = 40;
        session.OnFrame(link, Identity(HubId, call.Token, 1));
        RunUntil(session, clock, 10 * NoteMs);
        Assert.AreEqual(0, notes.Count);
        Assert.AreEqual(0, again.Count, "no return is said for a silence that was never noted");
    }

    [TestMethod]
    public void Session_AsksNothing_NeverNotedHoweverLongTheHubIsQuiet()
    {
        var (_, clock, session, notes, _) = New();
        RunUntil(session, clock, 10 * NoteMs);
        Assert.AreEqual(0, notes.Count);
        Assert.AreEqual(0, session.Liveness.SilentForMs(clock.NowMs));
    }

    [TestMethod]
    public void DeviceBehindTheHub_NeverAnswers_NotTheHubsSilence()
    {
        // The hub only passes a frame for a HAN device on (review F3): a device that is off is the device's silence,
        // said by HanTransferMonitor and its call's own time-out, never "hub not answering".
        var (_, clock, session, notes, _) = New();
        session.Ping(DeviceId);
        session.QueryState(DeviceId);
        RunUntil(session, clock, 10 * NoteMs);
        Assert.AreEqual(0, notes.Count);
        Assert.AreEqual(0, session.Liveness.SilentForMs(clock.NowMs));
    }

    [TestMethod]
    public void Ping_TheLinkRefusesIt_NotTheHubsSilence()
    {
        // A link that is down or never opened says so itself (LinkConnector.GiveUpAfter): the hub was never asked.
        var (link, clock, session, notes, _) = New();
        link.Refuse = true;
        session.Ping(HubId);
        RunUntil(session, clock, 10 * NoteMs);
        Assert.AreEqual(0, notes.Count);
        Assert.AreEqual(0, session.Liveness.SilentForMs(clock.NowMs));
    }

    [TestMethod]
    public void SilenceCountsFromTheFirstUnansweredFrame_NotTheLatest()
    {
        var (_, clock, session, notes, _) = New();
        session.Ping(HubId);
        clock.NowMs = NoteMs / 2;
        session.Ping(HubId);
        RunUntil(session, clock, NoteMs);
        CollectionAssert.AreEqual(new long[] { NoteMs }, notes, "a later request does not restart the count");
    }

    private static (RecordingLink Link, ManualClock Clock, HubSession Session, List<long> Notes, List<long> Again) New()
    {
        var link = new RecordingLink();
        var clock = new ManualClock();
        HubSession session = NewSession(link, clock);
        var notes = new List<long>();
        var again = new List<long>();
        session.Liveness.NotAnswering += notes.Add;
        session.Liveness.AnsweringAgain += again.Add;
        return (link, clock, session, notes, again);
    }

    /// <summary>Ticks <paramref name="session"/> at each wake time up to <paramref name="untilMs"/>, then leaves the clock there.</summary>
    private static void RunUntil(HubSession session, ManualClock clock, long untilMs)
    {
        while (session.NextWakeMs <= untilMs)
        {
            clock.NowMs = Math.Max(clock.NowMs, session.NextWakeMs);
            session.Tick(clock.NowMs);
        }

        clock.NowMs = untilMs;
    }
}
