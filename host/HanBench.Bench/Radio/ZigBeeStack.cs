using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;

namespace HanBench.Bench.Radio;

/// <summary>
/// How a ZigBee Smart Energy hop carries a HAN frame, on top of <see cref="Ieee802154"/> (issue 14). Per frame:
/// <list type="number">
/// <item>Bytes: the PSDU <see cref="ZigBeeDataFrame"/> defines plus NWK security, and APS security where Smart Energy
/// uses it (<see cref="ZigBeeDataFrame.IsApsSecured"/>); a frame over 127 bytes goes as APS fragments when
/// <see cref="Fragmentation"/> (each with the 2-byte extended header and its own security), else it is too large.</item>
/// <item>Each fragment crosses <see cref="NwkHops"/> MAC hops one after another (a router on the route adds one). Each MAC
/// transmission: unslotted CSMA-CA with a random backoff of 0 to 2^macMinBE − 1 unit periods (drawn from the hop's
/// seeded stream; the medium serialises the hop, so CCA finds the channel clear), CCA, turnaround, the frame; unicast
/// frames then wait for the MAC ACK and retry up to macMaxFrameRetries times after macAckWaitDuration. Every frame on air,
/// ACKs included, is lost with the hop's loss probability.</item>
/// <item>Unicast frames request an APS acknowledgement when <see cref="ApsAcks"/> (one per window of fragments), which
/// travels back over the same hops; with no ACK the sender tries again after <see cref="ApsAckWaitUs"/>, up to
/// <see cref="ApsMaxFrameRetries"/> times.</item>
/// <item>With <see cref="PollIntervalMs"/> the hop's second node is a sleepy end device: frames to it wait at its parent
/// (the first node) for its next poll, a MAC Data Request on a fixed grid of the interval, and are discarded after
/// macTransactionPersistenceTime.</item>
/// </list>
/// The medium charges the hop for the whole exchange and delivers the frame when its last fragment reaches the far end.
/// </summary>
public sealed record ZigBeeStack
{
    /// <summary>
    /// apscMaxFrameRetries: 3 (ZigBee PRO 05-3474 §2.2.7.1, Table 2.23).
    /// </summary>
    public const int DefaultApsMaxFrameRetries = 3;

    /// <summary>
    /// apscAckWaitDuration = 0.05 s × (2 × nwkcMaxDepth) + the security processing delay (05-3474 §2.2.7.1, Table 2.23);
    /// nwkcMaxDepth 15 gives 1.5 s, and HanBench adds 0.1 s for security processing.
    /// </summary>
    public const long DefaultApsAckWaitUs = 1_600_000;

    /// <summary>apsMaxWindowSize default 8 (05-3474 §2.2.7.2, Table 2.24): fragments sent before an APS ACK is awaited.</summary>
    public const int DefaultApsWindowSize = 8;

    /// <summary>Most fragments one frame may take (block number is one byte, 05-3474 §2.2.5.1.8).</summary>
    public const int MaxFragments = 255;

    /// <summary>The GBCS HAN: NWK + APS security as Smart Energy assigns it, APS ACKs, fragmentation, one hop, no sleepy end.</summary>
    public static ZigBeeStack SmartEnergy { get; } = new();

    /// <summary>MAC retries after the first attempt (macMaxFrameRetries).</summary>
    public int MacMaxFrameRetries { get; init; } = Ieee802154.MaxFrameRetries;

    /// <summary>MAC hops the route crosses (1: the two nodes hear each other; each router on the way adds one).</summary>
    public int NwkHops { get; init; } = 1;

    /// <summary>Unicast frames request APS acknowledgements (Smart Energy devices request them on unicasts).</summary>
    public bool ApsAcks { get; init; } = true;

    /// <summary>APS retries after the first attempt (apscMaxFrameRetries).</summary>
    public int ApsMaxFrameRetries { get; init; } = DefaultApsMaxFrameRetries;

    /// <summary>Time the sender waits for an APS acknowledgement before trying again, µs (apscAckWaitDuration).</summary>
    public long ApsAckWaitUs { get; init; } = DefaultApsAckWaitUs;

    /// <summary>Frames over one PSDU go as APS fragments (SE Tunneling carries long GBCS APDUs so); false: they are too large.</summary>
    public bool Fragmentation { get; init; } = true;

    /// <summary>Fragments per APS acknowledgement (apsMaxWindowSize).</summary>
    public int ApsWindowSize { get; init; } = DefaultApsWindowSize;

    /// <summary>When above 0, the hop's second node is a sleepy end device polling its parent every this many ms.</summary>
    public long PollIntervalMs { get; init; }

    /// <summary>Throws when a field is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MacMaxFrameRetries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(NwkHops);
        ArgumentOutOfRangeException.ThrowIfNegative(ApsMaxFrameRetries);
        ArgumentOutOfRangeException.ThrowIfNegative(ApsAckWaitUs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ApsWindowSize);
        ArgumentOutOfRangeException.ThrowIfNegative(PollIntervalMs);
    }

    /// <summary>PSDU bytes each fragment of <paramref name="frame"/> takes: one entry when it fits one frame, none when it cannot go.</summary>
    public int Fragments(HanFrame frame, out int firstPsdu, out int lastPsdu)
    {
        int overhead = ZigBeeDataFrame.SecuredOverhead(frame);
        int asdu = ZigBeeDataFrame.AsduLength(frame);
        firstPsdu = lastPsdu = overhead + asdu;
        if (firstPsdu <= ZigBeeDataFrame.MaxPsduLength)
        {
            return 1;
        }

        int room = ZigBeeDataFrame.MaxPsduLength - overhead - ZigBeeDataFrame.ApsFragmentHeaderLength;
        int count = room <= 0 ? int.MaxValue : (asdu + room - 1) / room;
        if (!Fragmentation || count > MaxFragments)
        {
            return 0;
        }

        firstPsdu = ZigBeeDataFrame.MaxPsduLength;
        lastPsdu = overhead + ZigBeeDataFrame.ApsFragmentHeaderLength + (asdu - ((count - 1) * room));
        return count;
    }

    /// <summary>
    /// Mean time a unicast <paramref name="frame"/> keeps the hop busy when nothing is lost (−1 when it cannot go): each
    /// fragment's MAC exchange over every hop with the mean backoff, and the APS acknowledgements back.
    /// </summary>
    public long MeanUnicastUs(HanFrame frame)
    {
        int count = Fragments(frame, out int firstPsdu, out int lastPsdu);
        if (count == 0)
        {
            return -1;
        }

        long data = ((count - 1) * Ieee802154.MeanAcknowledgedUs(firstPsdu)) + Ieee802154.MeanAcknowledgedUs(lastPsdu);
        int apsAcks = ApsAcks || count > 1 ? (count + ApsWindowSize - 1) / ApsWindowSize : 0;
        return NwkHops * (data + (apsAcks * Ieee802154.MeanAcknowledgedUs(ZigBeeDataFrame.SecuredApsAckPsduLength)));
    }

    /// <summary>
    /// Plays one frame's exchange starting at 0 and returns what it cost (see the class remarks). Draws from
    /// <paramref name="random"/>: a backoff and a loss draw per frame on air, so a run replays from its seed.
    /// </summary>
    public ZigBeeCarry Carry(HanFrame frame, bool broadcast, bool afterPoll, double lossProbability, BenchRandom random)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(random);
        int count = Fragments(frame, out int firstPsdu, out int lastPsdu);
        if (count == 0)
        {
            return new ZigBeeCarry(0, -1, 0, 0, 0);
        }

        var air = new Air(random, lossProbability, broadcast ? 0 : MacMaxFrameRetries);
        if (afterPoll && !air.Send(ZigBeeDataFrame.MacDataRequestLength, acknowledged: true))
        {
            // Every attempt of the poll failed. A real parent would keep the frame for the next poll; the model counts it
            // lost (at a loss rate that beats four MAC attempts the engines' own retries are what matters).
            return new ZigBeeCarry(air.Us, -1, air.Frames, air.Bytes, 0);
        }

        bool acked = !broadcast && (ApsAcks || count > 1);
        int attempts = acked ? ApsMaxFrameRetries + 1 : 1;
        long deliveredUs = -1;
        int apsAttempt = 0;
        while (apsAttempt < attempts)
        {
            apsAttempt++;
            bool through = true;
            bool ackBack = true;
            for (int fragment = 0; fragment < count && through; fragment++)
            {
                int psdu = fragment == count - 1 ? lastPsdu : firstPsdu;
                for (int hop = 0; hop < NwkHops && through; hop++)
                {
                    through = air.Send(psdu, acknowledged: !broadcast);
                }

                bool windowEnds = fragment == count - 1 || (fragment + 1) % ApsWindowSize == 0;
                if (through && acked && windowEnds)
                {
                    for (int hop = 0; hop < NwkHops && ackBack; hop++)
                    {
                        ackBack = air.Send(ZigBeeDataFrame.SecuredApsAckPsduLength, acknowledged: true);
                    }
                }

                if (through && fragment == count - 1 && deliveredUs < 0)
                {
                    deliveredUs = air.LastReceivedEndUs;
                }
            }

            if (!acked || (through && ackBack))
            {
                break;
            }

            if (apsAttempt < attempts)
            {
                air.Wait(ApsAckWaitUs);
            }
        }

        return new ZigBeeCarry(air.Us, deliveredUs, air.Frames, air.Bytes, apsAttempt - 1);
    }

    /// <summary>The constants of the model with their sources, one line each, for <c>bench ota --explain</c>.</summary>
    public IReadOnlyList<(string Name, string Value, string Source)> Explain() =>
    [
        ("PHY bit rate", "250 kbit/s (16 µs a symbol, 32 µs a byte)", "IEEE 802.15.4-2006 §6.5.1, 2.4 GHz O-QPSK"),
        ("PHY overhead", $"{ZigBeeDataFrame.PhyOverheadLength} bytes (preamble 4, SFD 1, PHR 1)", "§6.3.1–§6.3.2"),
        ("aMaxPHYPacketSize", $"{ZigBeeDataFrame.MaxPsduLength} bytes", "§6.4.1, Table 22"),
        ("MAC header", $"{ZigBeeDataFrame.MacHeaderLength} bytes (short addresses, PAN id compression) + FCS {ZigBeeDataFrame.FcsLength}", "§7.2.1, §7.2.1.9"),
        ("NWK header", $"{ZigBeeDataFrame.NwkHeaderLength} bytes + {2 * ZigBeeDataFrame.NwkIeeeAddressLength} for both EUI-64s (HanBench addressing)", "ZigBee PRO 05-3474 §3.3.1"),
        ("NWK aux security header", $"{ZigBeeDataFrame.NwkAuxHeaderLength} bytes (control 1, counter 4, source EUI-64 8, key seq 1)", "05-3474 §4.5.1, §4.3.1.1"),
        ("MIC", $"{ZigBeeDataFrame.MicLength} bytes per secured layer (ENC-MIC-32, security level 5)", "05-3474 §4.5.1.1.1"),
        ("APS header", $"{ZigBeeDataFrame.ApsHeaderLength} bytes; APS ack {ZigBeeDataFrame.ApsAckHeaderLength}; fragment extended header {ZigBeeDataFrame.ApsFragmentHeaderLength}", "05-3474 §2.2.5.1, §2.2.5.2.3, §2.2.5.1.8"),
        ("APS aux security header", $"{ZigBeeDataFrame.ApsAuxHeaderLength} bytes (control 1, counter 4; link key)", "05-3474 §4.5.1"),
        ("APS security", "all clusters but OTA Upgrade 0x0019 and Key Establishment 0x0800 (network key only)", "Smart Energy 1.x (07-5356), security key assignments per cluster"),
        ("largest OTA block in one frame", $"{OtaTransferLimits.MaxDataSizeFor(ZigBeeDataFrame.MaxOneFrameZclHanFrameLength)} bytes (HAN frame {ZigBeeDataFrame.MaxOneFrameZclHanFrameLength} bytes)", "derived: 127 − 61 bytes of headers − ZCL 3 − Image Block Response fields 14"),
        ("aUnitBackoffPeriod", $"{Ieee802154.UnitBackoffUs} µs (20 symbols)", "§7.4.1, Table 85"),
        ("macMinBE", $"{Ieee802154.MinBackoffExponent} (mean first backoff {Ieee802154.MeanBackoffUs} µs)", "§7.4.2, Table 86; §7.5.1.4"),
        ("CCA", $"{Ieee802154.CcaUs} µs (8 symbols)", "§6.9.9"),
        ("aTurnaroundTime", $"{Ieee802154.TurnaroundUs} µs (12 symbols)", "§6.4.1, Table 22"),
        ("MAC ACK", $"{ZigBeeDataFrame.MacAckLength}-byte PSDU, {Ieee802154.AirtimeUs(ZigBeeDataFrame.MacAckLength)} µs", "§7.2.2.3"),
        ("macAckWaitDuration", $"{Ieee802154.AckWaitUs} µs (54 symbols)", "§7.4.2, Table 86"),
        ("IFS", $"LIFS {Ieee802154.LifsUs} µs, SIFS {Ieee802154.SifsUs} µs (MPDU ≤ {Ieee802154.MaxSifsFrameSize} bytes)", "§7.5.1.3"),
        ("macMaxFrameRetries", MacMaxFrameRetries.ToString(System.Globalization.CultureInfo.InvariantCulture), "§7.4.2, Table 86"),
        ("NWK hops", NwkHops.ToString(System.Globalization.CultureInfo.InvariantCulture), "the route (a router on the way adds one)"),
        ("APS acknowledgements", ApsAcks ? "requested on unicasts" : "off", "05-3474 §2.2.8.3; Smart Energy devices request them"),
        ("apscAckWaitDuration", $"{ApsAckWaitUs / 1000} ms", "05-3474 §2.2.7.1, Table 2.23 (1.5 s for nwkcMaxDepth 15 + 0.1 s security)"),
        ("apscMaxFrameRetries", ApsMaxFrameRetries.ToString(System.Globalization.CultureInfo.InvariantCulture), "05-3474 §2.2.7.1, Table 2.23"),
        ("fragmentation", Fragmentation ? $"on, apsMaxWindowSize {ApsWindowSize}" : "off", "05-3474 §2.2.8.4.5, §2.2.7.2 Table 2.24"),
        ("macTransactionPersistenceTime", $"{Ieee802154.TransactionPersistenceUs / 1000} ms", "§7.4.2, Table 86 (0x01F4 × aBaseSuperframeDuration)"),
        ("MAC Data Request (poll)", $"{ZigBeeDataFrame.MacDataRequestLength}-byte PSDU, acknowledged", "§7.3.4, §7.5.6.3"),
        ("sleepy poll interval", PollIntervalMs > 0 ? $"{PollIntervalMs} ms" : "none (receiver always on)", "per device"),
    ];

    /// <summary>The running exchange: time, frames and bytes on air, and the random draws.</summary>
    private sealed class Air(BenchRandom random, double loss, int retries)
    {
        public long Us { get; private set; }

        public int Frames { get; private set; }

        public long Bytes { get; private set; }

        public long LastReceivedEndUs { get; private set; } = -1;

        public void Wait(long us) => Us += us;

        /// <summary>One MAC transmission with its retries; true when the sender got the ACK (or, unacknowledged, when it was heard).</summary>
        public bool Send(int psdu, bool acknowledged)
        {
            int tries = acknowledged ? retries + 1 : 1;
            for (int attempt = 0; attempt < tries; attempt++)
            {
                Us += random.Next(1 << Ieee802154.MinBackoffExponent) * Ieee802154.UnitBackoffUs + Ieee802154.CcaUs + Ieee802154.TurnaroundUs;
                Us += Ieee802154.AirtimeUs(psdu);
                Frames++;
                Bytes += psdu + ZigBeeDataFrame.PhyOverheadLength;
                bool heard = random.NextDouble() >= loss;
                if (heard)
                {
                    LastReceivedEndUs = Us;
                }

                if (!acknowledged)
                {
                    Us += Ieee802154.IfsUs(psdu);
                    return heard;
                }

                bool ackHeard = random.NextDouble() >= loss;
                if (heard && ackHeard)
                {
                    Us += Ieee802154.TurnaroundUs + Ieee802154.AirtimeUs(ZigBeeDataFrame.MacAckLength) + Ieee802154.IfsUs(psdu);
                    Frames++;
                    Bytes += ZigBeeDataFrame.MacAckLength + ZigBeeDataFrame.PhyOverheadLength;
                    return true;
                }

                Us += Ieee802154.AckWaitUs;
            }

            return false;
        }
    }
}

/// <summary>What carrying one frame over a <see cref="ZigBeeStack"/> hop cost, counted from the start of the exchange.</summary>
/// <param name="BusyUs">Time the exchange keeps the hop busy (every attempt, ACK and wait).</param>
/// <param name="DeliveredUs">When the far end has the whole frame, or −1 when it never gets it.</param>
/// <param name="FramesOnAir">Frames transmitted, MAC ACKs and retries included.</param>
/// <param name="BytesOnAir">Their bytes, PHY headers included.</param>
/// <param name="ApsRetries">APS retries the exchange took.</param>
public readonly record struct ZigBeeCarry(long BusyUs, long DeliveredUs, int FramesOnAir, long BytesOnAir, int ApsRetries)
{
    /// <summary>True when the far end gets the frame.</summary>
    public bool Delivered => DeliveredUs >= 0;
}
