using HanBench.Protocol.Han;

namespace HanBench.Bench.Radio;

/// <summary>
/// What a GBCS frame costs a radio hop it does not fit in one piece. On a ZigBee HAN, GBCS travels in the Smart Energy
/// Tunneling cluster, whose messages the APS layer fragments and reassembles (ZigBee PRO 05-3474 §2.2.8.4.5): a signed
/// GBCS alert (0x8F8B, CCS08: about 130 octets) crosses a ZigBee hop as several radio frames, each carrying the HAN frame
/// header's stand-in for NWK/APS plus the APS extended header (extended frame control and block number). Other frames
/// (ZCL, OTA blocks sized to the radio) are not fragmented: longer than the hop's <see cref="RadioModel.MaxFrameBytes"/>,
/// they cannot cross. HanBench choices: no APS acknowledgement windows or retries are modelled; the message is lost when
/// any of its fragments is.
/// </summary>
public static class ApsFragmentation
{
    /// <summary>APS extended header of a fragment: extended frame control and block number (§2.2.5.1.8).</summary>
    public const int ExtendedHeaderLength = 2;

    /// <summary>
    /// Radio frames a <paramref name="length"/>-byte <paramref name="frame"/> takes on a hop of <paramref name="model"/>:
    /// 1 when it fits, more for a GBCS frame that does not, 0 when it cannot cross at all.
    /// </summary>
    public static int Fragments(HanFrame frame, int length, RadioModel model)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(model);
        if (length <= model.MaxFrameBytes)
        {
            return 1;
        }

        int room = model.MaxFrameBytes - HanFrame.HeaderLength - ExtendedHeaderLength;
        if (frame.Kind != HanFrameKind.Gbcs || model.StreamFramed || room <= 0)
        {
            return 0;
        }

        int payload = length - HanFrame.HeaderLength;
        return (payload + room - 1) / room;
    }

    /// <summary><paramref name="cost"/> (line bytes, airtime) summed over the <paramref name="fragments"/> radio frames of a <paramref name="length"/>-byte frame.</summary>
    public static long Sum(int length, int fragments, RadioModel model, Func<int, long> cost)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cost);
        if (fragments <= 1)
        {
            return cost(length);
        }

        int room = model.MaxFrameBytes - HanFrame.HeaderLength - ExtendedHeaderLength;
        int last = length - HanFrame.HeaderLength - ((fragments - 1) * room);
        return ((fragments - 1) * cost(model.MaxFrameBytes)) + cost(HanFrame.HeaderLength + ExtendedHeaderLength + last);
    }
}
