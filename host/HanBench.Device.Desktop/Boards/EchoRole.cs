using System.Globalization;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.Device.Desktop.Boards;

/// <summary>
/// <c>hanbench board --role echo</c>: a link check for bench bring-up, not a smart-metering device. Every
/// <see cref="IntervalMs"/> it broadcasts an echo request on each link; it answers every request it hears with a reply
/// to the sender, and logs every reply it gets with the peer's boot count and the round-trip time. It counts its boots
/// in the settings store, so a board restarted on the same state directory shows the next number, as flash would.
/// <para>
/// Wire format (HanBench choice): a ZCL frame of the manufacturer-specific cluster <see cref="ClusterId"/> (ZCL keeps
/// 0xFC00–0xFFFF for manufacturer clusters); payload = command (1 byte), sender's boot count (4, little-endian),
/// then the request's send time in the requester's clock (8, little-endian), which the reply carries back.
/// </para>
/// </summary>
public sealed class EchoRole : IDeviceRole
{
    /// <summary>Cluster id of echo frames.</summary>
    public const ushort ClusterId = 0xFC48;

    /// <summary>Command byte of a request.</summary>
    public const byte RequestCommand = 0x01;

    /// <summary>Command byte of a reply.</summary>
    public const byte ReplyCommand = 0x02;

    /// <summary>Settings key holding the boot count (4 bytes, little-endian).</summary>
    public const string BootCountKey = "echo.boots";

    /// <summary>Default time between two requests.</summary>
    public const long DefaultIntervalMs = 1000;

    private const int PayloadLength = 13;

    private readonly ulong _id;
    private readonly DeviceContext _context;
    private readonly IReadOnlyList<IFrameLink> _links;
    private readonly HanFrame _out = new();
    private readonly byte[] _payload = new byte[PayloadLength];
    private readonly byte[] _setting = new byte[4];
    private long _nextRequestMs = WakeTime.Never;
    private byte _sequence;

    /// <summary>An echo role for device <paramref name="id"/> on <paramref name="links"/>, requesting every <paramref name="intervalMs"/>.</summary>
    public EchoRole(ulong id, DeviceContext context, IReadOnlyList<IFrameLink> links, long intervalMs = DefaultIntervalMs)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalMs, 1);
        _id = id;
        _context = context;
        _links = links;
        IntervalMs = intervalMs;
    }

    /// <summary>Time between two requests.</summary>
    public long IntervalMs { get; }

    /// <summary>This boot's number: 1 on a fresh state directory.</summary>
    public uint BootCount { get; private set; }

    /// <summary>Requests answered.</summary>
    public int RequestsAnswered { get; private set; }

    /// <summary>Replies received.</summary>
    public int RepliesReceived { get; private set; }

    /// <summary>The boot count the last reply carried.</summary>
    public uint LastPeerBootCount { get; private set; }

    /// <inheritdoc />
    public long NextWakeMs => _nextRequestMs;

    /// <inheritdoc />
    public void Start(long nowMs)
    {
        uint previous = 0;
        if (_context.Settings.TryRead(BootCountKey, _setting, 0, out int length) == StoreStatus.Ok && length == 4)
        {
            previous = ReadUInt32(_setting, 0);
        }

        BootCount = previous + 1;
        WriteUInt32(_setting, 0, BootCount);
        StoreStatus status = _context.Settings.Write(BootCountKey, _setting, 0, 4);
        _context.Log.Write(status == StoreStatus.Ok ? LogLevel.Info : LogLevel.Error, string.Create(CultureInfo.InvariantCulture, $"echo role: boot {BootCount} (settings {status})"));
        _context.Indicator.Show(IndicatorState.Idle);
        _nextRequestMs = nowMs;
    }

    /// <inheritdoc />
    public void Tick(long nowMs)
    {
        if (nowMs < _nextRequestMs)
        {
            return;
        }

        _nextRequestMs = nowMs + IntervalMs;
        Fill(RequestCommand, nowMs);
        foreach (IFrameLink link in _links)
        {
            Send(link, HanFrame.Broadcast, ++_sequence);
        }
    }

    /// <inheritdoc />
    public void OnFrame(IFrameLink link, HanFrame frame)
    {
        if (frame.Kind != HanFrameKind.Zcl || frame.ClusterId != ClusterId || frame.PayloadLength < PayloadLength)
        {
            return;
        }

        if (frame.Destination != _id && frame.Destination != HanFrame.Broadcast)
        {
            return;
        }

        byte[] data = frame.Payload;
        int at = frame.PayloadOffset;
        uint peerBoot = ReadUInt32(data, at + 1);
        long stamp = (long)(ReadUInt32(data, at + 5) | ((ulong)ReadUInt32(data, at + 9) << 32));
        if (data[at] == RequestCommand)
        {
            Fill(ReplyCommand, stamp);
            Send(link, frame.Source, frame.Sequence);
            RequestsAnswered++;
        }
        else if (data[at] == ReplyCommand)
        {
            RepliesReceived++;
            LastPeerBootCount = peerBoot;
            if (_context.Log.IsEnabled(LogLevel.Info))
            {
                int index = IndexOf(link);
                long rtt = _context.Clock.NowMs - stamp;
                _context.Log.Write(LogLevel.Info, string.Create(CultureInfo.InvariantCulture, $"echo reply from {BoardIdentity.Format(frame.Source)} on link {index}: peer boot {peerBoot}, rtt {rtt} ms"));
            }
        }
    }

    private static uint ReadUInt32(byte[] data, int at) =>
        (uint)(data[at] | (data[at + 1] << 8) | (data[at + 2] << 16)) | ((uint)data[at + 3] << 24);

    private static void WriteUInt32(byte[] data, int at, uint value)
    {
        data[at] = (byte)value;
        data[at + 1] = (byte)(value >> 8);
        data[at + 2] = (byte)(value >> 16);
        data[at + 3] = (byte)(value >> 24);
    }

    private void Fill(byte command, long stamp)
    {
        _payload[0] = command;
        WriteUInt32(_payload, 1, BootCount);
        WriteUInt32(_payload, 5, (uint)stamp);
        WriteUInt32(_payload, 9, (uint)((ulong)stamp >> 32));
    }

    private void Send(IFrameLink link, ulong destination, byte sequence)
    {
        _out.Kind = HanFrameKind.Zcl;
        _out.ClusterId = ClusterId;
        _out.Source = _id;
        _out.Destination = destination;
        _out.Sequence = sequence;
        _out.SetPayload(_payload, 0, PayloadLength);
        link.Send(_out);
    }

    private int IndexOf(IFrameLink link)
    {
        for (int i = 0; i < _links.Count; i++)
        {
            if (ReferenceEquals(_links[i], link))
            {
                return i;
            }
        }

        return -1;
    }
}
