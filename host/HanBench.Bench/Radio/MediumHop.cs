using HanBench.Protocol.Han;

namespace HanBench.Bench.Radio;

/// <summary>
/// A radio hop between two nodes (who hears whom), half-duplex: one channel for both directions, frames serialised one
/// after another — unless its model is <see cref="RadioModel.FullDuplex"/>, when each direction is a channel of its own.
/// Each hop draws its losses from its own random stream derived from the medium's seed and its id.
/// </summary>
public sealed class MediumHop
{
    private readonly List<(long StartUs, long EndUs)> _outages = [];
    private readonly byte[] _wire = new byte[StreamFramer.MaxEncodedLength];
    private RadioModel _model;
    private long _busyUntilFromAUs;
    private long _busyUntilFromBUs;
    private StreamFramer? _framerFromA;
    private StreamFramer? _framerFromB;
    private StreamDeframer? _deframerFromA;
    private StreamDeframer? _deframerFromB;
    private bool _framedWithCompression;

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

    /// <summary>Time at which the channel is free again, µs (on a full-duplex hop: the later of the two directions).</summary>
    public long BusyUntilUs { get; internal set; }

    /// <summary>Time at which the direction from <paramref name="sender"/> is free again, µs.</summary>
    public long BusyUntilFromUs(MediumNode sender) => !_model.FullDuplex ? BusyUntilUs : ReferenceEquals(sender, A) ? _busyUntilFromAUs : _busyUntilFromBUs;

    internal void Occupy(MediumNode sender, long untilUs)
    {
        if (_model.FullDuplex)
        {
            if (ReferenceEquals(sender, A))
            {
                _busyUntilFromAUs = untilUs;
            }
            else
            {
                _busyUntilFromBUs = untilUs;
            }
        }

        BusyUntilUs = Math.Max(BusyUntilUs, untilUs);
    }

    /// <summary>
    /// Puts <paramref name="frame"/> from <paramref name="sender"/> through the stream framing of this hop's direction and
    /// back through the far end's deframer; returns the bytes on the wire, and the frame as received (null if the deframer
    /// refused it, which would be a framing defect).
    /// </summary>
    internal int FrameOnWire(MediumNode sender, HanFrame frame, out HanFrame? received)
    {
        bool compress = _model.LinkAddressCompression;
        if (_framedWithCompression != compress)
        {
            // The model was replaced: new framing for both directions.
            _framerFromA = _framerFromB = null;
            _deframerFromA = _deframerFromB = null;
            _framedWithCompression = compress;
        }

        bool fromA = ReferenceEquals(sender, A);
        ref StreamFramer? framer = ref fromA ? ref _framerFromA : ref _framerFromB;
        ref StreamDeframer? deframer = ref fromA ? ref _deframerFromA : ref _deframerFromB;
        if (framer is null || deframer is null)
        {
            MediumNode receiver = Other(sender);
            framer = compress ? new StreamFramer(sender.Eui64, receiver.Eui64) : new StreamFramer();
            deframer = compress ? new StreamDeframer(HanFrame.MaxEncodedLength, receiver.Eui64, sender.Eui64) : new StreamDeframer();
        }

        int length = framer.Encode(frame, _wire, 0);
        received = null;
        int offset = 0;
        while (offset < length)
        {
            offset += deframer.Feed(_wire, offset, length - offset);
            if (deframer.FrameReady)
            {
                received = deframer.Frame;
            }
        }

        return length;
    }

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
