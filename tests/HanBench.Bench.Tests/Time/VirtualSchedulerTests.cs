using HanBench.Bench.Time;

namespace HanBench.Bench.Tests.Time;

[TestClass]
public sealed class VirtualSchedulerTests
{
    [TestMethod]
    public void Schedule_EqualTimes_RunInInsertionOrder()
    {
        var scheduler = new VirtualScheduler();
        var order = new List<int>();
        for (int i = 0; i < 20; i++)
        {
            int n = i;
            scheduler.ScheduleAtMs(5, () => order.Add(n));
        }

        scheduler.RunUntilIdle();

        CollectionAssert.AreEqual(Enumerable.Range(0, 20).ToList(), order);
    }

    [TestMethod]
    public void Schedule_OutOfOrderTimes_RunInTimeOrderAndClockFollows()
    {
        var scheduler = new VirtualScheduler();
        var seen = new List<(string Name, long NowUs)>();
        scheduler.ScheduleAtUs(3_000, () => seen.Add(("c", scheduler.NowUs)));
        scheduler.ScheduleAtUs(1_500, () => seen.Add(("a", scheduler.NowUs)));
        scheduler.ScheduleAtUs(2_000, () => seen.Add(("b", scheduler.NowUs)));

        scheduler.RunUntilIdle();

        CollectionAssert.AreEqual(new[] { ("a", 1_500L), ("b", 2_000L), ("c", 3_000L) }, seen);
        Assert.AreEqual(3L, scheduler.NowMs);
        Assert.AreEqual(3L, scheduler.EventsRun);
    }

    [TestMethod]
    public void RunUntilMs_LaterEventsPending_RunsDueOnesAndParksClockAtTime()
    {
        var scheduler = new VirtualScheduler();
        var ran = new List<long>();
        foreach (long t in new long[] { 10, 20, 30, 40 })
        {
            scheduler.ScheduleAtMs(t, () => ran.Add(scheduler.NowMs));
        }

        long count = scheduler.RunUntilMs(30);

        Assert.AreEqual(3L, count);
        CollectionAssert.AreEqual(new long[] { 10, 20, 30 }, ran);
        Assert.AreEqual(30_000L, scheduler.NowUs);
        Assert.AreEqual(1, scheduler.PendingCount);
        scheduler.RunUntilMs(35);
        Assert.AreEqual(35L, scheduler.NowMs);
        Assert.AreEqual(3, ran.Count);
    }

    [TestMethod]
    public void RunUntilIdle_EventsScheduleMore_RunsTheChainToTheEnd()
    {
        var scheduler = new VirtualScheduler();
        int fired = 0;
        void Next()
        {
            fired++;
            if (fired < 1000)
            {
                scheduler.ScheduleAfterUs(250, Next);
            }
        }

        scheduler.Post(Next);

        Assert.IsTrue(scheduler.RunUntilIdle());
        Assert.AreEqual(1000, fired);
        Assert.AreEqual(999L * 250, scheduler.NowUs);
    }

    [TestMethod]
    public void RunUntilIdle_Deadline_StopsBeforeLaterEvents()
    {
        var scheduler = new VirtualScheduler();
        scheduler.ScheduleAtMs(1, () => { });
        scheduler.ScheduleAtMs(100, () => { });

        Assert.IsFalse(scheduler.RunUntilIdle(50));
        Assert.AreEqual(1, scheduler.PendingCount);
    }

    [TestMethod]
    public void RunUntil_ConditionBecomesTrue_StopsAtThatEvent()
    {
        var scheduler = new VirtualScheduler();
        int count = 0;
        for (int i = 1; i <= 10; i++)
        {
            scheduler.ScheduleAtMs(i * 10, () => count++);
        }

        bool met = scheduler.RunUntil(() => count == 4, 1_000);

        Assert.IsTrue(met);
        Assert.AreEqual(40L, scheduler.NowMs);
        Assert.AreEqual(6, scheduler.PendingCount);
    }

    [TestMethod]
    public void RunUntil_ConditionNeverTrue_ReturnsFalseWithClockAtDeadline()
    {
        var scheduler = new VirtualScheduler();
        scheduler.ScheduleAtMs(10, () => { });
        scheduler.ScheduleAtMs(900, () => { });

        bool met = scheduler.RunUntil(() => false, 500);

        Assert.IsFalse(met);
        Assert.AreEqual(500L, scheduler.NowMs);
        Assert.AreEqual(1, scheduler.PendingCount);
    }

    [TestMethod]
    public void Cancel_PendingEvent_NeverRuns()
    {
        var scheduler = new VirtualScheduler();
        bool ran = false;
        ScheduledEvent scheduled = scheduler.ScheduleAtMs(5, () => ran = true);

        Assert.IsTrue(scheduled.Cancel());
        Assert.IsFalse(scheduled.Cancel());
        Assert.AreEqual(0, scheduler.PendingCount);
        Assert.IsTrue(scheduler.RunUntilIdle());
        Assert.IsFalse(ran);
        Assert.AreEqual(0L, scheduler.EventsRun);
    }

    [TestMethod]
    public void ScheduleAtUs_TimeInThePast_RunsNowNotBackwards()
    {
        var scheduler = new VirtualScheduler();
        scheduler.RunUntilMs(100);
        long seenAt = -1;

        ScheduledEvent scheduled = scheduler.ScheduleAtMs(10, () => seenAt = scheduler.NowMs);
        scheduler.RunUntilIdle();

        Assert.AreEqual(100_000L, scheduled.TimeUs);
        Assert.AreEqual(100L, seenAt);
    }

    [TestMethod]
    public void Step_RunsOneEventAtATime()
    {
        var scheduler = new VirtualScheduler();
        scheduler.ScheduleAtUs(7, () => { });
        scheduler.ScheduleAtUs(9, () => { });

        Assert.IsTrue(scheduler.Step());
        Assert.AreEqual(7L, scheduler.NowUs);
        Assert.IsTrue(scheduler.Step());
        Assert.AreEqual(9L, scheduler.NowUs);
        Assert.IsFalse(scheduler.Step());
    }

    [TestMethod]
    public void RandomSchedule_SameSeed_SameOrderEveryRun()
    {
        const ulong seed = 0x5EEDF00DUL;
        List<int> first = RandomRun(seed);
        List<int> second = RandomRun(seed);
        List<int> other = RandomRun(seed + 1);

        CollectionAssert.AreEqual(first, second, $"seed {seed}");
        CollectionAssert.AreNotEqual(first, other, $"seed {seed}");
        Assert.AreEqual(5_000, first.Count);
    }

    private static List<int> RandomRun(ulong seed)
    {
        var random = new BenchRandom(seed);
        var scheduler = new VirtualScheduler();
        var order = new List<int>();
        var times = new List<long>();
        for (int i = 0; i < 5_000; i++)
        {
            int n = i;
            long at = random.Next(200);
            times.Add(at);
            scheduler.ScheduleAtUs(at, () => order.Add(n));
        }

        scheduler.RunUntilIdle();

        // Order must be by time, then by insertion.
        for (int k = 1; k < order.Count; k++)
        {
            long t0 = times[order[k - 1]];
            long t1 = times[order[k]];
            Assert.IsTrue(t0 < t1 || (t0 == t1 && order[k - 1] < order[k]), $"seed {seed}: position {k}");
        }

        return order;
    }
}
