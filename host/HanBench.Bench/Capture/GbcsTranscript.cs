using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Capture;

/// <summary>
/// The GBCS transcript (<c>--gbcs-log FILE</c>, issue 8 §3): every GBCS message a tap sees (every frame of kind
/// <see cref="HanFrameKind.Gbcs"/>), one JSON object a line:
/// <code>
/// {"time":"2025-01-01T00:00:01.234567Z","from":"00DB000000000001","to":"90B3D51F30000002","direction":"sent",
///  "hop":"hop 0 HOST&lt;-&gt;CH Wan","messageCode":"0129","cra":"Response","hex":"DD00…"}
/// </code>
/// <c>time</c> is bench time (virtual or real) in UTC counted from the transcript's origin: the bench epoch
/// 2025-01-01T00:00:00Z for a virtual bench (<c>demo</c>, <c>bench run</c>), so its lines agree with the inventory's
/// times and the GBCS date-times the devices write; the wall clock at creation for a real board (<c>board</c>,
/// <c>csp run</c>); <c>from</c> and
/// <c>to</c> are the EUI-64s of the link's two ends (the hop's sender and receiver, not the GBCS originator and
/// recipient, which the message itself names: <c>hanbench gbcs decode</c>); <c>direction</c> is <c>sent</c> for a
/// frame the sender put on the link (all an in-process bench's medium hears) and <c>received</c> for one the recording
/// board process took off its link; <c>lost</c> names why the receiver will not get it (a loss on air). A frame that
/// does not decode as GBCS is still written, with <c>messageCode</c> null and <c>problem</c> naming the defect; a block of
/// a message sent in blocks (GBCS general block transfer) carries the <c>messageCode</c> and <c>cra</c> its Routing Header
/// names and its <c>block</c> number, an acknowledgement its <c>ackOfBlocks</c> and <c>complete</c>. Each
/// line goes to the operating system whole and at once, so the transcript of a killed run reads up to its last message.
/// Bounded: past its size limit, or after a write fails (a full disk), lines are counted in <see cref="LinesDropped"/>,
/// not written, and <see cref="Problem"/> says why; the bench goes on. Thread-safe.
/// </summary>
public sealed class GbcsTranscript : IFrameRecorder, IDisposable
{
    /// <summary>Default size limit of a transcript.</summary>
    public const long DefaultMaxBytes = 1L << 30;

    // Hop names hold "<->": written as they are, not as \u003C escapes (the file is read by people and by tools, never as HTML).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Stream _stream;
    private readonly long _maxBytes;
    private readonly DateTimeOffset _origin;
    private readonly object _gate = new();
    private readonly GbcsEnvelope _envelope = new();
    private readonly GbcsRoutingHeader _routing = new();
    private readonly ByteReader _reader = new();
    private readonly MemoryStream _line = new();
    private readonly Action<string>? _warn;
    private bool _closed;

    /// <summary>
    /// A transcript on <paramref name="stream"/> (owned), bench time 0 at <paramref name="origin"/>, at most
    /// <paramref name="maxBytes"/> long; <paramref name="warn"/> hears once, when the first line is not written.
    /// </summary>
    public GbcsTranscript(Stream stream, DateTimeOffset origin, long maxBytes = DefaultMaxBytes, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 4096);
        _stream = stream;
        _origin = origin;
        _maxBytes = maxBytes;
        _warn = warn;
    }

    /// <summary>
    /// Creates (or replaces) the transcript file <paramref name="path"/>, bench time 0 being <paramref name="origin"/>
    /// (null: now, for a real board's clock).
    /// </summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public static GbcsTranscript Create(string path, DateTimeOffset? origin = null, long maxBytes = DefaultMaxBytes, Action<string>? warn = null) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None), origin ?? DateTimeOffset.UtcNow, maxBytes,
            warn is null ? null : line => warn($"gbcs-log {path}: {line}"));

    /// <summary>Lines written.</summary>
    public long LinesWritten { get; private set; }

    /// <summary>Lines not written because the size limit was reached.</summary>
    public long LinesDropped { get; private set; }

    /// <summary>Why lines stopped being written (the size limit, an I/O error such as a full disk), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>Bytes written.</summary>
    public long BytesWritten { get; private set; }

    /// <inheritdoc />
    public CaptureHop AddHop(string name, bool zigBee)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new CaptureHop(name, -1, -1);
    }

    /// <inheritdoc />
    public void Record(CaptureHop hop, HanFrame frame, long benchUs, ulong macSource, ulong macDestination, FrameDirection direction, string? comment)
    {
        ArgumentNullException.ThrowIfNull(hop);
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Kind != HanFrameKind.Gbcs)
        {
            return;
        }

        lock (_gate)
        {
            if (_closed)
            {
                // A real-time bench's last frames may race its shutdown: they are simply not recorded.
                return;
            }

            _line.SetLength(0);
            using (var json = new Utf8JsonWriter(_line))
            {
                json.WriteStartObject();
                json.WriteString("time", (_origin + TimeSpan.FromMicroseconds(benchUs)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                json.WriteString("from", Eui(macSource));
                json.WriteString("to", Eui(macDestination));
                json.WriteString("direction", direction == FrameDirection.Sent ? "sent" : "received");
                json.WriteString("hop", hop.Name);
                if (comment is not null)
                {
                    json.WriteString("lost", comment.StartsWith(MediumCapture.LostComment, StringComparison.Ordinal) ? comment[MediumCapture.LostComment.Length..] : comment);
                }

                _reader.Reset(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
                GbcsStatus status = GbcsEnvelope.TryDecode(_reader, _envelope);
                if (status == GbcsStatus.Ok)
                {
                    json.WriteString("messageCode", _envelope.MessageCode.ToString("X4", CultureInfo.InvariantCulture));
                    json.WriteString("cra", _envelope.CraFlag.ToString());
                }
                else if (GbcsBlockTransfer.TryReadAck(frame.Payload, frame.PayloadOffset, frame.PayloadLength, _routing, out int acknowledged, out bool complete))
                {
                    WriteRoutedMessage(json);
                    json.WriteNumber("ackOfBlocks", acknowledged);
                    json.WriteBoolean("complete", complete);
                }
                else if (GbcsBlockTransfer.TryReadBlockNumber(frame.Payload, frame.PayloadOffset, frame.PayloadLength, _routing, out int block))
                {
                    WriteRoutedMessage(json);
                    json.WriteNumber("block", block);
                }
                else
                {
                    json.WriteNull("messageCode");
                    json.WriteString("problem", $"not a GBCS message: {status}");
                }

                json.WriteString("hex", Hex.Encode(frame.Payload, frame.PayloadOffset, frame.PayloadLength));
                json.WriteEndObject();
            }

            _line.WriteByte((byte)'\n');
            if (Problem is not null || BytesWritten + _line.Length > _maxBytes)
            {
                Stop(Problem ?? $"size limit of {_maxBytes} bytes reached");
                return;
            }

            try
            {
                // One write of the whole line, then a flush: a run killed now leaves only complete lines behind.
                _stream.Write(_line.GetBuffer(), 0, (int)_line.Length);
                _stream.Flush();
                BytesWritten += _line.Length;
                LinesWritten++;
            }
            catch (IOException ex)
            {
                // A full disk stops the transcript, not the bench: the file is cut back to its whole lines, later lines
                // are counted, not written (as the pcapng capture does).
                try
                {
                    if (_stream.CanSeek)
                    {
                        _stream.SetLength(BytesWritten);
                    }
                }
                catch (IOException)
                {
                    // Nothing more to do on a file system that refuses writes: readers skip the partial last line.
                }

                Stop(ex.Message);
            }
        }
    }

    /// <summary>Counts a line not written and, the first time, says why.</summary>
    /// <summary>
    /// A block of a message too long for one frame, or an acknowledgement of blocks: its Routing Header names the message it
    /// carries (GbcsRoutingHeader), whose MAC and signature are checked once the blocks are put together.
    /// </summary>
    private void WriteRoutedMessage(Utf8JsonWriter json)
    {
        json.WriteString("messageCode", _routing.MessageCode.ToString("X4", CultureInfo.InvariantCulture));
        json.WriteString("cra", ((GbcsCraFlag)_routing.CraFlag).ToString());
    }

    private void Stop(string problem)
    {
        LinesDropped++;
        if (Problem is null)
        {
            Problem = problem;
            _warn?.Invoke($"stopped writing ({problem}); the file keeps its first {LinesWritten} lines, whole; the run goes on");
        }
    }

    /// <summary>Closes the file; messages recorded afterwards are ignored.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _closed = true;
                _stream.Dispose();
            }
        }
    }

    private static string Eui(ulong eui) => eui.ToString("X16", CultureInfo.InvariantCulture);
}
