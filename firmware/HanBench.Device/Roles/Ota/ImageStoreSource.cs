using HanBench.Device.Hal;
using HanBench.Protocol.Transfer;

namespace HanBench.Device.Roles.Ota
{
    /// <summary>The Comms Hub's <see cref="IOtaImageSource"/>: blocks read straight from its <see cref="IImageStore"/> (never the whole image in RAM).</summary>
    public sealed class ImageStoreSource : IOtaImageSource
    {
        private readonly IImageStore _store;

        /// <summary>A source reading <paramref name="store"/>.</summary>
        public ImageStoreSource(IImageStore store)
        {
            if (store == null)
            {
                throw new System.ArgumentNullException(nameof(store));
            }

            _store = store;
        }

        /// <inheritdoc />
        public int ReadAt(OtaServerImage image, uint offset, byte[] buffer, int bufferOffset, int count)
        {
            StoreStatus status = _store.ReadAt(image.Key, (int)offset, buffer, bufferOffset, count, out int read);
            return status == StoreStatus.Ok ? read : -1;
        }
    }
}
