namespace HanBench.Host.Csp;

/// <summary>How long a <see cref="HubSession"/> waits for an answer, and how many times it sends a request in all.</summary>
/// <param name="TimeoutMs">Wait per attempt.</param>
/// <param name="Attempts">Sends in all (1 = no retry).</param>
public readonly record struct RetryPolicy(long TimeoutMs, int Attempts)
{
    /// <summary>One send, <paramref name="timeoutMs"/> to answer.</summary>
    public static RetryPolicy Once(long timeoutMs) => new(timeoutMs, 1);

    /// <summary>This policy with its time-out divided by <paramref name="factor"/> (see <see cref="DistributionSettings.Scaled"/>).</summary>
    public RetryPolicy Scaled(double factor) => this with { TimeoutMs = Math.Max(1, (long)(TimeoutMs / factor)) };

    /// <summary>Checks the values (a programmer error otherwise).</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TimeoutMs, 1L, nameof(TimeoutMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(Attempts, 1, nameof(Attempts));
    }
}

/// <summary>Where the originator counters of the host's GBCS commands come from (GBCS: strictly increasing per originator).</summary>
public interface IOriginatorCounterSource
{
    /// <summary>The next counter, greater than every one returned before (also before a restart, for a persistent source).</summary>
    ulong Next();
}

/// <summary>An in-memory counter source (tests, the bench's stub); a restarted host needs <see cref="InventoryOriginatorCounter"/>.</summary>
/// <param name="next">The first counter.</param>
public sealed class MemoryOriginatorCounter(ulong next) : IOriginatorCounterSource
{
    /// <summary>The counter <see cref="Next"/> returns next.</summary>
    public ulong Peek { get; set; } = next;

    /// <inheritdoc />
    public ulong Next() => Peek++;
}

/// <summary>Something that runs on a <see cref="HubSession"/>'s thread and clock (the distribution engine): ticked with it.</summary>
public interface IHubSessionExtension
{
    /// <summary>When <see cref="Tick"/> is next needed (<see cref="HanBench.Device.Roles.WakeTime.Never"/> for never).</summary>
    long NextWakeMs { get; }

    /// <summary>Runs what is due at <paramref name="nowMs"/>.</summary>
    void Tick(long nowMs);
}
