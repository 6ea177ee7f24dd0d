using HanBench.Bench.Radio;

namespace HanBench.Bench.Capture;

/// <summary>
/// Records everything a <see cref="Medium"/> puts on air into an <see cref="IFrameRecorder"/> (a pcapng <see cref="HanCapture"/>, a <see cref="GbcsTranscript"/>, or both): one interface per hop (each Alt
/// HAN point-to-point hop on its own), ZigBee hops as 802.15.4, the others in HanBench framing; a frame lost on air is
/// recorded (a sniffer beside the sender hears it) with a comment naming the loss. Hops added later get their interfaces
/// when they first carry a frame.
/// </summary>
public sealed class MediumCapture : IDisposable
{
    /// <summary>Comment on a frame the receiver did not get; the reason follows.</summary>
    public const string LostComment = "HanBench: lost on air: ";

    private readonly Medium _medium;
    private readonly IFrameRecorder _capture;
    private readonly List<CaptureHop> _hops = [];
    private readonly string _label;
    private readonly long _originUs;

    /// <summary>
    /// Starts recording <paramref name="medium"/> into <paramref name="capture"/> (not owned). Several media may share one
    /// capture: <paramref name="label"/> starts their interface names and <paramref name="originUs"/> is added to their
    /// times, so one run follows another.
    /// </summary>
    public MediumCapture(Medium medium, IFrameRecorder capture, string label = "", long originUs = 0)
    {
        ArgumentNullException.ThrowIfNull(medium);
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(label);
        _medium = medium;
        _capture = capture;
        _label = label;
        _originUs = originUs;
        foreach (MediumHop hop in medium.Hops)
        {
            Add(hop);
        }

        medium.OnAir += Record;
    }

    /// <summary>The interfaces of <paramref name="hop"/>.</summary>
    public CaptureHop InterfacesOf(MediumHop hop)
    {
        while (_hops.Count <= hop.Id)
        {
            Add(_medium.Hops[_hops.Count]);
        }

        return _hops[hop.Id];
    }

    /// <summary>Stops recording (the capture stays open for its owner to close).</summary>
    public void Dispose() => _medium.OnAir -= Record;

    private void Add(MediumHop hop) =>
        _hops.Add(_capture.AddHop($"{_label}hop {hop.Id} {hop.A.Name}<->{hop.B.Name} {hop.Kind}", hop.Kind == HopKind.ZigBee));

    private void Record(MediumAirFrame air)
    {
        string? comment = air.Lost is { } reason ? LostComment + reason : null;
        _capture.Record(InterfacesOf(air.Hop), air.Frame, _originUs + air.StartUs, air.Sender.Eui64, air.Hop.Other(air.Sender).Eui64, FrameDirection.Sent, comment);
    }
}
