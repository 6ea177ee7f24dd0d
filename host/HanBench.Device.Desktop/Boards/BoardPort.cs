using System.Globalization;
using HanBench.Device.Desktop.Links;
using HanBench.Device.Links;

namespace HanBench.Device.Desktop.Boards;

/// <summary>One link of a virtual board: the byte-stream pump and the frame link the role sees.</summary>
public sealed class BoardPort
{
    internal BoardPort(int index, ByteStreamPump pump, StreamFrameLink link)
    {
        Index = index;
        Pump = pump;
        Link = link;
    }

    /// <summary>0 for the first link (<c>--link</c>), 1 for the second (<c>--link2</c>).</summary>
    public int Index { get; }

    /// <summary>The link spec or name.</summary>
    public string Name => Pump.Name;

    /// <summary>Moves bytes between the stream and the board's loop thread; its counters may be read from any thread.</summary>
    public ByteStreamPump Pump { get; }

    /// <summary>
    /// The frame link handed to the role. Owned by the loop thread: read its counters there
    /// (<see cref="VirtualBoard.InvokeAsync{T}"/>) or after the board stopped.
    /// </summary>
    public StreamFrameLink Link { get; }

    internal int ReportedDrops { get; set; }

    /// <summary>One line of counters for logs.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"link {Index} {Name}: {Link.FramesSent} frames sent, {Link.FramesReceived} received, {Link.FramesDropped} dropped " +
        $"(bad CRC {Link.BadCrcCount}, oversize {Link.OversizeCount}, COBS {Link.CobsErrorCount}, short {Link.TooShortCount}, bad frame {Link.BadFrameCount}), " +
        $"{Link.SinkRefusals} refused by the link, {Pump.Connections} connections, {Pump.BytesIn} bytes in, {Pump.BytesOut} bytes out");
}
