namespace HanBench.Tooling.Boards;

/// <summary>
/// Asks a serial port whether a HanBench board answers there, and which: the seam for <c>hanbench ports</c>.
/// <see cref="ManagementBoardProber"/> sends a management Ping; <see cref="NoBoardProber"/> asks nothing.
/// </summary>
public interface IBoardProber
{
    /// <summary>Whether this prober actually talks to ports (false for <see cref="NoBoardProber"/>).</summary>
    bool Probes { get; }

    /// <summary>What answered on <paramref name="portPath"/>, or null when nothing did (within the prober's bounded wait).</summary>
    Task<BoardProbeResult?> ProbeAsync(string portPath, CancellationToken cancellationToken);
}

/// <summary>A HanBench board that answered a probe with its identity.</summary>
/// <param name="Role">The role it runs.</param>
/// <param name="Eui64">Its EUI-64, 16 upper-case hex digits.</param>
/// <param name="Variant">B1–B4 for a bridge, else null.</param>
/// <param name="State">What it is doing: idle, transferring, activating, restarting.</param>
/// <param name="HardwareVersion">The hardware version it sends in Query Next Image Request.</param>
/// <param name="Components">Each firmware component with its image type and the file version it runs.</param>
public sealed record BoardProbeResult(BoardRole Role, string Eui64, string? Variant, string State, ushort HardwareVersion, IReadOnlyList<ProbedComponent> Components)
{
    /// <summary>"main 00010000", "silabs 00010000, broadcom 00010000".</summary>
    public string DescribeVersions() => string.Join(", ", Components.Select(c => $"{c.Component} {c.Version:X8}"));
}

/// <summary>One firmware component a probed board reported.</summary>
/// <param name="Component">main, silabs or broadcom.</param>
/// <param name="ManufacturerCode">ZCL manufacturer code of its images.</param>
/// <param name="ImageType">ZCL OTA image type of its images.</param>
/// <param name="Version">The file version it runs.</param>
public sealed record ProbedComponent(string Component, ushort ManufacturerCode, ushort ImageType, uint Version);

/// <summary>The prober that probes nothing (the listing says "not probed").</summary>
public sealed class NoBoardProber : IBoardProber
{
    /// <inheritdoc />
    public bool Probes => false;

    /// <inheritdoc />
    public Task<BoardProbeResult?> ProbeAsync(string portPath, CancellationToken cancellationToken) => Task.FromResult<BoardProbeResult?>(null);
}
