using System.Globalization;
using HanBench.Device.Roles;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

/// <summary>
/// An image file the engine distributes: its key (<see cref="FirmwareRequestRecord.FileKey"/>: one per file, so two files
/// with one Manufacturer Image are two images), its Manufacturer Image hash (hex and bytes: what the hub and CS06 name),
/// the file and its OTA identity.
/// </summary>
internal sealed record DistributionImage(string Key, string Hash, byte[] HashBytes, byte[] Bytes, ImageIdentity Identity);

/// <summary>What the engine knows in memory about one device's update (rebuilt from the inventory after a restart).</summary>
internal sealed class DistributionJob(FirmwareProgressRecord record, FirmwareRequestRecord request, DistributionImage image, long startedMs)
{
    public (long, Eui64) Key { get; } = (record.RequestRowId, record.DeviceId);

    public FirmwareProgressRecord Record { get; set; } = record;

    public FirmwareRequestRecord Request { get; } = request;

    public DistributionImage Image { get; } = image;

    /// <summary>
    /// Whether <paramref name="version"/> is the one the request asked for: what the device must report for the update to
    /// count as transferred or activated (the engine refuses a request whose file's header carries another version).
    /// </summary>
    public bool IsTarget(uint version) => FirmwareVersionText.Names(Request.FirmwareVersion, version);

    public long StartedMs { get; } = startedMs;

    public long NextActionMs { get; set; } = WakeTime.Never;

    public bool Resumed { get; set; }

    public bool CallInFlight { get; set; }

    public bool NeedsVerify { get; set; }

    public int HubFailures { get; set; }

    public int ActivationChecks { get; set; }

    public long? ActivationDeadlineMs { get; set; }

    public DistributionLeg Leg { get; set; }

    public long BytesDone { get; set; }

    public long? EtaMs { get; set; }

    public long LastAdvanceMs { get; set; }

    /// <summary>Progress polls unanswered in a row (see <see cref="DistributionSettings.SilentPollsBeforeSaid"/>).</summary>
    public int SilentPolls { get; set; }

    /// <summary>Progress polls in a row the hub answered with no download by the device yet (<see cref="DistributionSettings.UnstartedPollsBeforeSaid"/>).</summary>
    public int UnstartedPolls { get; set; }

    /// <summary>When the "has not started" line may be said again.</summary>
    public long NextUnstartedNoteMs { get; set; }

    /// <summary>When this leg's bytes were last written to the inventory; null: not yet on this leg.</summary>
    public long? LastPersistMs { get; set; }

    /// <summary>The bytes last written to the inventory.</summary>
    public long PersistedBytes { get; set; }

    public long LastPublishMs { get; set; } = long.MinValue / 2;

    public RateEstimator Rate { get; } = new();

    public long? OnHubMs { get; set; }

    public long? TransferStartedMs { get; set; }

    public long? TransferredMs { get; set; }

    public long? FinishedMs { get; set; }

    /// <summary>The row as the inventory now holds it: timings and bytes follow the state it moved to.</summary>
    public void Moved(FirmwareProgressRecord row, long nowMs)
    {
        if (row.State != Record.State)
        {
            switch (row.State)
            {
                case FirmwareProgressState.OnHub:
                    OnHubMs ??= nowMs;
                    NewLeg();
                    break;
                case FirmwareProgressState.Transferring:
                    TransferStartedMs ??= nowMs;
                    break;
                case FirmwareProgressState.Transferred:
                    TransferredMs ??= nowMs;
                    BytesDone = row.BytesTotal;
                    EtaMs = 0;
                    break;
                case FirmwareProgressState.Queued:
                    NewLeg();
                    break;
            }
        }

        Record = row;
        if (FirmwareProgressTransitions.IsTerminal(row.State))
        {
            FinishedMs ??= nowMs;
            Leg = DistributionLeg.None;
        }
    }

    /// <summary>
    /// A leg starts afresh (the image is on the hub, or the update is queued for another attempt): what was counted about
    /// the last leg's bytes and polls is not this one's. The unstarted and silent poll counts and the time of the last
    /// "has not started" note go too, so a retried attempt is named after its own polls (review F7).
    /// </summary>
    private void NewLeg()
    {
        LastPersistMs = null;
        PersistedBytes = 0;
        BytesDone = 0;
        EtaMs = null;
        Rate.Clear();
        SilentPolls = 0;
        UnstartedPolls = 0;
        NextUnstartedNoteMs = 0;
    }

    /// <summary>What the engine publishes about this update now.</summary>
    public DistributionProgress View()
    {
        FirmwareProgressRecord row = Record;
        return new DistributionProgress(
            Request.RequestId,
            row.RequestRowId,
            row.DeviceId,
            row.Component,
            Request.FirmwareVersion,
            row.State,
            Leg,
            row.State is FirmwareProgressState.Transferred or FirmwareProgressState.Activated ? row.BytesTotal : BytesDone,
            row.BytesTotal,
            EtaMs,
            row.Attempts,
            row.FailureReason,
            new DistributionTiming(StartedMs, OnHubMs, TransferStartedMs, TransferredMs, FinishedMs));
    }
}

/// <summary>Bytes per millisecond over a sliding window of samples, for an ETA.</summary>
internal sealed class RateEstimator
{
    private const int Window = 8;
    private readonly Queue<(long AtMs, long Bytes)> _samples = new();

    public bool IsEmpty => _samples.Count == 0;

    public void Add(long atMs, long bytes)
    {
        _samples.Enqueue((atMs, bytes));
        while (_samples.Count > Window)
        {
            _samples.Dequeue();
        }
    }

    public void Clear() => _samples.Clear();

    public long? EtaMs(long remainingBytes)
    {
        if (_samples.Count < 2)
        {
            return null;
        }

        (long firstMs, long firstBytes) = _samples.Peek();
        (long lastMs, long lastBytes) = _samples.Last();
        if (lastMs <= firstMs || lastBytes <= firstBytes)
        {
            return null;
        }

        double rate = (double)(lastBytes - firstBytes) / (lastMs - firstMs);
        return (long)Math.Ceiling(Math.Max(0, remainingBytes) / rate);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_samples.Count} samples");
}
