using HanBench.Device.Hal;
using HanBench.Protocol.Transfer;

namespace HanBench.Device.Roles.Ota
{
    /// <summary>
    /// An OTA client's <see cref="IOtaImageSink"/> on the device's <see cref="IImageStore"/>, one image at a time under
    /// its <see cref="ImageKeys"/> key. A digest-only store cannot read back, so it refuses to resume mid-image and the
    /// client starts again from 0 (as <see cref="IOtaImageSink.Resume"/> asks).
    /// </summary>
    public sealed class ImageStoreSink : IOtaImageSink
    {
        private readonly IImageStore _store;
        private string? _key;

        /// <summary>A sink writing into <paramref name="store"/>.</summary>
        public ImageStoreSink(IImageStore store)
        {
            if (store == null)
            {
                throw new System.ArgumentNullException(nameof(store));
            }

            _store = store;
        }

        /// <summary>The key of the image being (or last) written, or null.</summary>
        public string? Key => _key;

        /// <summary>The store status of the last call that failed, for the log.</summary>
        public StoreStatus LastStatus { get; private set; }

        /// <inheritdoc />
        public OtaSinkStatus Begin(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
        {
            _key = ImageKeys.For(manufacturerCode, imageType, fileVersion);
            if (_store.WritingKey != null && _store.WritingKey != _key)
            {
                // One write at a time: an unfinished image of another component gives way (its client starts it again).
                _store.Abort();
            }

            return Map(_store.Begin(_key, (int)imageSize));
        }

        /// <inheritdoc />
        public OtaSinkStatus Resume(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize, uint offset)
        {
            if (!_store.KeepsImages && offset > 0)
            {
                return OtaSinkStatus.NotSupported;
            }

            _key = ImageKeys.For(manufacturerCode, imageType, fileVersion);
            StoreStatus status = _store.Resume(_key, (int)imageSize, (int)offset);
            if (status == StoreStatus.NotFound || status == StoreStatus.OutOfRange || status == StoreStatus.Busy || status == StoreStatus.InvalidSize)
            {
                return OtaSinkStatus.NotFound;
            }

            return Map(status);
        }

        /// <inheritdoc />
        public OtaSinkStatus Reopen(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
        {
            string key = ImageKeys.For(manufacturerCode, imageType, fileVersion);
            if (!_store.TryGetLength(key, out int length) || length != (int)imageSize)
            {
                return OtaSinkStatus.NotFound;
            }

            _key = key;
            return OtaSinkStatus.Ok;
        }

        /// <inheritdoc />
        public OtaSinkStatus Append(byte[] buffer, int offset, int count)
        {
            return Map(_store.Append(buffer, offset, count));
        }

        /// <inheritdoc />
        public OtaSinkStatus Commit()
        {
            return Map(_store.Commit());
        }

        /// <inheritdoc />
        public OtaSinkStatus ReadBack(uint offset, byte[] buffer, int bufferOffset, int count)
        {
            if (_key == null)
            {
                return OtaSinkStatus.NotFound;
            }

            StoreStatus status = _store.ReadAt(_key, (int)offset, buffer, bufferOffset, count, out int read);
            if (status == StoreStatus.Ok && read != count)
            {
                return OtaSinkStatus.Failed;
            }

            return Map(status);
        }

        /// <inheritdoc />
        public void Discard()
        {
            if (_key == null)
            {
                return;
            }

            if (_store.WritingKey == _key)
            {
                _store.Abort();
            }

            _store.Delete(_key);
        }

        private OtaSinkStatus Map(StoreStatus status)
        {
            if (status == StoreStatus.Ok)
            {
                return OtaSinkStatus.Ok;
            }

            LastStatus = status;
            if (status == StoreStatus.NotSupported)
            {
                return OtaSinkStatus.NotSupported;
            }

            if (status == StoreStatus.NoSpace)
            {
                return OtaSinkStatus.NoSpace;
            }

            if (status == StoreStatus.TooLarge)
            {
                return OtaSinkStatus.TooLarge;
            }

            return status == StoreStatus.NotFound ? OtaSinkStatus.NotFound : OtaSinkStatus.Failed;
        }
    }
}
