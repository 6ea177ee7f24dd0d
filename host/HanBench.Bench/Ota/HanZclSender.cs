using HanBench.Device.Hal;
using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Bench.Ota;

/// <summary>
/// Sends an OTA engine's ZCL frames on a link as HAN frames (kind Zcl, cluster 0x0019) from <see cref="Source"/>: what a
/// role does around <see cref="OtaServer"/> and <see cref="OtaClient"/>. Reuses one frame; the link copies.
/// </summary>
public sealed class HanZclSender : IZclFrameSender
{
    private readonly HanFrame _frame = new();

    /// <summary>A sender on <paramref name="link"/> for the node <paramref name="source"/>.</summary>
    public HanZclSender(IFrameLink link, ulong source)
    {
        ArgumentNullException.ThrowIfNull(link);
        Link = link;
        Source = source;
    }

    /// <summary>The link frames leave on.</summary>
    public IFrameLink Link { get; }

    /// <summary>The sending node's EUI-64.</summary>
    public ulong Source { get; }

    /// <summary>Frames handed to the link.</summary>
    public long FramesSent { get; private set; }

    /// <summary>Frames the link refused.</summary>
    public long FramesRefused { get; private set; }

    /// <inheritdoc />
    public bool Send(ulong destination, byte[] buffer, int offset, int count)
    {
        _frame.Kind = HanFrameKind.Zcl;
        _frame.Sequence++;
        _frame.Source = Source;
        _frame.Destination = destination;
        _frame.ClusterId = OtaCluster.ClusterId;
        _frame.SetPayload(buffer, offset, count);
        FramesSent++;
        bool sent = Link.Send(_frame);
        if (!sent)
        {
            FramesRefused++;
        }

        return sent;
    }

    /// <summary>True when <paramref name="frame"/> carries a ZCL frame of the OTA Upgrade cluster.</summary>
    public static bool IsOta(HanFrame frame) => frame.Kind == HanFrameKind.Zcl && frame.ClusterId == OtaCluster.ClusterId;
}
