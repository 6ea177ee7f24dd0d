using System;
using System.IO;
using HanBench.Device.Hal;
using HanBench.Protocol.Integrity;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// <see cref="ISettingsStore"/> on the board's drive: one file per key in <c>DRIVE\settings</c>, holding the value and
    /// its CRC-32 (little-endian, HanBench choice). A write goes to <c>key~tmp</c> first and then replaces the key
    /// (<see cref="DriveFiles.Replace"/>: Delete then Move), so after a power cut the key holds the old value or the new
    /// one. Recovery at start-up: a <c>~tmp</c> beside its key is an unfinished write (the old value stands) and is
    /// deleted; a <c>~tmp</c> without its key was cut between Delete and Move, and is promoted if its CRC is whole.
    /// Reads go to the file each time (no cache: the heap is small); one value buffer is allocated at construction.
    /// </summary>
    internal sealed class DriveSettingsStore : ISettingsStore
    {
        private const int CrcLength = 4;

        private readonly DriveKeyFolder _folder;
        private readonly byte[] _io = new byte[StoreKey.MaxValueLength + CrcLength];

        private DriveSettingsStore(DriveKeyFolder folder)
        {
            _folder = folder;
        }

        /// <summary>Opens (creating, recovering) the store under <paramref name="drive"/>; null with the reason logged on failure.</summary>
        public static DriveSettingsStore? TryOpen(string drive, IDeviceLog log)
        {
            const string What = "settings store";
            DriveKeyFolder? folder = DriveKeyFolder.TryOpen(drive, "settings", What, log);
            if (folder == null)
            {
                return null;
            }

            try
            {
                DriveSettingsStore store = new DriveSettingsStore(folder);
                store.Recover(log);
                return store;
            }
            catch (Exception e)
            {
                DriveKeyFolder.LogFailure(What, folder.FolderPath, e, log);
                return null;
            }
        }

        /// <inheritdoc />
        public StoreStatus TryRead(string key, byte[] buffer, int offset, out int length)
        {
            length = 0;
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || offset > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            string path = PathOf(key);
            try
            {
                if (!File.Exists(path))
                {
                    return StoreStatus.NotFound;
                }

                int total = DriveFiles.ReadAll(path, _io);
                if (total < CrcLength || !CrcMatches(total - CrcLength))
                {
                    return StoreStatus.StorageFailure;
                }

                length = total - CrcLength;
                if (buffer.Length - offset < length)
                {
                    return StoreStatus.BufferTooSmall;
                }

                Array.Copy(_io, 0, buffer, offset, length);
                return StoreStatus.Ok;
            }
            catch (Exception)
            {
                return StoreStatus.StorageFailure;
            }
        }

        /// <inheritdoc />
        public StoreStatus Write(string key, byte[] value, int offset, int count)
        {
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            if (offset < 0 || count < 0 || offset > value.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (count > StoreKey.MaxValueLength)
            {
                return StoreStatus.ValueTooLong;
            }

            Array.Copy(value, offset, _io, 0, count);
            uint crc = Crc32.Compute(_io, 0, count);
            _io[count] = (byte)crc;
            _io[count + 1] = (byte)(crc >> 8);
            _io[count + 2] = (byte)(crc >> 16);
            _io[count + 3] = (byte)(crc >> 24);
            string temp = PathOf(key) + DriveFiles.TempSuffix;
            try
            {
                DriveFiles.WriteAll(temp, _io, count + CrcLength);
                DriveFiles.Replace(temp, PathOf(key));
                return StoreStatus.Ok;
            }
            catch (Exception)
            {
                return StoreStatus.StorageFailure;
            }
        }

        /// <inheritdoc />
        public bool Contains(string key)
        {
            try
            {
                return StoreKey.IsValid(key) && File.Exists(PathOf(key));
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public StoreStatus Delete(string key)
        {
            return StoreKey.IsValid(key) ? _folder.Delete(key) : StoreStatus.InvalidKey;
        }

        /// <inheritdoc />
        public string[] Keys()
        {
            return _folder.Keys();
        }

        private void Recover(IDeviceLog log)
        {
            string[] names = DriveFiles.FileNames(_folder.FolderPath);
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (!DriveFiles.EndsWith(name, DriveFiles.TempSuffix))
                {
                    continue;
                }

                string key = name.Substring(0, name.Length - DriveFiles.TempSuffix.Length);
                string temp = _folder.PathOf(name);
                if (StoreKey.IsValid(key) && !File.Exists(PathOf(key)))
                {
                    int total = DriveFiles.ReadAll(temp, _io);
                    if (total >= CrcLength && CrcMatches(total - CrcLength))
                    {
                        File.Move(temp, PathOf(key));
                        log.Write(LogLevel.Warning, "settings: finished the interrupted write of " + key);
                        continue;
                    }
                }

                File.Delete(temp);
            }
        }

        private bool CrcMatches(int valueLength)
        {
            uint carried = (uint)(_io[valueLength] | (_io[valueLength + 1] << 8) | (_io[valueLength + 2] << 16)) | ((uint)_io[valueLength + 3] << 24);
            return Crc32.Compute(_io, 0, valueLength) == carried;
        }

        private string PathOf(string key)
        {
            return _folder.PathOf(key);
        }
    }
}
