using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;

namespace HanBench.Bench.Ota;

/// <summary>
/// A bench node that only downloads: an <see cref="OtaClient"/> on one link. A restart is a new role on the same sink and
/// progress store (<see cref="HanBench.Bench.Radio.MediumNode.Attach"/>), as a board keeps its flash.
/// </summary>
public sealed class OtaClientRole : IDeviceRole
{
    private readonly IClock _clock;
    private readonly bool _queryOnStart;

    /// <summary>A client for node <paramref name="eui64"/> on <paramref name="link"/>; with <paramref name="queryOnStart"/> it asks for an image at boot.</summary>
    public OtaClientRole(IClock clock, IFrameLink link, ulong eui64, IOtaImageSink sink, IOtaProgressStore progress, IOtaImageCheck check, OtaClientSettings settings, bool queryOnStart = true)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _queryOnStart = queryOnStart;
        settings.OwnAddress = eui64;
        Sender = new HanZclSender(link, eui64);
        Client = new OtaClient(Sender, sink, progress, check, settings);
    }

    /// <summary>The engine.</summary>
    public OtaClient Client { get; }

    /// <summary>Where its frames go.</summary>
    public HanZclSender Sender { get; }

    /// <inheritdoc />
    public long NextWakeMs => Client.NextWakeMs;

    /// <inheritdoc />
    public void Start(long nowMs)
    {
        Client.Start(nowMs);
        if (_queryOnStart && Client.State == OtaClientState.Idle)
        {
            Client.StartQuery(nowMs);
        }
    }

    /// <inheritdoc />
    public void OnFrame(IFrameLink link, HanFrame frame)
    {
        if (HanZclSender.IsOta(frame))
        {
            Client.OnZcl(frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength, _clock.NowMs);
        }
    }

    /// <inheritdoc />
    public void Tick(long nowMs) => Client.Tick(nowMs);
}
