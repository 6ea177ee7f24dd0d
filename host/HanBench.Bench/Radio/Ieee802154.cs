namespace HanBench.Bench.Radio;

/// <summary>
/// The IEEE 802.15.4-2006 figures of the 2.4 GHz O-QPSK PHY and the unslotted (non-beacon) MAC a ZigBee HAN runs on, in
/// µs. Each is the standard's own constant or attribute default, cited by clause; <see cref="ZigBeeStack"/> composes them.
/// </summary>
public static class Ieee802154
{
    /// <summary>Bits per second: 250 kbit/s (§6.5.1, 2.4 GHz O-QPSK).</summary>
    public const long BitRate = 250_000;

    /// <summary>One symbol: 16 µs (62.5 ksymbol/s, §6.5.1).</summary>
    public const long SymbolUs = 16;

    /// <summary>One byte on air: 2 symbols, 32 µs.</summary>
    public const long ByteUs = 2 * SymbolUs;

    /// <summary>aUnitBackoffPeriod: 20 symbols, 320 µs (§7.4.1, Table 85).</summary>
    public const long UnitBackoffUs = 20 * SymbolUs;

    /// <summary>CCA detection time: 8 symbol periods, 128 µs (§6.9.9).</summary>
    public const long CcaUs = 8 * SymbolUs;

    /// <summary>aTurnaroundTime: 12 symbols, 192 µs, RX-to-TX or TX-to-RX (§6.4.1, Table 22).</summary>
    public const long TurnaroundUs = 12 * SymbolUs;

    /// <summary>
    /// macAckWaitDuration: 54 symbols, 864 µs = aUnitBackoffPeriod + aTurnaroundTime + phySHRDuration + 6 × phySymbolsPerOctet
    /// (§7.4.2, Table 86): how long a sender waits for an acknowledgement before it counts the attempt failed.
    /// </summary>
    public const long AckWaitUs = 54 * SymbolUs;

    /// <summary>macLIFSPeriod: 40 symbols, 640 µs after a frame over aMaxSIFSFrameSize (§7.5.1.3, §7.4.1 Table 85).</summary>
    public const long LifsUs = 40 * SymbolUs;

    /// <summary>macSIFSPeriod: 12 symbols, 192 µs after a short frame (§7.5.1.3).</summary>
    public const long SifsUs = 12 * SymbolUs;

    /// <summary>aMaxSIFSFrameSize: MPDUs of at most 18 bytes are followed by a SIFS, longer ones by a LIFS (§7.4.1, Table 85).</summary>
    public const int MaxSifsFrameSize = 18;

    /// <summary>macMinBE default 3 (§7.4.2, Table 86): the first backoff is 0 to 2³ − 1 unit periods.</summary>
    public const int MinBackoffExponent = 3;

    /// <summary>macMaxFrameRetries default 3 (§7.4.2, Table 86): attempts after the first when no acknowledgement comes.</summary>
    public const int MaxFrameRetries = 3;

    /// <summary>
    /// macTransactionPersistenceTime default 0x01F4 unit periods of aBaseSuperframeDuration (960 symbols): 7.68 s
    /// (§7.4.2, Table 86), how long a parent holds a frame for a sleepy child before it discards it.
    /// </summary>
    public const long TransactionPersistenceUs = 0x01F4 * 960 * SymbolUs;

    /// <summary>Time a PSDU of <paramref name="psduBytes"/> takes on air, its PHY header included.</summary>
    public static long AirtimeUs(int psduBytes) => (psduBytes + ZigBeeDataFrame.PhyOverheadLength) * ByteUs;

    /// <summary>The interframe space after a PSDU of <paramref name="psduBytes"/> (its FCS is part of the MPDU).</summary>
    public static long IfsUs(int psduBytes) => psduBytes > MaxSifsFrameSize ? LifsUs : SifsUs;

    /// <summary>Mean of the first CSMA-CA backoff: (2^macMinBE − 1) / 2 unit periods, 1,120 µs.</summary>
    public const long MeanBackoffUs = ((1 << MinBackoffExponent) - 1) * UnitBackoffUs / 2;

    /// <summary>
    /// One acknowledged transmission that succeeds first time with the mean backoff: backoff, CCA, RX-to-TX turnaround,
    /// the frame, TX-to-RX turnaround, the 5-byte ACK and the interframe space.
    /// </summary>
    public static long MeanAcknowledgedUs(int psduBytes) =>
        MeanBackoffUs + CcaUs + TurnaroundUs + AirtimeUs(psduBytes) + TurnaroundUs + AirtimeUs(ZigBeeDataFrame.MacAckLength) + IfsUs(psduBytes);
}
