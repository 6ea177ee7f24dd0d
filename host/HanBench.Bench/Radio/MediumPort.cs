using HanBench.Device.Hal;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Radio;

/// <summary>
/// A node's radio of one <see cref="HopKind"/>: the <see cref="IFrameLink"/> its role sends on and receives from. A
/// unicast goes over every hop of this kind whose far end answers for the destination (its own EUI-64 or one it relays);
/// a broadcast goes over every hop of this kind. Frames are copied, so the sender may reuse its buffer at once.
/// </summary>
public sealed class MediumPort : IFrameLink
{
    private readonly List<MediumHop> _hops = [];

    internal MediumPort(MediumNode node, HopKind kind)
    {
        Node = node;
        Kind = kind;
    }

    /// <summary>The node this port belongs to.</summary>
    public MediumNode Node { get; }

    /// <summary>The radio.</summary>
    public HopKind Kind { get; }

    /// <summary>
    /// The link the node's role knows this port as, when the role was given a wrapper around it (roles tell their links
    /// apart by identity); frames arriving here reach the role on this link. The port itself when null.
    /// </summary>
    public IFrameLink? RoleLink { get; set; }

    /// <summary>The hops this port is on.</summary>
    public IReadOnlyList<MediumHop> Hops => _hops;

    /// <summary>The smallest <see cref="RadioModel.MaxFrameBytes"/> of the port's hops (a frame that fits goes anywhere).</summary>
    public int MaxFrameLength => _hops.Count == 0 ? HanFrame.MaxEncodedLength : Math.Min(HanFrame.MaxEncodedLength, _hops.Min(h => h.Model.MaxFrameBytes));

    /// <inheritdoc />
    public bool Send(HanFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Node.Medium.Send(this, frame);
    }

    internal void Add(MediumHop hop) => _hops.Add(hop);

    /// <inheritdoc />
    public override string ToString() => $"{Node.Name}/{Kind}";
}
