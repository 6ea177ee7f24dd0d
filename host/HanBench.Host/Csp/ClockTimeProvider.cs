using HanBench.Device.Hal;

namespace HanBench.Host.Csp;

/// <summary>
/// A <see cref="TimeProvider"/> that follows a session clock from an epoch: the inventory's times (retry deadlines,
/// alert times) then run in the bench's virtual time, so a backoff of minutes passes in a virtual-time run as it would on
/// the wall clock.
/// </summary>
/// <param name="clock">The clock (a bench scheduler).</param>
/// <param name="epoch">UTC at clock 0.</param>
public sealed class ClockTimeProvider(IClock clock, DateTimeOffset epoch) : TimeProvider
{
    /// <summary>
    /// UTC at clock 0 of every bench, 2025-01-01T00:00:00Z: the devices' default time at clock 0, so the host and the
    /// devices agree (one definition, <see cref="HanBench.Device.Roles.RoleSettings.DefaultUtcSecondsAtClockZero"/>,
    /// counted from the GBCS epoch 2000-01-01).
    /// </summary>
    public static readonly DateTimeOffset BenchEpoch =
        new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(HanBench.Device.Roles.RoleSettings.DefaultUtcSecondsAtClockZero);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => epoch.AddMilliseconds(clock.NowMs);
}
