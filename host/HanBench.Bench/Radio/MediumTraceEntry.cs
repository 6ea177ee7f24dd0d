using HanBench.Protocol.Han;

namespace HanBench.Bench.Radio;

/// <summary>What happened to a frame.</summary>
public enum MediumTraceKind
{
    /// <summary>Put on a hop; <see cref="MediumTraceEntry.AtUs"/> is when it will arrive (or would have).</summary>
    Sent,

    /// <summary>Handed to the receiving node.</summary>
    Delivered,

    /// <summary>Not delivered; <see cref="MediumTraceEntry.Reason"/> says why.</summary>
    Dropped,
}

/// <summary>
/// One line of the medium's trace, raised in the order the medium decides things. Two runs with the same seed and the
/// same roles produce the same sequence of entries.
/// </summary>
/// <param name="NowUs">Scheduler time when the entry was raised.</param>
/// <param name="Kind">Sent, delivered or dropped.</param>
/// <param name="Reason">For a drop, why.</param>
/// <param name="HopId">The hop, or -1 when no hop was chosen (<see cref="DropReason.NoRoute"/>).</param>
/// <param name="From">EUI-64 of the sending node.</param>
/// <param name="To">EUI-64 of the receiving node (the frame's destination for <see cref="DropReason.NoRoute"/>).</param>
/// <param name="FrameKind">The frame's kind.</param>
/// <param name="Sequence">The frame's sequence number.</param>
/// <param name="Length">The frame's encoded length.</param>
/// <param name="AtUs">Arrival time for a sent frame, the end of its airtime for a loss or outage, else <paramref name="NowUs"/>.</param>
public readonly record struct MediumTraceEntry(
    long NowUs,
    MediumTraceKind Kind,
    DropReason Reason,
    int HopId,
    ulong From,
    ulong To,
    HanFrameKind FrameKind,
    byte Sequence,
    int Length,
    long AtUs)
{
    /// <inheritdoc />
    public override string ToString()
    {
        string what = Kind == MediumTraceKind.Dropped ? $"Dropped({Reason})" : Kind.ToString();
        return $"{NowUs,12} {what,-17} hop {HopId,3} {From:X16} -> {To:X16} {FrameKind} seq {Sequence,3} len {Length,4} at {AtUs}";
    }
}
