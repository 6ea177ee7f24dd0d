using HanBench.Device.Hal;
using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;
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
    public sealed class HubDistributor : IOtaServerObserver
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
        private readonly ulong[] _cancelledDevices = new ulong[HanWhitelist.Capacity];
        private readonly ImageIdentity[] _cancelledImages = new ImageIdentity[HanWhitelist.Capacity];
        private readonly byte[] _headerBytes = new byte[OtaHeader.MaxEncodedLength];
        private readonly OtaHeader _header = new OtaHeader();
        private readonly ByteReader _reader = new ByteReader();
        private readonly ByteWriter _writer = new ByteWriter();
        private readonly byte[] _abort = new byte[ZclHeader.MaxEncodedLength + ImageBlockResponse.AbortLength];
        private OtaServer? _server;
        private int _cancelledCount;

        /// <summary>The distributor of <paramref name="hub"/>, sending ZCL through <paramref name="sender"/>.</summary>
        public HubDistributor(CommsHubRole hub, IZclFrameSender sender)
        {
            _hub = hub;
            _sender = sender;
            _source = new ImageStoreSource(hub.Context.Images);
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
            string[] keys = _hub.Context.Images.ListImages();
            for (int i = 0; i < keys.Length; i++)
            {
                Offer(keys[i]);
            }
        }

        /// <summary>Drops the server and the transfers (a restart).</summary>
        public void Shutdown()
        {
            _server = null;
        }

        /// <summary>
        /// Offers the stored image under <paramref name="key"/> to the HAN (replacing an image of the same identity), with
        /// the hardware version range its OTA header gives. False when the key or the header is not an OTA image's, or the
        /// image is the hub's own firmware.
        /// </summary>
        public bool Offer(string key)
        {
            OtaServer? server = _server;
            if (server == null || !ImageKeys.TryParse(key, out ImageIdentity identity) || !_hub.Context.Images.TryGetLength(key, out int length))
            {
                return false;
            }

            if (_hub.IsOwnImage(identity))
            {
                // The hub's own firmware waits in the store for CS06; no HAN device takes it.
                return false;
            }

            if (_hub.Context.Images.ReadAt(key, 0, _headerBytes, 0, _headerBytes.Length, out int read) != StoreStatus.Ok)
            {
                return false;
            }

            _reader.Reset(_headerBytes, 0, read);
            if (OtaHeader.TryDecode(_reader, _header) != OtaFileStatus.Ok
                || _header.ManufacturerCode != identity.ManufacturerCode || _header.ImageType != identity.ImageType || _header.FileVersion != identity.FileVersion)
            {
                return false;
            }

            OtaServerImage image = new OtaServerImage(key, identity.ManufacturerCode, identity.ImageType, identity.FileVersion, (uint)length);
            if (_header.HasHardwareVersions)
            {
                image.SetHardwareVersionRange(_header.MinimumHardwareVersion, _header.MaximumHardwareVersion);
            }

            if (server.ImageCount >= MaxImages && server.FindImage(identity.ManufacturerCode, identity.ImageType, identity.FileVersion) == null)
            {
                return false;
            }

            server.AddImage(image);
            return true;
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

            WithdrawOtherVersions(identity);
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

        /// <summary>Cancels the listed devices' transfers of the image (0x8F89 code 3 each); refuses the whole request if one has none.</summary>
        public DistributeStatus Cancel(CancelDistributionRequest request, out ulong offending)
        {
            offending = 0;
            DeviceEuiList devices = request.Devices;
            for (int i = 0; i < devices.Count; i++)
            {
                int index = IndexOf(devices.Get(i));
                if (index < 0 || !_transfers[index].Identity.SameAs(request.Image))
                {
                    offending = devices.Get(i);
                    return DistributeStatus.NotInProgress;
                }
            }

            for (int i = 0; i < devices.Count; i++)
            {
                DeviceTransfer transfer = _transfers[IndexOf(devices.Get(i))];
                if (_cancelledCount < _cancelledDevices.Length)
                {
                    _cancelledDevices[_cancelledCount] = transfer.Device;
                    _cancelledImages[_cancelledCount] = transfer.Identity;
                    _cancelledCount++;
                }

                End(transfer, FirmwareTransferResponseCode.FileTransferFailure);
            }

            return DistributeStatus.Accepted;
        }

        /// <summary>
        /// Answers ABORT (ZCL OTA) to a block or page request from a device whose transfer of that image was cancelled, so
        /// its client stops and discards; true when the frame was answered here and must not reach the server.
        /// </summary>
        public bool InterceptCancelled(ulong source, byte[] buffer, int offset, int count)
        {
            int index = -1;
            for (int i = 0; i < _cancelledCount; i++)
            {
                if (_cancelledDevices[i] == source)
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                return false;
            }

            _reader.Reset(buffer, offset, count);
            if (ZclHeader.TryDecode(_reader, out ZclHeader header) != ZclDecodeStatus.Ok || header.FrameType != ZclHeader.FrameTypeClusterSpecific)
            {
                return false;
            }

            ImageIdentity cancelled = _cancelledImages[index];
            if (header.CommandId == (byte)OtaCommandId.ImageBlockRequest)
            {
                if (ImageBlockRequest.TryDecode(_reader, out ImageBlockRequest block) != ZclDecodeStatus.Ok
                    || !cancelled.SameAs(new ImageIdentity(block.ManufacturerCode, block.ImageType, block.FileVersion)))
                {
                    return false;
                }
            }
            else if (header.CommandId == (byte)OtaCommandId.ImagePageRequest)
            {
                if (ImagePageRequest.TryDecode(_reader, out ImagePageRequest page) != ZclDecodeStatus.Ok
                    || !cancelled.SameAs(new ImageIdentity(page.ManufacturerCode, page.ImageType, page.FileVersion)))
                {
                    return false;
                }
            }
            else
            {
                if (header.CommandId == (byte)OtaCommandId.UpgradeEndRequest)
                {
                    // The device has given up the image: nothing more to refuse.
                    ForgetCancellation(source);
                }

                return false;
            }

            ImageBlockResponse response = default;
            response.Status = OtaStatus.Abort;
            _writer.Reset(_abort, 0, _abort.Length);
            OtaCluster.HeaderFor(OtaCommandId.ImageBlockResponse, header.TransactionSequenceNumber).WriteTo(_writer);
            response.WriteTo(_writer);
            _sender.Send(source, _abort, 0, _writer.Written);
            return true;
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

        /// <inheritdoc />
        public void OnQueryAnswered(ulong client, OtaServerImage? image, OtaQueryOutcome outcome)
        {
            int index = IndexOf(client);
            if (index < 0)
            {
                return;
            }

            DeviceTransfer transfer = _transfers[index];
            if (outcome == OtaQueryOutcome.Offered && ReferenceEquals(image, transfer.Image))
            {
                transfer.Downloading = true;
                transfer.NotifyAttempts = 0;
            }
            else if (outcome == OtaQueryOutcome.HardwareVersionMismatch && ReferenceEquals(image, transfer.Image))
            {
                End(transfer, FirmwareTransferResponseCode.HardwareVersionMismatch);
            }
        }

        /// <inheritdoc />
        public void OnBlockSent(ulong client, OtaServerImage image, uint offset, int count)
        {
            int index = IndexOf(client);
            if (index >= 0 && ReferenceEquals(image, _transfers[index].Image))
            {
                DeviceTransfer transfer = _transfers[index];
                uint end = offset + (uint)count;
                if (end > transfer.HighestOffset)
                {
                    transfer.HighestOffset = end;
                }

                // A device that resumed a download by itself after a restart (its client keeps its offset) fetches blocks
                // without a new query: that is progress, so it is not notified again nor failed for want of a query.
                transfer.Downloading = true;
                transfer.NotifyAttempts = 0;
            }
        }

        /// <inheritdoc />
        public void OnBlockDeferred(ulong client, OtaServerImage image)
        {
            int index = IndexOf(client);
            if (index < 0 || !ReferenceEquals(image, _transfers[index].Image))
            {
                return;
            }

            // The device is downloading, queued behind the download slots: not a device that ignores the notify. This is
            // how a device that resumed its download by itself before the host re-sent the request (a restart on both
            // sides, issue 13 "Resume") is told from one that is gone: its client is past the query, so it answers no
            // notify, and without this the hub would fail it after MaxNotifyAttempts while it waits its turn.
            DeviceTransfer transfer = _transfers[index];
            transfer.NotifyAttempts = 0;
            transfer.NextNotifyMs = _hub.Context.Clock.NowMs + NotifyRetryMs;
        }

        /// <inheritdoc />
        public void OnUpgradeEnd(ulong client, OtaServerImage? image, OtaStatus status)
        {
            int index = IndexOf(client);
            if (index < 0 || !ReferenceEquals(image, _transfers[index].Image))
            {
                return;
            }

            DeviceTransfer transfer = _transfers[index];
            switch (status)
            {
                case OtaStatus.Success:
                    End(transfer, FirmwareTransferResponseCode.Success);
                    break;
                case OtaStatus.InvalidImage:
                    End(transfer, FirmwareTransferResponseCode.ImageDiscarded);
                    break;
                case OtaStatus.Abort:
                    End(transfer, FirmwareTransferResponseCode.FileTransferFailure);
                    break;
            }
        }

        /// <inheritdoc />
        public void OnDownloadTimedOut(ulong client, OtaServerImage image, uint highestOffset)
        {
            int index = IndexOf(client);
            if (index < 0 || !ReferenceEquals(image, _transfers[index].Image))
            {
                return;
            }

            // The device (or a relay on its path) went quiet: notify again so it resumes.
            DeviceTransfer transfer = _transfers[index];
            transfer.Downloading = false;
            transfer.NextNotifyMs = _hub.Context.Clock.NowMs;
        }

        /// <summary>
        /// Takes every other version of the image's manufacturer code and image type off the server (they stay in the store):
        /// ZCL OTA answers a query with the newest image of the type, and the device must be offered the one distributed.
        /// </summary>
        private void WithdrawOtherVersions(ImageIdentity identity)
        {
            OtaServer server = _server!;
            string[] keys = _hub.Context.Images.ListImages();
            for (int i = 0; i < keys.Length; i++)
            {
                if (!ImageKeys.TryParse(keys[i], out ImageIdentity held) || held.ManufacturerCode != identity.ManufacturerCode
                    || held.ImageType != identity.ImageType || held.FileVersion == identity.FileVersion)
                {
                    continue;
                }

                OtaServerImage? offered = server.FindImage(held.ManufacturerCode, held.ImageType, held.FileVersion);
                if (offered != null)
                {
                    server.RemoveImage(offered);
                }
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

            OtaServer? server = _server;
            if (server != null && image != null)
            {
                server.RemoveImage(image);
            }

            string key = ImageKeys.For(identity);
            StoreStatus status = _hub.Context.Images.Delete(key);
            IDeviceLog log = _hub.Context.Log;
            LogLevel level = status == StoreStatus.Ok ? LogLevel.Info : LogLevel.Warning;
            if (log.IsEnabled(level))
            {
                log.Write(level, "image " + key + (status == StoreStatus.Ok ? " deleted: no transfer of it is left" : " not deleted: store status " + ((byte)status).ToString()));
            }
        }

        /// <summary>
        /// Images for the HAN in the store (the hub's own firmware, held for CS06, is not one): at most <see cref="MaxImages"/>,
        /// so that a restart offers every one of them.
        /// </summary>
        public int StoredHanImages()
        {
            string[] keys = _hub.Context.Images.ListImages();
            int count = 0;
            for (int i = 0; i < keys.Length; i++)
            {
                if (ImageKeys.TryParse(keys[i], out ImageIdentity identity) && !_hub.IsOwnImage(identity))
                {
                    count++;
                }
            }

            return count;
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

        private void ForgetCancellation(ulong device)
        {
            for (int i = 0; i < _cancelledCount; i++)
            {
                if (_cancelledDevices[i] == device)
                {
                    _cancelledCount--;
                    _cancelledDevices[i] = _cancelledDevices[_cancelledCount];
                    _cancelledImages[i] = _cancelledImages[_cancelledCount];
                    return;
                }
            }
        }
    }
}
