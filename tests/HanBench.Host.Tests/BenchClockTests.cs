using HanBench.Device.Roles;
using HanBench.Host.Csp;

namespace HanBench.Host.Tests;

/// <summary>The bench clock starts where the documentation says: 2025-01-01T00:00:00Z on the host and on every device.</summary>
[TestClass]
public sealed class BenchClockTests
{
    [TestMethod]
    public void BenchEpoch_HostAndDevices_Are20250101Midnight()
    {
        var documented = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.AreEqual(documented, ClockTimeProvider.BenchEpoch);
        Assert.AreEqual(documented, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(RoleSettings.DefaultUtcSecondsAtClockZero));
        Assert.AreEqual(RoleSettings.DefaultUtcSecondsAtClockZero, new RoleSettings().UtcSecondsAtClockZero);
    }
}
