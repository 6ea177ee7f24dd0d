namespace HanBench.Host.Csp;

/// <summary>Timing of the <see cref="DistributionEngine"/> (HanBench choices; the public material gives none).</summary>
public sealed record DistributionSettings
{
    /// <summary>How often the engine re-reads the inventory's queue when nothing else wakes it.</summary>
    public long ScanIntervalMs { get; init; } = 1_000;

    /// <summary>How often a device receiving an image is asked for its progress (StateQuery: the HAN leg's bytes).</summary>
    public long ProgressPollMs { get; init; } = 5_000;

    /// <summary>
    /// Bytes recorded in the inventory at most this often per device (the in-memory view follows every poll), and at once
    /// on a leg's first bytes and when the leg goes quiet, so a resume or the SSI sees where it stands.
    /// </summary>
    public long ProgressPersistMs { get; init; } = 15_000;

    /// <summary>Without a hub download starting or advancing for this long, the image is notified again.</summary>
    public long DeliveryStallMs { get; init; } = 60_000;

    /// <summary>Notifications without progress before a delivery attempt counts as failed (N60).</summary>
    public int DeliveryNotifiesPerAttempt { get; init; } = 4;

    /// <summary>
    /// Progress polls in a row the device leaves unanswered before the engine says it has gone quiet (its HAN link, or
    /// the hub, may be down; issue 13: a HAN hop dropping was said only in the hub board's log), and says so again when
    /// it answers. Three polls: one lost frame is not a dropped link. (HanBench choice.)
    /// </summary>
    public int SilentPollsBeforeSaid { get; init; } = 3;

    /// <summary>
    /// Progress polls the hub answers with no download of the image by the device (it never asked: board off, not on the
    /// hub's HAN) before the engine says so, naming device and hub (audit B7: only <see cref="TransferStallMs"/> led anywhere).
    /// Three polls, 15 s at the default poll. (HanBench choice.)
    /// </summary>
    public int UnstartedPollsBeforeSaid { get; init; } = 3;

    /// <summary>How often the "has not started its download" line is said again while the device stays silent. (HanBench choice.)</summary>
    public long UnstartedRepeatMs { get; init; } = 60_000;

    /// <summary>Without the device's transfer advancing for this long, the engine checks where it stands (CS08, then the hub).</summary>
    public long TransferStallMs { get; init; } = 180_000;

    /// <summary>Wait for 0x8F8B after 0x8F8A before confirming with CS08 (a device restarts into new firmware; 30 s on the bench).</summary>
    public long ActivationTimeoutMs { get; init; } = 120_000;

    /// <summary>CS08 confirmations of an activation, after which the update fails as not activated.</summary>
    public int ActivationChecks { get; init; } = 5;

    /// <summary>Wait before asking the hub again when it is busy with another version of the image type or has no transfer slot.</summary>
    public long HubBusyRetryMs { get; init; } = 20_000;

    /// <summary>First retry delay; doubled per attempt up to <see cref="MaxBackoffMs"/>.</summary>
    public long BaseBackoffMs { get; init; } = 5_000;

    /// <summary>Longest retry delay.</summary>
    public long MaxBackoffMs { get; init; } = 300_000;

    /// <summary>Failed attempts (delivery to the hub, or a hub that lost the image) before the update fails with N61.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Defaults.</summary>
    public static DistributionSettings Default { get; } = new();

    /// <summary>
    /// These settings with every duration divided by <paramref name="factor"/>: for a bench paced faster than the wall
    /// clock, so the CSP's waits look the same from the devices' side.
    /// </summary>
    public DistributionSettings Scaled(double factor)
    {
        if (!(factor > 0) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "a time scale is a positive number");
        }

        long Scale(long ms) => Math.Max(1, (long)(ms / factor));
        return this with
        {
            ScanIntervalMs = Scale(ScanIntervalMs),
            ProgressPollMs = Scale(ProgressPollMs),
            ProgressPersistMs = Scale(ProgressPersistMs),
            UnstartedRepeatMs = Scale(UnstartedRepeatMs),
            DeliveryStallMs = Scale(DeliveryStallMs),
            TransferStallMs = Scale(TransferStallMs),
            ActivationTimeoutMs = Scale(ActivationTimeoutMs),
            HubBusyRetryMs = Scale(HubBusyRetryMs),
            BaseBackoffMs = Scale(BaseBackoffMs),
            MaxBackoffMs = Scale(MaxBackoffMs),
        };
    }

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based).</summary>
    public long BackoffMs(int attempt) => Math.Min(MaxBackoffMs, BaseBackoffMs << Math.Clamp(attempt, 0, 20));
}
