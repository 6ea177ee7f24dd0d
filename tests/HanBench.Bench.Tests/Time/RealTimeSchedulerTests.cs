using HanBench.Bench.Time;

namespace HanBench.Bench.Tests.Time;

[TestClass]
public sealed class RealTimeSchedulerTests
{
    [TestMethod]
    public void RunUntilIdle_DueEvents_RunInTimeThenInsertionOrder()
    {
        // The late event must still be in the future when the posts are queued (at the then-current time); 2 ms was
        // not enough on a loaded machine, where the first Post's JIT alone can take longer.
        const long lateUs = 250_000;
        var scheduler = new RealTimeScheduler();
        var order = new List<string>();
        scheduler.ScheduleAfterUs(lateUs, () => order.Add("late"));
        scheduler.Post(() => order.Add("first"));
        scheduler.Post(() => order.Add("second"));

        Assert.IsTrue(scheduler.RunUntilIdle(60_000));

        CollectionAssert.AreEqual(new[] { "first", "second", "late" }, order);
        Assert.IsTrue(scheduler.NowUs >= lateUs, $"now {scheduler.NowUs} µs");
    }

    [TestMethod]
    public void RunUntil_PostFromAnotherThread_WakesTheLoop()
    {
        var scheduler = new RealTimeScheduler();
        bool posted = false;
        var poster = new Thread(() => scheduler.Post(() => posted = true));

        poster.Start();
        bool met = scheduler.RunUntil(() => posted, scheduler.NowMs + 60_000);
        poster.Join();

        Assert.IsTrue(met);
    }
}
