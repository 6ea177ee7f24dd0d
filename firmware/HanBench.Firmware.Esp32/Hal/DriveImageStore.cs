using System;
using System.IO;
using HanBench.Device.Hal;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// <see cref="IImageStore"/> that keeps whole images on the board's drive (<c>DRIVE\images</c>; 8 MB+ boards or an SD
    /// card, boards/README.md), streamed block by block and never held in RAM (docs/PLATFORM.md). An unfinished image is
    /// <c>key~part-TOTAL</c>; <see cref="Commit"/> replaces <c>key</c> with it. A partial file survives a restart, so a
    /// transfer resumes. nanoFramework's <c>FileStream.SetLength</c> is not implemented, so <see cref="Resume"/> never
    /// truncates: it overwrites from the resume offset and only the count of bytes written (never the file's length)
    /// decides when the image is complete. One image stream is open for writing and one for reading at a time.
    /// </summary>
    internal sealed class DriveImageStore : IImageStore
    {
        private const string PartInfix = "~part-";

        private readonly DriveKeyFolder _folder;
        private FileStream? _write;
        private string? _writeKey;
        private int _total;
        private int _written;
        private FileStream? _read;
        private string? _readKey;

        private DriveImageStore(DriveKeyFolder folder)
        {
            _folder = folder;
        }

        /// <summary>Opens (creating) the store under <paramref name="drive"/>; null with the reason logged on failure.</summary>
        public static DriveImageStore? TryOpen(string drive, IDeviceLog log)
        {
            DriveKeyFolder? folder = DriveKeyFolder.TryOpen(drive, "images", "image store", log);
            return folder == null ? null : new DriveImageStore(folder);
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

            try
            {
                CloseWrite();
                DeletePartials(key);
                _write = new FileStream(PartialPath(key, totalSize), FileMode.Create, FileAccess.Write);
                _writeKey = key;
                _total = totalSize;
                _written = 0;
                return StoreStatus.Ok;
            }
            catch (Exception)
            {
                CloseWrite();
                return StoreStatus.StorageFailure;
            }
        }

        /// <inheritdoc />
        public StoreStatus Resume(string key, int totalSize, int offset)
        {
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (totalSize < 0 || offset < 0 || offset > totalSize)
            {
                return StoreStatus.InvalidSize;
            }

            if (_writeKey != null && _writeKey != key)
            {
                return StoreStatus.Busy;
            }

            string path = PartialPath(key, totalSize);
            try
            {
                CloseWrite();
                if (!File.Exists(path))
                {
                    return StoreStatus.NotFound;
                }

                FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Write);
                if (stream.Length < offset)
                {
                    stream.Dispose();
                    return StoreStatus.OutOfRange;
                }

                stream.Seek(offset, SeekOrigin.Begin);
                _write = stream;
                _writeKey = key;
                _total = totalSize;
                _written = offset;
                return StoreStatus.Ok;
            }
            catch (Exception)
            {
                CloseWrite();
                return StoreStatus.StorageFailure;
            }
        }

        /// <inheritdoc />
        public StoreStatus Append(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (_write == null)
            {
                return StoreStatus.NoWriteOpen;
            }

            if (count > _total - _written)
            {
                return StoreStatus.Overrun;
            }

            try
            {
                _write.Write(buffer, offset, count);
                _written += count;
                return StoreStatus.Ok;
            }
            catch (Exception)
            {
                return StoreStatus.StorageFailure;
            }
        }

        /// <inheritdoc />
        public StoreStatus Commit()
        {
            if (_write == null || _writeKey == null)
            {
                return StoreStatus.NoWriteOpen;
            }

            if (_written != _total)
            {
                return StoreStatus.Incomplete;
            }

            string key = _writeKey;
            string partial = PartialPath(key, _total);
            try
            {
                CloseWrite();
                CloseReadOf(key);
                DriveFiles.Replace(partial, PathOf(key));
                return StoreStatus.Ok;
            }
            catch (Exception)
            {
                return StoreStatus.StorageFailure;
            }
        }

        /// <inheritdoc />
        public void Abort()
        {
            if (_writeKey == null)
            {
                return;
            }

            string partial = PartialPath(_writeKey, _total);
            CloseWrite();
            try
            {
                DriveFiles.DeleteIfExists(partial);
            }
            catch (Exception)
            {
                // Left for the next Begin of that key, which deletes partials first.
            }
        }

        /// <inheritdoc />
        public bool TryGetLength(string key, out int length)
        {
            length = 0;
            if (!StoreKey.IsValid(key))
            {
                return false;
            }

            try
            {
                FileStream? stream = OpenRead(key);
                if (stream == null)
                {
                    return false;
                }

                length = (int)stream.Length;
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public StoreStatus ReadAt(string key, int offset, byte[] buffer, int bufferOffset, int count, out int read)
        {
            read = 0;
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (bufferOffset < 0 || count < 0 || bufferOffset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            try
            {
                FileStream? stream = OpenRead(key);
                if (stream == null)
                {
                    return StoreStatus.NotFound;
                }

                long length = stream.Length;
                if (offset < 0 || offset > length)
                {
                    return StoreStatus.OutOfRange;
                }

                stream.Seek(offset, SeekOrigin.Begin);
                while (read < count)
                {
                    int n = stream.Read(buffer, bufferOffset + read, count - read);
                    if (n <= 0)
                    {
                        break;
                    }

                    read += n;
                }

                return StoreStatus.Ok;
            }
            catch (Exception)
            {
                CloseReadOf(key);
                return StoreStatus.StorageFailure;
            }
        }

        /// <inheritdoc />
        public StoreStatus Delete(string key)
        {
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            try
            {
                CloseReadOf(key);
            }
            catch (Exception)
            {
                return StoreStatus.StorageFailure;
            }

            return _folder.Delete(key);
        }

        /// <inheritdoc />
        public string[] ListImages()
        {
            // Partial files carry '~', which no StoreKey has.
            return _folder.Keys();
        }

        private FileStream? OpenRead(string key)
        {
            if (_readKey == key && _read != null)
            {
                return _read;
            }

            CloseReadOf(_readKey);
            string path = PathOf(key);
            if (!File.Exists(path))
            {
                return null;
            }

            _read = new FileStream(path, FileMode.Open, FileAccess.Read);
            _readKey = key;
            return _read;
        }

        private void CloseReadOf(string? key)
        {
            if (_read != null && _readKey == key)
            {
                _read.Dispose();
                _read = null;
                _readKey = null;
            }
        }

        private void CloseWrite()
        {
            if (_write != null)
            {
                _write.Dispose();
            }

            _write = null;
            _writeKey = null;
            _written = 0;
            _total = 0;
        }

        private void DeletePartials(string key)
        {
            string prefix = key + PartInfix;
            string[] names = DriveFiles.FileNames(_folder.FolderPath);
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i].StartsWith(prefix))
                {
                    File.Delete(_folder.PathOf(names[i]));
                }
            }
        }

        private string PathOf(string key)
        {
            return _folder.PathOf(key);
        }

        private string PartialPath(string key, int totalSize)
        {
            return _folder.PathOf(key + PartInfix + totalSize.ToString());
        }
    }
}
