namespace HanBench.Bench.Radio;

/// <summary>What one hop carried. Frames counted at send time; <see cref="Delivered"/> when they arrive.</summary>
public sealed class HopStatistics
{
    private readonly long[] _drops = new long[Enum.GetValues<DropReason>().Length];

    /// <summary>Frames that went on air (lost ones included; too-large ones never do).</summary>
    public long Frames { get; internal set; }

    /// <summary>Encoded frame bytes that went on air (overhead not included).</summary>
    public long Bytes { get; internal set; }

    /// <summary>
    /// Bytes on the line, overhead included: exact for a stream-framed hop (COBS, CRC, delimiter, after address
    /// compression), frame bytes + the model's overhead otherwise.
    /// </summary>
    public long LineBytes { get; internal set; }

    /// <summary>Frames handed to the receiver.</summary>
    public long Delivered { get; internal set; }

    /// <summary>Encoded bytes handed to the receiver.</summary>
    public long DeliveredBytes { get; internal set; }

    /// <summary>Microseconds the hop was busy (airtime of every frame on air).</summary>
    public long BusyUs { get; internal set; }

    /// <summary>Longest wait of a frame for the hop to become free, µs.</summary>
    public long MaxQueueDelayUs { get; internal set; }

    /// <summary>Frames dropped for <paramref name="reason"/>.</summary>
    public long Drops(DropReason reason) => _drops[(int)reason];

    /// <summary>All frames dropped.</summary>
    public long TotalDrops => _drops.Sum();

    /// <summary>Fraction of <paramref name="elapsedUs"/> the hop was busy.</summary>
    public double Utilisation(long elapsedUs) => elapsedUs <= 0 ? 0 : (double)BusyUs / elapsedUs;

    internal void CountDrop(DropReason reason) => _drops[(int)reason]++;
}
