namespace HanBench.Bench.Radio;

/// <summary>
/// A radio hop between two nodes (who hears whom), half-duplex: one channel for both directions, frames serialised one
/// after another. Each hop draws its losses from its own random stream derived from the medium's seed and its id.
/// </summary>
public sealed class MediumHop
{
    private readonly List<(long StartUs, long EndUs)> _outages = [];
    private RadioModel _model;

    internal MediumHop(int id, HopKind kind, MediumNode a, MediumNode b, RadioModel model, BenchRandom random)
    {
        Id = id;
        Kind = kind;
        A = a;
        B = b;
        _model = model;
        Random = random;
    }

    /// <summary>Index of the hop in its medium (0, 1, …), used in traces and to derive its random stream.</summary>
    public int Id { get; }

    /// <summary>Which radio.</summary>
    public HopKind Kind { get; }

    /// <summary>One end.</summary>
    public MediumNode A { get; }

    /// <summary>The other end.</summary>
    public MediumNode B { get; }

    /// <summary>The radio model; may be replaced mid-run (frames already on air keep their timing).</summary>
    public RadioModel Model
    {
        get => _model;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            _model = value;
        }
    }

    /// <summary>What the hop carried.</summary>
    public HopStatistics Statistics { get; } = new();

    /// <summary>Time at which the channel is free again, µs.</summary>
    public long BusyUntilUs { get; internal set; }

    /// <summary>The outage windows, µs, [start, end).</summary>
    public IReadOnlyList<(long StartUs, long EndUs)> Outages => _outages;

    internal BenchRandom Random { get; }

    /// <summary>The end that is not <paramref name="node"/>.</summary>
    public MediumNode Other(MediumNode node) => ReferenceEquals(node, A) ? B : A;

    /// <summary>
    /// Adds an outage [<paramref name="startMs"/>, <paramref name="endMs"/>): every frame whose time on air overlaps it is
    /// lost (a bridge restarting, interference); frames wholly outside it are untouched.
    /// </summary>
    public void AddOutage(long startMs, long endMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startMs);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(endMs, startMs);
        _outages.Add((startMs * 1000, endMs * 1000));
    }

    /// <summary>True when [<paramref name="startUs"/>, <paramref name="endUs"/>) overlaps an outage.</summary>
    public bool OverlapsOutage(long startUs, long endUs)
    {
        foreach ((long s, long e) in _outages)
        {
            if (s < endUs && startUs < e)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"hop {Id} {Kind} {A.Name}<->{B.Name}";
}
