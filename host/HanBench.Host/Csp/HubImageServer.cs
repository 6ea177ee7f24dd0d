using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Host.Csp;

/// <summary>
/// The CSP → Comms Hub leg of a <see cref="HubSession"/>: the host is the OTA server the hub pulls images from
/// (docs/ARCHITECTURE.md "One frame format": the same block transfer on both hops), the <see cref="OtaServer"/> engine used
/// directly, its blocks sized to the WAN link's frame limit. The session routes OTA cluster frames here and ticks it;
/// single-threaded, on the session's thread.
/// </summary>
public sealed class HubImageServer : IOtaImageSource, IOtaServerObserver, IZclFrameSender
{
    private readonly HubSession _session;
    private readonly Dictionary<string, byte[]> _images = [];
    private readonly OtaServer _ota;

    internal HubImageServer(HubSession session, int maxFrameLength)
    {
        _session = session;
        var settings = new OtaServerSettings { MaxBlockSize = OtaTransferLimits.MaxDataSizeFor(maxFrameLength) };
        _ota = new OtaServer(this, this, settings, session.Options.MaxOtaClients, session.Options.MaxOtaImages) { Observer = this };
    }

    /// <summary>The OTA server towards the hub.</summary>
    public OtaServer Ota => _ota;

    /// <summary>Raised for each event of a hub's download (start, blocks, Upgrade End, idle time-out).</summary>
    public event Action<HubDeliveryEvent>? Delivery;

    /// <summary>
    /// Offers <paramref name="image"/> (a whole OTA file) to the hub and sends it Image Notify naming it; the hub pulls it
    /// (resuming a partial download). Returns the identity from its header.
    /// </summary>
    /// <exception cref="ArgumentException">Not an OTA file.</exception>
    public ImageIdentity DeliverImage(byte[] image)
    {
        OtaServerImage offered = OfferImage(image);
        int refused = _session.SendFailures;
        _ota.SendImageNotify(_session.HubEui, offered, ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion, ImageNotify.MaxQueryJitter);
        if (_session.SendFailures == refused)
        {
            _session.Liveness.Expect(_session.Clock.NowMs);
        }

        _session.RequestWake();
        return new ImageIdentity(offered.ManufacturerCode, offered.ImageType, offered.FileVersion);
    }

    /// <summary>Makes <paramref name="image"/> available on the server without notifying (replacing one of the same identity).</summary>
    /// <exception cref="ArgumentException">Not an OTA file.</exception>
    public OtaServerImage OfferImage(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!TryReadIdentity(image, out ImageIdentity identity))
        {
            throw new ArgumentException("not an OTA image", nameof(image));
        }

        string key = ImageKeys.For(identity);
        OtaServerImage? existing = _ota.FindImage(identity.ManufacturerCode, identity.ImageType, identity.FileVersion);
        if (existing is not null && _images.TryGetValue(key, out byte[]? held) && held.Length == image.Length)
        {
            _images[key] = image;
            return existing;
        }

        _images[key] = image;
        var offered = new OtaServerImage(key, identity.ManufacturerCode, identity.ImageType, identity.FileVersion, (uint)image.Length);
        _ota.AddImage(offered);
        return offered;
    }

    /// <summary>Takes the image of <paramref name="identity"/> off the server; false when it was not offered.</summary>
    public bool WithdrawImage(ImageIdentity identity)
    {
        OtaServerImage? offered = _ota.FindImage(identity.ManufacturerCode, identity.ImageType, identity.FileVersion);
        _images.Remove(ImageKeys.For(identity));
        return offered is not null && _ota.RemoveImage(offered);
    }

    /// <summary>The manufacturer code, image type and file version in an OTA file's header; false when it is not one.</summary>
    public static bool TryReadIdentity(byte[] image, out ImageIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(image);
        var header = new OtaHeader();
        if (OtaHeader.TryDecode(new ByteReader(image, 0, image.Length), header) != OtaFileStatus.Ok)
        {
            identity = default;
            return false;
        }

        identity = new ImageIdentity(header.ManufacturerCode, header.ImageType, header.FileVersion);
        return true;
    }

    /// <inheritdoc />
    int IOtaImageSource.ReadAt(OtaServerImage image, uint offset, byte[] buffer, int bufferOffset, int count)
    {
        if (!_images.TryGetValue(image.Key, out byte[]? bytes) || offset > bytes.Length)
        {
            return -1;
        }

        int n = Math.Min(count, bytes.Length - (int)offset);
        Array.Copy(bytes, (int)offset, buffer, bufferOffset, n);
        return n;
    }

    /// <inheritdoc />
    bool IZclFrameSender.Send(ulong destination, byte[] buffer, int offset, int count) =>
        _session.Send(HanFrameKind.Zcl, OtaCluster.ClusterId, destination, buffer, offset, count);

    /// <inheritdoc />
    void IOtaServerObserver.OnQueryAnswered(ulong client, OtaServerImage? image, OtaQueryOutcome outcome)
    {
        if (image is not null && outcome == OtaQueryOutcome.Offered)
        {
            Raise(HubDeliveryEventKind.Started, client, image, 0, OtaStatus.Success);
        }
    }

    /// <inheritdoc />
    void IOtaServerObserver.OnBlockSent(ulong client, OtaServerImage image, uint offset, int count) =>
        Raise(HubDeliveryEventKind.Progress, client, image, offset + (uint)count, OtaStatus.Success);

    /// <inheritdoc />
    void IOtaServerObserver.OnUpgradeEnd(ulong client, OtaServerImage? image, OtaStatus status)
    {
        if (image is not null)
        {
            Raise(status == OtaStatus.Success ? HubDeliveryEventKind.Delivered : HubDeliveryEventKind.Ended, client, image, status == OtaStatus.Success ? image.ImageSize : 0, status);
        }
    }

    /// <inheritdoc />
    void IOtaServerObserver.OnDownloadTimedOut(ulong client, OtaServerImage image, uint highestOffset) =>
        Raise(HubDeliveryEventKind.TimedOut, client, image, highestOffset, OtaStatus.Timeout);

    /// <inheritdoc />
    void IOtaServerObserver.OnBlockDeferred(ulong client, OtaServerImage image)
    {
        // The host serves one hub; a queued client makes no delivery progress to report.
    }

    private void Raise(HubDeliveryEventKind kind, ulong client, OtaServerImage image, uint offset, OtaStatus status) =>
        Delivery?.Invoke(new HubDeliveryEvent(kind, _session.Clock.NowMs, client, new ImageIdentity(image.ManufacturerCode, image.ImageType, image.FileVersion), offset, image.ImageSize, status));

    /// <summary>When the server next has work (a download's idle time-out).</summary>
    internal long NextWakeMs => _ota.NextWakeMs;

    internal void Tick(long nowMs) => _ota.Tick(nowMs);

    /// <summary>A ZCL frame: the OTA server's if it is on the OTA cluster (the server counts what it cannot use).</summary>
    internal bool OnFrame(HanFrame frame)
    {
        if (frame.ClusterId == OtaCluster.ClusterId)
        {
            _ota.OnZcl(frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength, _session.Clock.NowMs);
        }

        return true;
    }
}
