using System;
using System.IO;
using HanBench.Device.Hal;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// One folder of the board's drive that holds one file per <see cref="StoreKey"/> (<c>DRIVE\settings</c>,
    /// <c>DRIVE\images</c>): opening it, the path of a key, listing the keys and deleting one. The settings and image stores
    /// differ in what a file holds and how it is written, not in this, so both use it. Names that are not StoreKeys
    /// (a <c>~tmp</c> or <c>~part-</c> file, which carry '~') are the stores' own business and never listed as keys.
    /// </summary>
    internal sealed class DriveKeyFolder
    {
        private DriveKeyFolder(string directory)
        {
            FolderPath = directory;
        }

        /// <summary>The folder's path (<c>DRIVE\name</c>).</summary>
        public string FolderPath { get; }

        /// <summary>
        /// Opens (creating) <c>DRIVE\name</c> under <paramref name="drive"/>; null with the reason logged as
        /// "<paramref name="what"/> FOLDER: reason" on failure.
        /// </summary>
        public static DriveKeyFolder? TryOpen(string drive, string name, string what, IDeviceLog log)
        {
            string directory = drive + "\\" + name;
            try
            {
                DriveFiles.EnsureDirectory(directory);
                return new DriveKeyFolder(directory);
            }
            catch (Exception e)
            {
                LogFailure(what, directory, e, log);
                return null;
            }
        }

        /// <summary>Logs that the store <paramref name="what"/> in <paramref name="directory"/> could not be opened.</summary>
        public static void LogFailure(string what, string directory, Exception e, IDeviceLog log)
        {
            log.Write(LogLevel.Error, what + " " + directory + ": " + DriveFiles.Describe(e));
        }

        /// <summary>The path of the file named <paramref name="name"/> (a key, or a store's own temporary name) in the folder.</summary>
        public string PathOf(string name)
        {
            return FolderPath + "\\" + name;
        }

        /// <summary>The keys present (file names that are valid StoreKeys); empty when the folder cannot be read.</summary>
        public string[] Keys()
        {
            try
            {
                string[] names = DriveFiles.FileNames(FolderPath);
                int count = 0;
                for (int i = 0; i < names.Length; i++)
                {
                    if (StoreKey.IsValid(names[i]))
                    {
                        names[count] = names[i];
                        count++;
                    }
                }

                string[] keys = new string[count];
                Array.Copy(names, keys, count);
                return keys;
            }
            catch (Exception)
            {
                return new string[0];
            }
        }

        /// <summary>
        /// Deletes the file of <paramref name="key"/> (already checked by the caller to be a valid StoreKey): NotFound when
        /// there is none, StorageFailure when the file system refuses.
        /// </summary>
        public StoreStatus Delete(string key)
        {
            string path = PathOf(key);
            try
            {
                if (!File.Exists(path))
                {
                    return StoreStatus.NotFound;
                }

                File.Delete(path);
                return StoreStatus.Ok;
            }
            catch (Exception)
            {
                return StoreStatus.StorageFailure;
            }
        }
    }
}
