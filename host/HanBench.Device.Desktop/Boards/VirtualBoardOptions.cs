using HanBench.Device.Desktop.Links;
using HanBench.Device.Hal;
using HanBench.Protocol.Han;

namespace HanBench.Device.Desktop.Boards;

/// <summary>What a <see cref="VirtualBoard"/> is: its identity, its links, where it keeps its state and where it logs.</summary>
public sealed class VirtualBoardOptions
{
    /// <summary>The device's EUI-64.</summary>
    public required ulong Id { get; init; }

    /// <summary>Name in log lines; default: the EUI-64 as DUIS writes it.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The board's flash: settings in <c>settings/</c>, images in <c>images/</c>. A board started again on the same
    /// directory finds everything its previous run stored.
    /// </summary>
    public required string StateDirectory { get; init; }

    /// <summary>The links in the order the role gets them (a Comms Hub or bridge has two).</summary>
    public required IReadOnlyList<LinkConnector> Links { get; init; }

    /// <summary>Where log lines go.</summary>
    public required TextWriter LogWriter { get; init; }

    /// <summary>
    /// Also told each link's connects, disconnects and failed opens (link index, message; from I/O threads), for a front
    /// end that says when a link drops and comes back whatever its log level.
    /// </summary>
    public Action<int, string>? LinkEvents { get; init; }

    /// <summary>Lines below this level are not written.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Info;

    /// <summary>
    /// Largest frame (header and payload) each link carries, in <see cref="Links"/> order; a link without an entry
    /// carries up to <see cref="HanFrame.MaxEncodedLength"/>. Per link, since a Comms Hub's WAN link to the host is no
    /// radio and must carry a whole signed GBCS alert while its HAN link has the radio's limit.
    /// </summary>
    public IReadOnlyList<int> MaxFrameLengths { get; init; } = [];

    /// <summary>The largest frame link <paramref name="index"/> carries (see <see cref="MaxFrameLengths"/>).</summary>
    public int MaxFrameLengthOf(int index) => index < MaxFrameLengths.Count ? MaxFrameLengths[index] : HanFrame.MaxEncodedLength;

    /// <summary>Capacity of the image store, modelling the board's drive (docs/PLATFORM.md: 256 KB, 2 MB, 3 MB); default unbounded.</summary>
    public long ImageCapacityBytes { get; init; } = long.MaxValue;
}
