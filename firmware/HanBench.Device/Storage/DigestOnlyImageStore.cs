using HanBench.Device.Hal;

namespace HanBench.Device.Storage
{
    /// <summary>
    /// The image store of a small board that cannot keep a whole image (docs/PLATFORM.md: a 4 MB part has 256 KB of <c>I:</c>):
    /// it checks the declared length and hashes every byte while the image streams in, then keeps only a record — length
    /// and digest — in the settings store under <see cref="RecordPrefix"/> + key, so the record survives a restart.
    /// <see cref="ReadAt"/> answers <see cref="StoreStatus.NotSupported"/>. A restarted transfer cannot resume mid-image
    /// (the hash state is not saved): <see cref="Resume"/> only accepts offset 0. (HanBench choice.)
    /// </summary>
    public sealed class DigestOnlyImageStore : IImageStore
    {
        /// <summary>Settings key prefix of the per-image records.</summary>
        public const string RecordPrefix = "digest.";

        private const int LengthBytes = 4;

        private readonly ISettingsStore _settings;
        private readonly IStreamingHash _hash;
        private readonly byte[] _record;
        private string? _writeKey;
        private int _total;
        private int _written;

        /// <summary>A store keeping its records in <paramref name="settings"/> and hashing with <paramref name="hash"/>.</summary>
        public DigestOnlyImageStore(ISettingsStore settings, IStreamingHash hash)
        {
            if (settings == null)
            {
                throw new System.ArgumentNullException(nameof(settings));
            }

            if (hash == null)
            {
                throw new System.ArgumentNullException(nameof(hash));
            }

            if (hash.HashLength <= 0 || LengthBytes + hash.HashLength > StoreKey.MaxValueLength)
            {
                throw new System.ArgumentException("hash length out of range", nameof(hash));
            }

            _settings = settings;
            _hash = hash;
            _record = new byte[LengthBytes + hash.HashLength];
        }

        /// <summary>Bytes of a digest (<see cref="IStreamingHash.HashLength"/>).</summary>
        public int DigestLength => _hash.HashLength;

        /// <inheritdoc />
        public bool KeepsImages => false;

        /// <inheritdoc />
        public string? WritingKey => _writeKey;

        /// <inheritdoc />
        public int WrittenLength => _writeKey == null ? 0 : _written;

        /// <inheritdoc />
        public StoreStatus Begin(string key, int totalSize)
        {
            if (!IsValidImageKey(key))
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

            _hash.Reset();
            _writeKey = key;
            _total = totalSize;
            _written = 0;
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public StoreStatus Resume(string key, int totalSize, int offset)
        {
            if (!IsValidImageKey(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (offset != 0)
            {
                return StoreStatus.NotSupported;
            }

            return Begin(key, totalSize);
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

            if (_writeKey == null)
            {
                return StoreStatus.NoWriteOpen;
            }

            if (count > _total - _written)
            {
                return StoreStatus.Overrun;
            }

            _hash.Append(buffer, offset, count);
            _written += count;
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public StoreStatus Commit()
        {
            if (_writeKey == null)
            {
                return StoreStatus.NoWriteOpen;
            }

            if (_written != _total)
            {
                return StoreStatus.Incomplete;
            }

            _record[0] = (byte)(_total >> 24);
            _record[1] = (byte)(_total >> 16);
            _record[2] = (byte)(_total >> 8);
            _record[3] = (byte)_total;
            _hash.GetHash(_record, LengthBytes);
            StoreStatus status = _settings.Write(RecordPrefix + _writeKey, _record, 0, _record.Length);
            if (status != StoreStatus.Ok)
            {
                return status;
            }

            _writeKey = null;
            _written = 0;
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public void Abort()
        {
            _writeKey = null;
            _written = 0;
        }

        /// <inheritdoc />
        public bool TryGetLength(string key, out int length)
        {
            length = 0;
            if (!ReadRecord(key))
            {
                return false;
            }

            length = (_record[0] << 24) | (_record[1] << 16) | (_record[2] << 8) | _record[3];
            return true;
        }

        /// <summary>Copies the digest recorded for <paramref name="key"/> into <paramref name="output"/> at <paramref name="offset"/>.</summary>
        public bool TryGetDigest(string key, byte[] output, int offset)
        {
            if (output == null)
            {
                throw new System.ArgumentNullException(nameof(output));
            }

            if (offset < 0 || offset > output.Length - _hash.HashLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(offset));
            }

            if (!ReadRecord(key))
            {
                return false;
            }

            System.Array.Copy(_record, LengthBytes, output, offset, _hash.HashLength);
            return true;
        }

        /// <inheritdoc />
        public StoreStatus ReadAt(string key, int offset, byte[] buffer, int bufferOffset, int count, out int read)
        {
            read = 0;
            return StoreStatus.NotSupported;
        }

        /// <inheritdoc />
        public StoreStatus Delete(string key)
        {
            if (!IsValidImageKey(key))
            {
                return StoreStatus.InvalidKey;
            }

            return _settings.Delete(RecordPrefix + key);
        }

        /// <inheritdoc />
        public string[] ListImages()
        {
            string[] keys = _settings.Keys();
            int count = 0;
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i].StartsWith(RecordPrefix))
                {
                    count++;
                }
            }

            string[] images = new string[count];
            count = 0;
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i].StartsWith(RecordPrefix))
                {
                    images[count++] = keys[i].Substring(RecordPrefix.Length);
                }
            }

            return images;
        }

        private static bool IsValidImageKey(string key)
        {
            // The record key adds the prefix, so the image key must leave room for it.
            return StoreKey.IsValid(key) && key.Length <= StoreKey.MaxLength - RecordPrefix.Length;
        }

        private bool ReadRecord(string key)
        {
            if (!IsValidImageKey(key))
            {
                return false;
            }

            StoreStatus status = _settings.TryRead(RecordPrefix + key, _record, 0, out int length);
            return status == StoreStatus.Ok && length == _record.Length;
        }
    }
}
