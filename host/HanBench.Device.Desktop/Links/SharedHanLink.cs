using HanBench.Device.Hal;
using HanBench.Protocol.Han;

namespace HanBench.Device.Desktop.Links;

/// <summary>
/// One HAN made of several point-to-point links: a virtual Comms Hub given a HAN link per device (or per chain of
/// devices behind a bridge) talks to all of them as it would over its radio, where every node in range hears every
/// frame and keeps only what is addressed to it (docs/ARCHITECTURE.md). A frame goes out on every link; frames come in
/// on whichever link they arrived on (the runner hands each to the role with its own link, so an answer to a device goes
/// back the way it came). A bridge on a shared HAN should be told which devices it relays (<c>board --relay</c>), or it
/// forwards every frame not for itself to its far side.
/// </summary>
public sealed class SharedHanLink : IFrameLink
{
    private readonly IFrameLink[] _links;

    /// <summary>A HAN over <paramref name="links"/> (at least one).</summary>
    public SharedHanLink(IReadOnlyList<IFrameLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentOutOfRangeException.ThrowIfZero(links.Count);
        _links = [.. links];
        MaxFrameLength = _links.Min(l => l.MaxFrameLength);
    }

    /// <summary>The links.</summary>
    public IReadOnlyList<IFrameLink> Links => _links;

    /// <inheritdoc />
    public int MaxFrameLength { get; }

    /// <summary>Sends <paramref name="frame"/> on every link; true when at least one took it.</summary>
    public bool Send(HanFrame frame)
    {
        bool sent = false;
        foreach (IFrameLink link in _links)
        {
            sent |= link.Send(frame);
        }

        return sent;
    }
}
