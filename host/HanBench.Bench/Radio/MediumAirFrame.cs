using HanBench.Protocol.Han;

namespace HanBench.Bench.Radio;

/// <summary>
/// A frame going on air on a hop, as a sniffer beside the hop hears it (<see cref="Medium.OnAir"/>). The frame is the
/// sender's: copy what is needed before the handler returns.
/// </summary>
/// <param name="Hop">The hop.</param>
/// <param name="Sender">The node transmitting.</param>
/// <param name="Frame">The frame.</param>
/// <param name="StartUs">When its airtime starts, µs of scheduler time.</param>
/// <param name="Lost">Why the receiver will not get it (loss, outage), or null when it will.</param>
public readonly record struct MediumAirFrame(MediumHop Hop, MediumNode Sender, HanFrame Frame, long StartUs, DropReason? Lost);
