using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// The images an <see cref="OtaServer"/> offers, in a table sized at construction: one image per manufacturer code,
    /// image type and file version (a new one replaces the old), and the choice of image for a Query Next Image Request.
    /// Removing an image ends its downloads. Not thread-safe.
    /// </summary>
    internal sealed class OtaServerImages
    {
        private readonly OtaServerImage?[] _images;
        private readonly OtaServerClients _clients;

        /// <summary>A table of up to <paramref name="count"/> images whose downloads <paramref name="clients"/> holds.</summary>
        public OtaServerImages(int count, OtaServerClients clients)
        {
            _images = new OtaServerImage?[count];
            _clients = clients;
        }

        /// <summary>Number of images offered.</summary>
        public int Count
        {
            get
            {
                int count = 0;
                for (int i = 0; i < _images.Length; i++)
                {
                    if (_images[i] != null)
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        /// <summary>Offers <paramref name="image"/>, replacing one with the same wire fields; throws when the table is full.</summary>
        public void Add(OtaServerImage image)
        {
            int free = -1;
            for (int i = 0; i < _images.Length; i++)
            {
                OtaServerImage? held = _images[i];
                if (held == null)
                {
                    if (free < 0)
                    {
                        free = i;
                    }
                }
                else if (held.Matches(image.ManufacturerCode, image.ImageType, image.FileVersion))
                {
                    RemoveAt(i);
                    free = i;
                    break;
                }
            }

            if (free < 0)
            {
                throw new System.InvalidOperationException("OtaServer: image table full");
            }

            _images[free] = image;
        }

        /// <summary>Stops offering <paramref name="image"/>; false when it was not offered.</summary>
        public bool Remove(OtaServerImage image)
        {
            for (int i = 0; i < _images.Length; i++)
            {
                if (ReferenceEquals(_images[i], image))
                {
                    RemoveAt(i);
                    return true;
                }
            }

            return false;
        }

        /// <summary>The offered image with these wire fields, or null.</summary>
        public OtaServerImage? Find(ushort manufacturerCode, ushort imageType, uint fileVersion)
        {
            for (int i = 0; i < _images.Length; i++)
            {
                OtaServerImage? image = _images[i];
                if (image != null && image.Matches(manufacturerCode, imageType, fileVersion))
                {
                    return image;
                }
            }

            return null;
        }

        /// <summary>
        /// The image for <paramref name="query"/>: the newest with the client's manufacturer code and image type whose file
        /// version is above the client's and whose hardware range (if any) holds the client's hardware version; null when
        /// there is none, with <paramref name="refused"/> the newest one refused for the hardware version (or null).
        /// </summary>
        public OtaServerImage? ChooseFor(QueryNextImageRequest query, out OtaServerImage? refused)
        {
            OtaServerImage? best = null;
            refused = null;
            for (int i = 0; i < _images.Length; i++)
            {
                OtaServerImage? image = _images[i];
                if (image == null || image.ManufacturerCode != query.ManufacturerCode || image.ImageType != query.ImageType || image.FileVersion <= query.FileVersion)
                {
                    continue;
                }

                // ZCL OTA: the hardware version is checked only when the client sends one (Silicon Labs does the same).
                if (image.HasHardwareVersionRange && query.HasHardwareVersion
                    && (query.HardwareVersion < image.MinimumHardwareVersion || query.HardwareVersion > image.MaximumHardwareVersion))
                {
                    if (refused == null || image.FileVersion > refused.FileVersion)
                    {
                        refused = image;
                    }

                    continue;
                }

                if (best == null || image.FileVersion > best.FileVersion)
                {
                    best = image;
                }
            }

            return best;
        }

        private void RemoveAt(int index)
        {
            OtaServerImage? image = _images[index];
            _images[index] = null;
            _clients.ReleaseImage(image);
        }
    }
}
