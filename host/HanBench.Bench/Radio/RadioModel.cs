namespace HanBench.Bench.Radio;

/// <summary>
/// What one hop's radio costs a frame. A frame of <c>n</c> bytes (its <see cref="HanBench.Protocol.Han.HanFrame.EncodedLength"/>)
/// occupies the hop for <see cref="AirtimeUs"/> = ceil((n + <see cref="OverheadBytes"/>) · 8 · 10⁶ / <see cref="BitRate"/>) µs
/// + <see cref="TurnaroundUs"/>, and arrives <see cref="LatencyUs"/> after that. The hop is half-duplex unless
/// <see cref="FullDuplex"/>: frames in either direction go on air one after another.
/// <para>
/// A <see cref="StreamFramed"/> hop (a UART, pty or TCP link) does not estimate: the medium runs each frame through the
/// real <see cref="HanBench.Protocol.Han.StreamFramer"/> (with link address compression when
/// <see cref="LinkAddressCompression"/>) and counts the exact bytes on the wire, and the receiver gets what a
/// <see cref="HanBench.Protocol.Han.StreamDeframer"/> makes of them.
/// </para>
/// </summary>
public sealed record RadioModel
{
    /// <summary>Largest frame (encoded HAN frame, header included) the hop carries; longer ones are dropped.</summary>
    public required int MaxFrameBytes { get; init; }

    /// <summary>Bits per second on air.</summary>
    public required long BitRate { get; init; }

    /// <summary>Bytes each frame adds on air (preamble, PHY/MAC headers, checksum, framing).</summary>
    public int OverheadBytes { get; init; }

    /// <summary>Fixed time each frame keeps the hop busy beyond its bits (turnaround, acknowledgement, backoff), µs.</summary>
    public long TurnaroundUs { get; init; }

    /// <summary>Delay after the hop is free until the receiver has the frame (propagation, stack processing), µs.</summary>
    public long LatencyUs { get; init; }

    /// <summary>Probability in [0, 1] that a frame is lost.</summary>
    public double LossProbability { get; init; }

    /// <summary>
    /// True when the two directions are separate channels (a UART's TX and RX lines): a frame waits only for frames going
    /// the same way, so requests back do not cost forward bandwidth.
    /// </summary>
    public bool FullDuplex { get; init; }

    /// <summary>True when frames cross as COBS + CRC-32 stream framing, counted byte for byte (see the class remarks).</summary>
    public bool StreamFramed { get; init; }

    /// <summary>On a <see cref="StreamFramed"/> hop, leave out the addresses of frames between its two ends.</summary>
    public bool LinkAddressCompression { get; init; }

    /// <summary>
    /// On a ZigBee hop, the stack that carries each frame (issue 14): the medium then counts the frame's real secured bytes
    /// and plays CSMA-CA, ACKs, retries, NWK hops, APS ACKs, fragments and sleepy polling (<see cref="ZigBeeStack"/>)
    /// instead of <see cref="AirtimeUs"/>; <see cref="MaxFrameBytes"/> is then the largest HAN frame one 802.15.4 frame
    /// carries (what roles size OTA blocks by), and longer frames go as fragments when the stack fragments.
    /// </summary>
    public ZigBeeStack? Stack { get; init; }

    /// <summary>
    /// Largest HAN frame the hop carries at all: <see cref="MaxFrameBytes"/>, or any HAN frame when its
    /// <see cref="Stack"/> fragments long ones.
    /// </summary>
    public int MaxCarriedFrameBytes => Stack is { Fragmentation: true } ? HanBench.Protocol.Han.HanFrame.MaxEncodedLength : MaxFrameBytes;

    /// <summary>Bytes a frame of <paramref name="frameBytes"/> puts on the line, overhead included (an estimate for framed hops).</summary>
    public long LineBytes(int frameBytes) => frameBytes + (long)OverheadBytes;

    /// <summary>Microseconds a frame of <paramref name="frameBytes"/> keeps the hop busy.</summary>
    public long AirtimeUs(int frameBytes)
    {
        long bits = (frameBytes + (long)OverheadBytes) * 8L * 1_000_000L;
        return ((bits + BitRate - 1) / BitRate) + TurnaroundUs;
    }

    /// <summary>Throws when a field is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFrameBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BitRate);
        ArgumentOutOfRangeException.ThrowIfNegative(OverheadBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(TurnaroundUs);
        ArgumentOutOfRangeException.ThrowIfNegative(LatencyUs);
        if (!(LossProbability >= 0 && LossProbability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LossProbability), LossProbability, "must lie in [0, 1]");
        }

        Stack?.Validate();
    }

    /// <summary>
    /// A ZigBee Smart Energy hop as a GBCS HAN runs it (issue 14): IEEE 802.15.4 at 250 kbit/s with NWK and APS security,
    /// MAC and APS acknowledgements, retries and fragmentation (<see cref="ZigBeeStack.SmartEnergy"/>). A HAN frame of at
    /// most <see cref="ZigBeeDataFrame.MaxOneFrameZclHanFrameLength"/> bytes (an OTA block of 49 data bytes) fits one
    /// frame; loss applies to every frame on air and feeds the retries.
    /// </summary>
    public static RadioModel ZigBee { get; } = ForStack(ZigBeeStack.SmartEnergy);

    /// <summary>A ZigBee hop carried by <paramref name="stack"/>, lossless (set <see cref="LossProbability"/> with <c>with</c>).</summary>
    public static RadioModel ForStack(ZigBeeStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new RadioModel
        {
            MaxFrameBytes = ZigBeeDataFrame.MaxOneFrameZclHanFrameLength,
            BitRate = Ieee802154.BitRate,
            Stack = stack,
        };
    }

    /// <summary>
    /// An Alt HAN point-to-point hop. The public material gives no radio figures (SECMP0170 names the variants, not their
    /// PHY): HanBench choice of a 100 kbit/s link carrying a whole 255-byte OTA block per frame (300-byte HAN frame),
    /// 16 overhead bytes and 1 ms turnaround. Override per bench.
    /// </summary>
    public static RadioModel AltHan { get; } = new()
    {
        MaxFrameBytes = 300,
        BitRate = 100_000,
        OverheadBytes = 16,
        TurnaroundUs = 1_000,
        LatencyUs = 0,
        LossProbability = 0,
    };

    /// <summary>
    /// A full-duplex UART at <paramref name="baud"/>, 8N1 (10 line bits per byte: 0.8 · baud useful bits/s), carrying the
    /// real stream framing counted byte for byte, with or without link address compression.
    /// </summary>
    public static RadioModel StreamUart(int baud, bool linkAddressCompression) => new()
    {
        MaxFrameBytes = HanBench.Protocol.Han.HanFrame.MaxEncodedLength,
        BitRate = baud * 8L / 10L,
        OverheadBytes = 0,
        FullDuplex = true,
        StreamFramed = true,
        LinkAddressCompression = linkAddressCompression,
    };

    /// <summary>
    /// A UART at <paramref name="baud"/> with 8N1 framing (10 line bits per byte, so 0.8 · baud useful bits/s), full HAN
    /// frames, and <paramref name="framingOverheadBytes"/> bytes of delimiters and CRC per frame.
    /// </summary>
    public static RadioModel Uart(int baud, int framingOverheadBytes) => new()
    {
        MaxFrameBytes = HanBench.Protocol.Han.HanFrame.MaxEncodedLength,
        BitRate = baud * 8L / 10L,
        OverheadBytes = framingOverheadBytes,
    };
}
