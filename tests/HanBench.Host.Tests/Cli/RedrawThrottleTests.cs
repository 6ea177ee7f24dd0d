using HanBench.Cli;

namespace HanBench.Host.Tests.Cli;

[TestClass]
public sealed class RedrawThrottleTests
{
    [TestMethod]
    public void ShouldRedraw_AnEventEveryMillisecondForTwoSeconds_AtMostFourFramesASecond()
    {
        long now = 0;
        var throttle = new RedrawThrottle(() => now);
        int frames = 0;
        for (now = 0; now < 2000; now++)
        {
            frames += throttle.ShouldRedraw() ? 1 : 0;
        }

        Assert.AreEqual(8, frames);
    }

    [TestMethod]
    public void ShouldRedraw_Urgent_DrawsAtOnce()
    {
        long now = 0;
        var throttle = new RedrawThrottle(() => now);
        Assert.IsTrue(throttle.ShouldRedraw());
        now = 1;
        Assert.IsFalse(throttle.ShouldRedraw());
        Assert.IsTrue(throttle.ShouldRedraw(urgent: true));
    }
}
