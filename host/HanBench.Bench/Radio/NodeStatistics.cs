namespace HanBench.Bench.Radio;

/// <summary>What one node sent and received through the medium.</summary>
public sealed class NodeStatistics
{
    private readonly long[] _drops = new long[Enum.GetValues<DropReason>().Length];

    /// <summary>Frames the node handed to its ports (one per Send call).</summary>
    public long FramesSent { get; internal set; }

    /// <summary>Encoded bytes of those frames.</summary>
    public long BytesSent { get; internal set; }

    /// <summary>Frames delivered to the node.</summary>
    public long FramesReceived { get; internal set; }

    /// <summary>Encoded bytes delivered to the node.</summary>
    public long BytesReceived { get; internal set; }

    /// <summary>Copies of the node's frames dropped for <paramref name="reason"/> (a broadcast counts once per hop).</summary>
    public long Drops(DropReason reason) => _drops[(int)reason];

    /// <summary>All drops of the node's frames.</summary>
    public long TotalDrops => _drops.Sum();

    internal void CountDrop(DropReason reason) => _drops[(int)reason]++;
}
