using HanBench.Device.Hal;
using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;
using HanBench.Protocol.Transfer;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>
    /// The Comms Hub's image-store bookkeeping towards its OTA server, apart from the transfers (<see cref="HubDistributor"/>):
    /// which stored images the server offers (one version per image type, each with the hardware version range of its OTA
    /// header), how many images for the HAN the store holds, and deleting an image that is no longer needed.
    /// Allocated once; an image's OTA header is read into one reused buffer.
    /// </summary>
    public sealed class HubImageOffers
    {
        private readonly CommsHubRole _hub;
        private readonly byte[] _headerBytes = new byte[OtaHeader.MaxEncodedLength];
        private readonly OtaHeader _header = new OtaHeader();
        private readonly ByteReader _reader = new ByteReader();

        /// <summary>The bookkeeping of <paramref name="hub"/>'s image store.</summary>
        public HubImageOffers(CommsHubRole hub)
        {
            _hub = hub;
        }

        /// <summary>Offers every image in the store to the HAN through <paramref name="server"/> (at boot).</summary>
        public void OfferAll(OtaServer server)
        {
            string[] keys = _hub.Context.Images.ListImages();
            for (int i = 0; i < keys.Length; i++)
            {
                Offer(server, keys[i]);
            }
        }

        /// <summary>
        /// Offers the stored image under <paramref name="key"/> to the HAN (replacing an image of the same identity), with
        /// the hardware version range its OTA header gives. False when the key or the header is not an OTA image's, or the
        /// image is the hub's own firmware.
        /// </summary>
        public bool Offer(OtaServer server, string key)
        {
            if (!ImageKeys.TryParse(key, out ImageIdentity identity) || !_hub.Context.Images.TryGetLength(key, out int length))
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

            if (server.ImageCount >= HubDistributor.MaxImages && server.FindImage(identity.ManufacturerCode, identity.ImageType, identity.FileVersion) == null)
            {
                return false;
            }

            server.AddImage(image);
            return true;
        }

        /// <summary>
        /// Takes every other version of the image's manufacturer code and image type off the server (they stay in the store):
        /// ZCL OTA answers a query with the newest image of the type, and the device must be offered the one distributed.
        /// </summary>
        public void WithdrawOtherVersions(OtaServer server, ImageIdentity identity)
        {
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

        /// <summary>
        /// Takes <paramref name="image"/> off <paramref name="server"/> (either may be null) and deletes the image from the
        /// store, logging the outcome (the caller knows no transfer of it is left).
        /// </summary>
        public void Delete(OtaServer? server, ImageIdentity identity, OtaServerImage? image)
        {
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
        /// Images for the HAN in the store (the hub's own firmware, held for CS06, is not one): at most <see cref="HubDistributor.MaxImages"/>,
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
    }
}
