using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>
    /// The Comms Hub's side towards the HAN: the ZCL OTA server (docs/PROTOCOL.md §1, the hub is the OTA server of HAN devices
    /// and serves images from its store) and one <see cref="DeviceTransfer"/> per device named by a distribution request.
    /// <para>
    /// Per device: the hub sends the image expectation (hash) and a unicast Image Notify, repeated every
    /// <see cref="NotifyRetryMs"/> until the device queries; then serves it. The transfer ends with one CCS08 alert:
    /// Upgrade End Request SUCCESS → 0x8F8A; INVALID_IMAGE → 0x8F89 code 1 (image discarded); the hardware version outside
    /// the image's range → code 2; ABORT, a cancellation, or no progress after <see cref="MaxNotifyAttempts"/>
    /// notifications → code 3 (file transfer failure). A download left idle past the server's timeout (a device or a relay
    /// restarting) is notified again, so the device resumes where it stopped.
    /// </para>
    /// One version per image type is offered at a time (ZCL OTA offers the newest of a type): distributing a version
    /// withdraws the others of its type from the server, and a request for another version while one is being distributed
    /// is refused (<see cref="DistributeStatus.ConflictingImage"/>).
    /// Transfers live in RAM: a hub restart forgets them (the host re-issues its request); stored images are kept.
    /// </summary>
    public sealed partial class HubDistributor : IOtaServerObserver
    {
        /// <summary>Images the server offers at once.</summary>
        public const int MaxImages = 8;

        /// <summary>Interval between Image Notify to a device that has not queried yet (HanBench choice).</summary>
        public const long NotifyRetryMs = 15000;

        /// <summary>Notifications without progress after which a transfer fails with code 3 (HanBench choice).</summary>
        public const int MaxNotifyAttempts = 8;

        /// <summary>
        /// Downloads served at once (ZCL OTA rate limiting: a cap on simultaneous downloads keeps ordinary HAN traffic
        /// flowing; HanBench choice of two). Others are told WAIT_FOR_DATA.
        /// </summary>
        public const int MaxConcurrentDownloads = 2;

        /// <summary>A download idle this long is taken as interrupted (HanBench choice: beyond a bridge restart with retries).</summary>
        public const long DownloadIdleTimeoutMs = 90000;

        private readonly CommsHubRole _hub;
        private readonly IZclFrameSender _sender;
        private readonly ImageStoreSource _source;
        private readonly DeviceTransfer[] _transfers = new DeviceTransfer[HanWhitelist.Capacity];
        private readonly ByteReader _reader = new ByteReader();
        private readonly HubImageOffers _offers;
        private OtaServer? _server;

        /// <summary>The distributor of <paramref name="hub"/>, sending ZCL through <paramref name="sender"/>.</summary>
        public HubDistributor(CommsHubRole hub, IZclFrameSender sender)
        {
            _hub = hub;
            _sender = sender;
            _source = new ImageStoreSource(hub.Context.Images);
            _offers = new HubImageOffers(hub);
            for (int i = 0; i < _transfers.Length; i++)
            {
                _transfers[i] = new DeviceTransfer();
            }
        }

        /// <summary>The OTA server (a new one after each boot).</summary>
        public OtaServer? Server => _server;

        /// <summary>Transfers in progress.</summary>
        public int ActiveTransfers
        {
            get
            {
                int count = 0;
                for (int i = 0; i < _transfers.Length; i++)
                {
                    if (_transfers[i].InUse)
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        /// <summary>When <see cref="Tick"/> is next needed.</summary>
        public long NextWakeMs
        {
            get
            {
                long wake = _server == null ? WakeTime.Never : _server.NextWakeMs;
                for (int i = 0; i < _transfers.Length; i++)
                {
                    DeviceTransfer transfer = _transfers[i];
                    if (transfer.InUse && !transfer.Downloading && transfer.NextNotifyMs < wake)
                    {
                        wake = transfer.NextNotifyMs;
                    }
                }

                return wake;
            }
        }

        /// <summary>The transfer to <paramref name="device"/>, or null.</summary>
        public DeviceTransfer? FindTransfer(ulong device)
        {
            int index = IndexOf(device);
            return index < 0 ? null : _transfers[index];
        }

        /// <summary>Makes a fresh server for the HAN link and offers every image in the store.</summary>
        public void Boot(long nowMs, int hanMaxFrameLength)
        {
            OtaServerSettings settings = new OtaServerSettings();
            settings.MaxBlockSize = OtaTransferLimits.MaxDataSizeFor(hanMaxFrameLength);
            settings.MaxConcurrentDownloads = MaxConcurrentDownloads;
            settings.DownloadIdleTimeoutMs = DownloadIdleTimeoutMs;
            settings.ZclTimeAtClockZero = _hub.Configuration.UtcSecondsAtClockZero;
            _server = new OtaServer(_sender, _source, settings, HanWhitelist.Capacity, MaxImages);
            _server.Observer = this;
            for (int i = 0; i < _transfers.Length; i++)
            {
                _transfers[i].InUse = false;
            }

            _cancelledCount = 0;
            _offers.OfferAll(_server);
        }

        /// <summary>Drops the server and the transfers (a restart).</summary>
        public void Shutdown()
        {
            _server = null;
        }

        /// <summary>
        /// Offers the stored image under <paramref name="key"/> to the HAN (replacing an image of the same identity), with
        /// the hardware version range its OTA header gives. False when the server is down, the key or the header is not an
        /// OTA image's, or the image is the hub's own firmware (<see cref="HubImageOffers.Offer"/>).
        /// </summary>
        public bool Offer(string key)
        {
            OtaServer? server = _server;
            return server != null && _offers.Offer(server, key);
        }

        /// <summary>Images for the HAN in the store (<see cref="HubImageOffers.StoredHanImages"/>).</summary>
        public int StoredHanImages()
        {
            return _offers.StoredHanImages();
        }

        /// <summary>Starts transfers of the requested image to every listed device, or refuses the whole request.</summary>
        public DistributeStatus Distribute(DistributeImageRequest request, long nowMs, out ulong offending)
        {
            offending = 0;
            OtaServer? server = _server;
            ImageIdentity identity = request.Image;
            if (server == null)
            {
                return DistributeStatus.ImageNotHeld;
            }

            OtaServerImage? image = server.FindImage(identity.ManufacturerCode, identity.ImageType, identity.FileVersion);
            if (image == null && Offer(ImageKeys.For(identity)))
            {
                image = server.FindImage(identity.ManufacturerCode, identity.ImageType, identity.FileVersion);
            }

            if (image == null)
            {
                return DistributeStatus.ImageNotHeld;
            }

            for (int i = 0; i < _transfers.Length; i++)
            {
                DeviceTransfer other = _transfers[i];
                if (other.InUse && other.Identity.ManufacturerCode == identity.ManufacturerCode && other.Identity.ImageType == identity.ImageType
                    && other.Identity.FileVersion != identity.FileVersion)
                {
                    offending = other.Device;
                    return DistributeStatus.ConflictingImage;
                }
            }

            int free = 0;
            for (int i = 0; i < _transfers.Length; i++)
            {
                if (!_transfers[i].InUse)
                {
                    free++;
                }
            }

            DeviceEuiList devices = request.Devices;
            for (int i = 0; i < devices.Count; i++)
            {
                ulong device = devices.Get(i);
                if (!_hub.Whitelist.Contains(device))
                {
                    offending = device;
                    return DistributeStatus.DeviceNotJoined;
                }

                if (IndexOf(device) >= 0)
                {
                    offending = device;
                    return DistributeStatus.DeviceBusy;
                }
            }

            if (devices.Count > free)
            {
                return DistributeStatus.TooManyTransfers;
            }

            _offers.WithdrawOtherVersions(server, identity);
            for (int i = 0; i < devices.Count; i++)
            {
                DeviceTransfer transfer = FreeSlot();
                transfer.InUse = true;
                transfer.Device = devices.Get(i);
                transfer.Image = image;
                transfer.Identity = identity;
                System.Array.Copy(request.ManufacturerImageHash, transfer.Hash, DeviceTransfer.HashLength);
                transfer.Downloading = false;
                transfer.NotifyAttempts = 0;
                transfer.NextNotifyMs = nowMs;
                transfer.HighestOffset = 0;
                ForgetCancellation(transfer.Device);
            }

            return DistributeStatus.Accepted;
        }

        /// <summary>Runs the server's timers and sends the notifications that are due.</summary>
        public void Tick(long nowMs)
        {
            OtaServer? server = _server;
            if (server == null)
            {
                return;
            }

            server.Tick(nowMs);
            for (int i = 0; i < _transfers.Length; i++)
            {
                DeviceTransfer transfer = _transfers[i];
                if (!transfer.InUse || transfer.Downloading || nowMs < transfer.NextNotifyMs)
                {
                    continue;
                }

                if (transfer.NotifyAttempts >= MaxNotifyAttempts)
                {
                    End(transfer, FirmwareTransferResponseCode.FileTransferFailure);
                    continue;
                }

                transfer.NotifyAttempts++;
                transfer.NextNotifyMs = nowMs + NotifyRetryMs;
                _hub.SendExpectation(transfer.Device, transfer.Identity, transfer.Hash);
                server.SendImageNotify(transfer.Device, transfer.Image!, ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion, ImageNotify.MaxQueryJitter);
            }
        }

        private void End(DeviceTransfer transfer, FirmwareTransferResponseCode code)
        {
            transfer.InUse = false;
            _hub.RaiseTransferAlert(transfer.Device, transfer.Identity.FileVersion, code);
            DeleteIfDone(transfer.Identity, transfer.Image);
        }

        /// <summary>
        /// Deletes the image from the server and the store once no transfer of it is left: every device it was distributed
        /// to has finished (or its transfer failed or was cancelled). A board's store is small (an ESP32's I: holds 2 MB)
        /// and a hub that kept every image filled it; the host delivers an image again when a later request needs it (the
        /// hub answers ImageNotHeld).
        /// </summary>
        private void DeleteIfDone(ImageIdentity identity, OtaServerImage? image)
        {
            for (int i = 0; i < _transfers.Length; i++)
            {
                if (_transfers[i].InUse && _transfers[i].Identity.SameAs(identity))
                {
                    return;
                }
            }

            _offers.Delete(_server, identity, image);
        }

        private DeviceTransfer FreeSlot()
        {
            for (int i = 0; i < _transfers.Length; i++)
            {
                if (!_transfers[i].InUse)
                {
                    return _transfers[i];
                }
            }

            throw new System.InvalidOperationException("no free transfer slot");
        }

        private int IndexOf(ulong device)
        {
            for (int i = 0; i < _transfers.Length; i++)
            {
                if (_transfers[i].InUse && _transfers[i].Device == device)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
