using HanBench.Bench.Devices;
using HanBench.Bench.Time;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Radio;

[TestClass]
public sealed class RoleDriverTests
{
    [TestMethod]
    public void Driver_RoleWithTimers_TickedAtEachWakeAndNeverEarly()
    {
        var scheduler = new VirtualScheduler();
        var role = new Timer([5, 12, 12, 40]);
        var driver = new RoleDriver(scheduler, role);

        driver.Start();
        scheduler.RunUntilIdle();

        CollectionAssert.AreEqual(new long[] { 5, 12, 12, 40 }, role.Ticks);
        Assert.AreEqual(0L, role.StartedAt);
        Assert.AreEqual(4L, driver.Ticks);
    }

    [TestMethod]
    public void Driver_Stopped_NoMoreTicksOrFrames()
    {
        var scheduler = new VirtualScheduler();
        var role = new Timer([5, 10]);
        var driver = new RoleDriver(scheduler, role);
        driver.Start();
        scheduler.RunUntilMs(6);

        driver.Stop();
        driver.Deliver(null!, new HanFrame());
        scheduler.RunUntilIdle();

        CollectionAssert.AreEqual(new long[] { 5 }, role.Ticks);
        Assert.AreEqual(0, role.Frames);
    }

    [TestMethod]
    public void Driver_RoleThatNeverLetsTimePass_FailsLoudly()
    {
        var scheduler = new VirtualScheduler();
        var driver = new RoleDriver(scheduler, new Stuck());
        driver.Start();

        Assert.ThrowsExactly<InvalidOperationException>(() => scheduler.RunUntilIdle());
    }

    private sealed class Timer(long[] wakes) : IDeviceRole
    {
        private int _next;

        public List<long> Ticks { get; } = [];

        public long StartedAt { get; private set; } = -1;

        public int Frames { get; private set; }

        public long NextWakeMs => _next < wakes.Length ? wakes[_next] : WakeTime.Never;

        public void Start(long nowMs) => StartedAt = nowMs;

        public void OnFrame(IFrameLink link, HanFrame frame) => Frames++;

        public void Tick(long nowMs)
        {
            Assert.IsTrue(nowMs >= NextWakeMs, $"ticked early at {nowMs}");
            Ticks.Add(nowMs);
            _next++;
        }
    }

    private sealed class Stuck : IDeviceRole
    {
        public long NextWakeMs => 0;

        public void Start(long nowMs)
        {
        }

        public void OnFrame(IFrameLink link, HanFrame frame)
        {
        }

        public void Tick(long nowMs)
        {
        }
    }
}
