using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Bench.Topology;

/// <summary>The host stub's CSP side: the OTA server the Comms Hub pulls images from (the <see cref="OtaServer"/> engine, used directly).</summary>
public sealed partial class HostStub : IOtaImageSource, IOtaServerObserver, IZclFrameSender
{
    private readonly Dictionary<string, byte[]> _images = [];
    private OtaServer _ota = null!;

    /// <summary>The OTA server towards the hub.</summary>
    public OtaServer Ota => _ota;

    /// <summary>Images the hub finished downloading (Upgrade End Request SUCCESS), in order: the CSP's N59 moment.</summary>
    public List<ImageIdentity> Delivered { get; } = [];

    /// <summary>
    /// Offers <paramref name="image"/> (a whole OTA file) to the hub and sends it Image Notify naming it; the hub pulls it.
    /// Returns the identity from its header.
    /// </summary>
    public ImageIdentity Deliver(byte[] image)
    {
        OtaServerImage offered = Offer(image);
        _ota.SendImageNotify(HubEui, offered, ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion, ImageNotify.MaxQueryJitter);
        return new ImageIdentity(offered.ManufacturerCode, offered.ImageType, offered.FileVersion);
    }

    /// <summary>Makes <paramref name="image"/> available on the server without notifying.</summary>
    public OtaServerImage Offer(byte[] image)
    {
        var header = new OtaHeader();
        if (OtaHeader.TryDecode(new ByteReader(image, 0, image.Length), header) != OtaFileStatus.Ok)
        {
            throw new ArgumentException("not an OTA image", nameof(image));
        }

        string key = ImageKeys.For(header.ManufacturerCode, header.ImageType, header.FileVersion);
        _images[key] = image;
        var offered = new OtaServerImage(key, header.ManufacturerCode, header.ImageType, header.FileVersion, (uint)image.Length);
        _ota.AddImage(offered);
        return offered;
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
    bool IZclFrameSender.Send(ulong destination, byte[] buffer, int offset, int count)
    {
        _frame.Kind = HanFrameKind.Zcl;
        _frame.ClusterId = OtaCluster.ClusterId;
        _frame.Source = Eui64;
        _frame.Destination = destination;
        _frame.Sequence = _sequence++;
        _frame.SetPayload(buffer, offset, count);
        return _wan.Send(_frame);
    }

    /// <inheritdoc />
    void IOtaServerObserver.OnQueryAnswered(ulong client, OtaServerImage? image, OtaQueryOutcome outcome)
    {
    }

    /// <inheritdoc />
    void IOtaServerObserver.OnBlockSent(ulong client, OtaServerImage image, uint offset, int count)
    {
    }

    /// <inheritdoc />
    void IOtaServerObserver.OnUpgradeEnd(ulong client, OtaServerImage? image, OtaStatus status)
    {
        if (image is not null && status == OtaStatus.Success)
        {
            Delivered.Add(new ImageIdentity(image.ManufacturerCode, image.ImageType, image.FileVersion));
        }
    }

    /// <inheritdoc />
    void IOtaServerObserver.OnDownloadTimedOut(ulong client, OtaServerImage image, uint highestOffset)
    {
    }

    private long OtaNextWakeMs => _ota.NextWakeMs;

    private void OtaInit()
    {
        var settings = new OtaServerSettings { MaxBlockSize = OtaTransferLimits.MaxDataSizeFor(_wan.MaxFrameLength) };
        _ota = new OtaServer(this, this, settings, maxClients: 2, maxImages: 16) { Observer = this };
    }

    private void OtaTick(long nowMs) => _ota.Tick(nowMs);

    private void OtaOnZcl(HanFrame frame)
    {
        if (frame.ClusterId == OtaCluster.ClusterId)
        {
            _ota.OnZcl(frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength, _scheduler.NowMs);
        }
    }
}
