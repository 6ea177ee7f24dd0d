using System;
using System.IO;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>Reads the role configuration file (<c>I:\hanbench.json</c>, uploaded by <c>hanbench flash</c> through nanoff's file deployment).</summary>
    internal static class ConfigFile
    {
        /// <summary>Largest file read (a configuration is about 700 bytes; HanBench choice of bound).</summary>
        public const int MaxBytes = 4096;

        /// <summary>The error <see cref="TryRead"/> gives for a file that is not there.</summary>
        public const string NotFound = "file not found";

        /// <summary>The file's bytes (the first <paramref name="length"/> of the returned buffer), or null with <paramref name="error"/> saying why.</summary>
        public static byte[]? TryRead(string path, out int length, out string error)
        {
            length = 0;
            error = string.Empty;
            try
            {
                if (!File.Exists(path))
                {
                    error = NotFound;
                    return null;
                }

                byte[] buffer = new byte[MaxBytes];
                length = DriveFiles.ReadAll(path, buffer);
                if (length < 0)
                {
                    length = 0;
                    error = "larger than " + MaxBytes.ToString() + " bytes";
                    return null;
                }

                return buffer;
            }
            catch (Exception e)
            {
                error = DriveFiles.Describe(e);
                return null;
            }
        }
    }
}
