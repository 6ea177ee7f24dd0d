using System.Collections;
using HanBench.Device.Hal;

namespace HanBench.Device.Memory
{
    /// <summary>
    /// Images held in RAM, up to a fixed capacity: for tests and virtual boards. On a real board only a PSRAM part could
    /// afford it (docs/PLATFORM.md: never hold a firmware image in RAM), so firmware uses a file-backed store instead. Keep
    /// one instance across a simulated restart to model flash: an unfinished write stays open and can be resumed.
    /// </summary>
    public sealed class MemoryImageStore : IImageStore
    {
        private readonly Hashtable _images = new Hashtable();
        private readonly int _capacity;
        private string? _writeKey;
        private byte[]? _writeBuffer;
        private int _written;

        /// <summary>A store that holds at most <paramref name="capacityBytes"/> bytes of images (committed and open together).</summary>
        public MemoryImageStore(int capacityBytes)
        {
            if (capacityBytes < 0)
            {
                throw new System.ArgumentOutOfRangeException(nameof(capacityBytes));
            }

            _capacity = capacityBytes;
        }

        /// <summary>Bytes taken by committed images plus the open write's declared size.</summary>
        public int UsedBytes
        {
            get
            {
                int used = _writeBuffer == null ? 0 : _writeBuffer.Length;
                foreach (object value in _images.Values)
                {
                    used += ((byte[])value).Length;
                }

                return used;
            }
        }

        /// <inheritdoc />
        public bool KeepsImages => true;

        /// <inheritdoc />
        public string? WritingKey => _writeKey;

        /// <inheritdoc />
        public int WrittenLength => _writeKey == null ? 0 : _written;

        /// <inheritdoc />
        public StoreStatus Begin(string key, int totalSize)
        {
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (totalSize < 0)
            {
                return StoreStatus.InvalidSize;
            }

            if (_writeKey != null && _writeKey != key)
            {
                return StoreStatus.Busy;
            }

            // Begin discards the key's own partial data, so it does not count against the capacity.
            _writeKey = null;
            _writeBuffer = null;
            if (totalSize > _capacity)
            {
                return StoreStatus.TooLarge;
            }

            if ((long)UsedBytes + totalSize > _capacity)
            {
                return StoreStatus.NoSpace;
            }

            _writeKey = key;
            _writeBuffer = new byte[totalSize];
            _written = 0;
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public StoreStatus Resume(string key, int totalSize, int offset)
        {
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (_writeKey == null)
            {
                return StoreStatus.NotFound;
            }

            if (_writeKey != key)
            {
                return StoreStatus.Busy;
            }

            if (_writeBuffer == null || totalSize != _writeBuffer.Length)
            {
                return StoreStatus.InvalidSize;
            }

            if (offset < 0 || offset > _written)
            {
                return StoreStatus.OutOfRange;
            }

            _written = offset;
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public StoreStatus Append(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            if (_writeKey == null || _writeBuffer == null)
            {
                return StoreStatus.NoWriteOpen;
            }

            if (count > _writeBuffer.Length - _written)
            {
                return StoreStatus.Overrun;
            }

            System.Array.Copy(buffer, offset, _writeBuffer, _written, count);
            _written += count;
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public StoreStatus Commit()
        {
            if (_writeKey == null || _writeBuffer == null)
            {
                return StoreStatus.NoWriteOpen;
            }

            if (_written != _writeBuffer.Length)
            {
                return StoreStatus.Incomplete;
            }

            _images[_writeKey] = _writeBuffer;
            _writeKey = null;
            _writeBuffer = null;
            _written = 0;
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public void Abort()
        {
            _writeKey = null;
            _writeBuffer = null;
            _written = 0;
        }

        /// <inheritdoc />
        public bool TryGetLength(string key, out int length)
        {
            byte[]? image = StoreKey.IsValid(key) ? (byte[]?)_images[key] : null;
            length = image == null ? 0 : image.Length;
            return image != null;
        }

        /// <inheritdoc />
        public StoreStatus ReadAt(string key, int offset, byte[] buffer, int bufferOffset, int count, out int read)
        {
            read = 0;
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (bufferOffset < 0 || count < 0 || bufferOffset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            byte[]? image = (byte[]?)_images[key];
            if (image == null)
            {
                return StoreStatus.NotFound;
            }

            if (offset < 0 || offset > image.Length)
            {
                return StoreStatus.OutOfRange;
            }

            read = image.Length - offset < count ? image.Length - offset : count;
            System.Array.Copy(image, offset, buffer, bufferOffset, read);
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public StoreStatus Delete(string key)
        {
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (!_images.Contains(key))
            {
                return StoreStatus.NotFound;
            }

            _images.Remove(key);
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public string[] ListImages()
        {
            string[] keys = new string[_images.Count];
            int i = 0;
            foreach (object key in _images.Keys)
            {
                keys[i++] = (string)key;
            }

            return keys;
        }
    }
}
