namespace HanBench.Host.Boards;

/// <summary>
/// Asks a serial port whether a HanBench board answers there, and which. The seam for <c>hanbench ports</c>:
/// the real prober sends a management frame and needs that frame's definition (work in progress elsewhere);
/// until then <see cref="NoBoardProber"/> is used and the listing says "not probed".
/// </summary>
public interface IBoardProber
{
    /// <summary>Whether this prober actually talks to ports (false for <see cref="NoBoardProber"/>).</summary>
    bool Probes { get; }

    /// <summary>What answered on <paramref name="portPath"/>, or null when nothing did.</summary>
    Task<BoardProbeResult?> ProbeAsync(string portPath, CancellationToken cancellationToken);
}

/// <summary>A HanBench board that answered a probe.</summary>
/// <param name="BoardId">Its profile id.</param>
/// <param name="Role">The role it runs.</param>
/// <param name="Eui64">Its EUI-64, 16 hex digits.</param>
public sealed record BoardProbeResult(string BoardId, BoardRole Role, string Eui64);

/// <summary>The default prober: probes nothing.</summary>
public sealed class NoBoardProber : IBoardProber
{
    /// <inheritdoc />
    public bool Probes => false;

    /// <inheritdoc />
    public Task<BoardProbeResult?> ProbeAsync(string portPath, CancellationToken cancellationToken) => Task.FromResult<BoardProbeResult?>(null);
}
