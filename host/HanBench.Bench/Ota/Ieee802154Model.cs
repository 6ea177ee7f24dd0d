using HanBench.Bench.Radio;

namespace HanBench.Bench.Ota;

/// <summary>
/// A ZigBee PRO hop over IEEE 802.15.4 at 2.4 GHz (O-QPSK, 250 kbit/s, 16 µs per symbol), unicast with a MAC
/// acknowledgement, as the OTA benchmark models it. Every figure below is from the cited standard; the composition is
/// a HanBench choice.
/// <para>Bytes on air for a HAN frame of n bytes (its 20-byte header stands in for the NWK and APS addressing):</para>
/// <code>
/// PHY   SHR 5 (preamble 4 + SFD 1) + PHR 1                                 6   IEEE 802.15.4-2006 §6.3
/// MAC   frame control 2 + sequence 1 + PAN id 2 + short dst 2 + short src 2  9   §7.2.1 (PAN id compression)
/// NWK   frame control 2 + dst 2 + src 2 + radius 1 + sequence 1             8   ZigBee PRO 2007 (05-3474) §3.3.1
/// NWK   auxiliary security header: control 1 + counter 4 + source EUI 8 + key seq 1   14   §4.5.1 (extended nonce)
/// APS   frame control 1 + dst ep 1 + cluster 2 + profile 2 + src ep 1 + counter 1     8   §2.2.5.1
/// NWK   MIC (security level 5)                                              4   §4.5.1
/// MAC   FCS                                                                 2   §7.2.1.9
/// </code>
/// <para>
/// 51 bytes around the ZCL frame; the PSDU limit aMaxPHYPacketSize = 127 (§6.4.1) leaves 127 − 45 = 82 bytes for ZCL, so
/// a HAN frame here is at most 102 bytes (as <see cref="RadioModel.ZigBee"/>) and an Image Block Response carries at most
/// 82 − 3 − 14 = 65 data bytes (Silicon Labs' stack uses 63). OverheadBytes = 51 − 20 = 31.
/// </para>
/// <para>Fixed time per frame (§7.5.1.1 CSMA-CA, §7.5.6.4 acknowledgement, §7.5.1.3 IFS; aUnitBackoffPeriod 20 symbols):</para>
/// <code>
/// mean initial CSMA backoff, macMinBE 3: (2³ − 1)/2 = 3.5 × 320 µs     1,120 µs
/// CCA, 8 symbols                                                         128 µs
/// RX-to-TX turnaround before sending (aTurnaroundTime 12 symbols)        192 µs
/// turnaround before the ACK                                              192 µs
/// ACK frame: 6 PHY + 5 MAC bytes                                         352 µs
/// LIFS after a frame over 18 bytes (macMinLIFSPeriod 40 symbols)         640 µs
/// total                                                                2,624 µs
/// </code>
/// Not modelled: retransmissions after a missed ACK (add loss instead), APS acknowledgements, APS-layer security (which
/// would take 9 more bytes and leave 56 data bytes), fragmentation, routing over several hops.
/// </summary>
public static class Ieee802154Model
{
    /// <summary>Largest HAN frame (header included) one 127-byte PSDU carries: 127 − 45 + 20.</summary>
    public const int MaxHanFrameBytes = 102;

    /// <summary>Bytes on air beyond the HAN frame: 51 − 20.</summary>
    public const int OverheadBytes = 31;

    /// <summary>Fixed µs per unicast frame: backoff, CCA, turnarounds, ACK, LIFS.</summary>
    public const long PerFrameUs = 1_120 + 128 + 192 + 192 + 352 + 640;

    /// <summary>The model, optionally lossy.</summary>
    public static RadioModel Create(double lossProbability = 0) => new()
    {
        MaxFrameBytes = MaxHanFrameBytes,
        BitRate = 250_000,
        OverheadBytes = OverheadBytes,
        TurnaroundUs = PerFrameUs,
        LatencyUs = 0,
        LossProbability = lossProbability,
    };

}
