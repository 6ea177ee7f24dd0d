using HanBench.Device.Hal;
using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Management;
using HanBench.Protocol.Transfer;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>
    /// Where the hub's <see cref="HubImagePuller"/> writes an image from the host: its <see cref="ImageStoreSink"/>, bounded
    /// twice so that what the hub stores it can serve, and a restart offers exactly what it had. An image for the HAN is
    /// refused while the store holds <see cref="HubDistributor.MaxImages"/> of them already (the most the OTA server
    /// offers at once), and an image the store has no room for is refused by the store; each refusal is logged naming the
    /// image and why. The host is told why by the Upgrade End status (<see cref="OtaSinkStatus.NoSpace"/>: INSUFFICIENT_SPACE,
    /// it delivers again after a back-off, once a transfer has ended and its image was deleted;
    /// <see cref="OtaSinkStatus.TooLarge"/>: INVALID_VALUE, larger than the whole store, the update fails at once).
    /// </summary>
    public sealed class HubImageSink : IOtaImageSink
    {
        private readonly CommsHubRole _hub;
        private readonly ImageStoreSink _store;

        /// <summary>The sink of <paramref name="hub"/>'s image store.</summary>
        public HubImageSink(CommsHubRole hub)
        {
            _hub = hub;
            _store = new ImageStoreSink(hub.Context.Images);
        }

        /// <summary>Images refused (too many held, or no room), since the board started.</summary>
        public int Refused { get; private set; }

        /// <inheritdoc />
        public OtaSinkStatus Begin(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
        {
            ImageIdentity identity = new ImageIdentity(manufacturerCode, imageType, fileVersion);
            string key = ImageKeys.For(identity);
            IImageStore images = _hub.Context.Images;
            if (!_hub.IsOwnImage(identity) && !images.TryGetLength(key, out int held) && _hub.Distributor.StoredHanImages() >= HubDistributor.MaxImages)
            {
                Refuse("image " + key + " (" + imageSize.ToString() + " bytes) refused: the hub holds " + HubDistributor.MaxImages.ToString()
                    + " images for its HAN already, the most it offers at once; it takes another once a distribution has ended");
                return OtaSinkStatus.NoSpace;
            }

            OtaSinkStatus status = _store.Begin(manufacturerCode, imageType, fileVersion, imageSize);
            if (status != OtaSinkStatus.Ok)
            {
                Refuse("image " + key + " (" + imageSize.ToString() + " bytes) refused: " + RefusalReason(status));
            }

            return status;
        }

        /// <inheritdoc />
        public OtaSinkStatus Resume(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize, uint offset)
        {
            return _store.Resume(manufacturerCode, imageType, fileVersion, imageSize, offset);
        }

        /// <inheritdoc />
        public OtaSinkStatus Reopen(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
        {
            return _store.Reopen(manufacturerCode, imageType, fileVersion, imageSize);
        }

        /// <inheritdoc />
        public OtaSinkStatus Append(byte[] buffer, int offset, int count)
        {
            return _store.Append(buffer, offset, count);
        }

        /// <inheritdoc />
        public OtaSinkStatus Commit()
        {
            return _store.Commit();
        }

        /// <inheritdoc />
        public OtaSinkStatus ReadBack(uint offset, byte[] buffer, int bufferOffset, int count)
        {
            return _store.ReadBack(offset, buffer, bufferOffset, count);
        }

        /// <inheritdoc />
        public void Discard()
        {
            _store.Discard();
        }

        private string RefusalReason(OtaSinkStatus status)
        {
            if (status == OtaSinkStatus.TooLarge)
            {
                return "it is larger than the whole image store (the board's storage bounds it), so it can never be held";
            }

            if (status == OtaSinkStatus.NoSpace)
            {
                return "the image store is full (the board's storage bounds it); it takes the image once others are deleted";
            }

            return "the image store answered status " + ((byte)_store.LastStatus).ToString();
        }

        private void Refuse(string message)
        {
            Refused++;
            IDeviceLog log = _hub.Context.Log;
            if (log.IsEnabled(LogLevel.Error))
            {
                log.Write(LogLevel.Error, message);
            }
        }
    }
}
