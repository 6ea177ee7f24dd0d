using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;

namespace HanBench.Bench.Ota;

/// <summary>A bench node that only serves OTA images: an <see cref="OtaServer"/> on one link (the host side of a hop).</summary>
public sealed class OtaServerRole : IDeviceRole
{
    private readonly IClock _clock;

    /// <summary>A server for node <paramref name="eui64"/> on <paramref name="link"/>, reading images from <paramref name="source"/>.</summary>
    public OtaServerRole(IClock clock, IFrameLink link, ulong eui64, IOtaImageSource source, OtaServerSettings settings, int maxClients = 8, int maxImages = 4)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        Sender = new HanZclSender(link, eui64);
        Server = new OtaServer(Sender, source, settings, maxClients, maxImages);
    }

    /// <summary>The engine.</summary>
    public OtaServer Server { get; }

    /// <summary>Where its frames go.</summary>
    public HanZclSender Sender { get; }

    /// <summary>
    /// Time the server waits after a request before it answers, ms (0: at once): zigbee-herdsman's
    /// <c>image_block_response_delay</c> (Zigbee2MQTT's default 250 ms), so a herdsman-style server can be measured.
    /// </summary>
    public long ResponseDelayMs { get; init; }

    private readonly Queue<(long DueMs, ulong Source, byte[] Zcl)> _delayed = new();

    /// <inheritdoc />
    public long NextWakeMs => _delayed.Count == 0 ? Server.NextWakeMs : Math.Min(Server.NextWakeMs, _delayed.Peek().DueMs);

    /// <inheritdoc />
    public void Start(long nowMs)
    {
    }

    /// <inheritdoc />
    public void OnFrame(IFrameLink link, HanFrame frame)
    {
        if (!HanZclSender.IsOta(frame))
        {
            return;
        }

        if (ResponseDelayMs > 0)
        {
            _delayed.Enqueue((_clock.NowMs + ResponseDelayMs, frame.Source, frame.Payload.AsSpan(frame.PayloadOffset, frame.PayloadLength).ToArray()));
            return;
        }

        Server.OnZcl(frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength, _clock.NowMs);
    }

    /// <inheritdoc />
    public void Tick(long nowMs)
    {
        while (_delayed.Count > 0 && _delayed.Peek().DueMs <= nowMs)
        {
            (_, ulong source, byte[] zcl) = _delayed.Dequeue();
            Server.OnZcl(source, zcl, 0, zcl.Length, nowMs);
        }

        Server.Tick(nowMs);
    }
}
