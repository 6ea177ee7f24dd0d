using HanBench.Bench.Radio;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Capture;

/// <summary>
/// A pcapng capture of HanBench traffic (issue 12), one interface per hop:
/// <list type="bullet">
/// <item>a ZigBee hop is an IEEE 802.15.4 interface (link type 195, FCS included): ZCL and GBCS frames as the real HAN's
/// data frames (<see cref="ZigBeeDataFrame"/>), which Wireshark's own ZigBee dissectors decode down to the OTA commands; the
/// hop's HanBench management frames, which a real HAN never carries, go to a companion interface of link type 147;</item>
/// <item>any other hop (the WAN wire, an Alt HAN point-to-point link, a board's serial port) is a link type 147 (DLT_USER0)
/// interface carrying the HAN frame as HanBench sends it (<see cref="HanFrame"/>), decoded by tools/wireshark/hanbench.lua.</item>
/// </list>
/// Timestamps are bench time (virtual or real) counted from the wall-clock moment the capture was created. Every packet is
/// flushed as it is written. Thread-safe.
/// </summary>
public sealed class HanCapture : IFrameRecorder, IDisposable
{
    /// <summary>Default size limit of a capture file.</summary>
    public const long DefaultMaxBytes = 1L << 30;

    private readonly PcapngWriter _writer;
    private readonly long _originUs;
    private readonly byte[] _scratch = new byte[Math.Max(ZigBeeDataFrame.MaxEncodedLength, HanFrame.MaxEncodedLength)];
    private readonly object _gate = new();
    private readonly Action<string>? _warn;
    private readonly long _maxBytes;
    private bool _closed;
    private bool _warned;

    /// <summary>
    /// A capture written by <paramref name="writer"/> (owned), bench time 0 at <paramref name="originUs"/> µs since the
    /// Unix epoch; <paramref name="warn"/> hears once, when the first packet is not written (size limit or I/O error).
    /// </summary>
    public HanCapture(PcapngWriter writer, long originUs, Action<string>? warn = null, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _originUs = originUs;
        _warn = warn;
        _maxBytes = maxBytes;
    }

    /// <summary>Creates (or replaces) the capture file <paramref name="path"/>, bench time 0 being now.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public static HanCapture Create(string path, long maxBytes = DefaultMaxBytes, Action<string>? warn = null) =>
        new(PcapngWriter.Create(path, maxBytes, "HanBench"), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000, warn is null ? null : line => warn($"capture {path}: {line}"), maxBytes);

    /// <summary>The file writer (figures: packets written, dropped at the size limit).</summary>
    public PcapngWriter Writer => _writer;

    /// <summary>Adds the interface(s) of a hop called <paramref name="name"/>: 802.15.4 when <paramref name="zigBee"/>, else HanBench framing.</summary>
    public CaptureHop AddHop(string name, bool zigBee)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!zigBee)
        {
            return new CaptureHop(name, -1, _writer.AddInterface(PcapngWriter.LinkTypeUser0, name, "HanBench HAN frames (tools/wireshark/hanbench.lua)"));
        }

        int radio = _writer.AddInterface(PcapngWriter.LinkTypeIeee802154WithFcs, name, "ZigBee HAN, IEEE 802.15.4 (HanBench: NWK and APS unsecured)");
        int management = _writer.AddInterface(PcapngWriter.LinkTypeUser0, name + " (HanBench management)", "HanBench management frames (tools/wireshark/hanbench.lua)");
        return new CaptureHop(name, radio, management);
    }

    /// <summary>
    /// Records <paramref name="frame"/> crossing <paramref name="hop"/> from <paramref name="macSource"/> to
    /// <paramref name="macDestination"/> at <paramref name="benchUs"/>, with an optional comment (a loss, a direction).
    /// </summary>
    public void Record(CaptureHop hop, HanFrame frame, long benchUs, ulong macSource, ulong macDestination, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(hop);
        ArgumentNullException.ThrowIfNull(frame);
        lock (_gate)
        {
            if (_closed)
            {
                // A real-time bench's last frames may race its shutdown: they are simply not recorded.
                return;
            }

            long timestamp = _originUs + benchUs;
            if (hop.ZigBeeInterface >= 0 && frame.Kind != HanFrameKind.Management)
            {
                int length = ZigBeeDataFrame.Encode(frame, macSource, macDestination, _scratch);
                Written(_writer.WritePacket(hop.ZigBeeInterface, timestamp, _scratch.AsSpan(0, length), comment));
                return;
            }

            var writer = new ByteWriter(_scratch, 0, _scratch.Length);
            frame.WriteTo(writer);
            Written(_writer.WritePacket(hop.HanBenchInterface, timestamp, _scratch.AsSpan(0, frame.EncodedLength), comment));
        }
    }

    /// <summary>Says once why packets stopped being written; the bench goes on either way.</summary>
    private void Written(bool written)
    {
        if (written || _warned || _warn is null)
        {
            return;
        }

        _warned = true;
        _warn(_writer.Failure is { } failure
            ? $"stopped writing ({failure}); the file keeps its first {_writer.PacketsWritten} packets, whole; the run goes on"
            : $"reached its size limit of {_maxBytes:N0} bytes after {_writer.PacketsWritten} packets; later packets are not written");
    }

    /// <inheritdoc />
    void IFrameRecorder.Record(CaptureHop hop, HanFrame frame, long benchUs, ulong macSource, ulong macDestination, FrameDirection direction, string? comment) =>
        Record(hop, frame, benchUs, macSource, macDestination, comment);

    /// <summary>Closes the file; frames recorded afterwards are ignored.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _writer.Dispose();
        }
    }
}

/// <summary>The capture interfaces of one hop.</summary>
/// <param name="Name">The hop's name, as the interface is called.</param>
/// <param name="ZigBeeInterface">The 802.15.4 interface, or -1 for a hop in HanBench framing only.</param>
/// <param name="HanBenchInterface">The link type 147 interface (management frames of a ZigBee hop; everything otherwise).</param>
public sealed record CaptureHop(string Name, int ZigBeeInterface, int HanBenchInterface);
