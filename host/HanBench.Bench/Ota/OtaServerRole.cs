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

    /// <inheritdoc />
    public long NextWakeMs => Server.NextWakeMs;

    /// <inheritdoc />
    public void Start(long nowMs)
    {
    }

    /// <inheritdoc />
    public void OnFrame(IFrameLink link, HanFrame frame)
    {
        if (HanZclSender.IsOta(frame))
        {
            Server.OnZcl(frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength, _clock.NowMs);
        }
    }

    /// <inheritdoc />
    public void Tick(long nowMs) => Server.Tick(nowMs);
}
