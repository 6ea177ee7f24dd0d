using System;
using System.IO;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// The few file operations the stores need, on nanoFramework.System.IO.FileSystem (File.cs: <c>Exists</c>,
    /// <c>Delete</c>, <c>Move</c>; Directory.cs: <c>Exists</c>, <c>CreateDirectory</c>, <c>GetFiles</c>; FileStream.cs:
    /// <c>FileStream(string, FileMode, FileAccess)</c>, <c>Read</c>, <c>Write</c>, <c>Seek</c>, <c>Length</c>; Stream
    /// <c>Dispose</c>). Two facts of that library shape the stores: <c>File.Move</c> refuses an existing destination (so
    /// a replace is Delete then Move, and a reader must recover the one window between them), and
    /// <c>FileStream.SetLength</c> throws NotImplementedException (so a file is never shortened in place).
    /// </summary>
    internal static class DriveFiles
    {
        /// <summary>Suffix of a settings value being written (never a valid StoreKey character).</summary>
        public const string TempSuffix = "~tmp";

        /// <summary>Creates <paramref name="directory"/> (one level) when missing.</summary>
        public static void EnsureDirectory(string directory)
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        /// <summary>The file names (no folder) in <paramref name="directory"/>.</summary>
        public static string[] FileNames(string directory)
        {
            string[] paths = Directory.GetFiles(directory);
            for (int i = 0; i < paths.Length; i++)
            {
                paths[i] = NameOf(paths[i]);
            }

            return paths;
        }

        /// <summary>The part of <paramref name="path"/> after its last separator.</summary>
        public static string NameOf(string path)
        {
            int slash = path.LastIndexOf('\\');
            int forward = path.LastIndexOf('/');
            int cut = slash > forward ? slash : forward;
            return cut < 0 ? path : path.Substring(cut + 1);
        }

        /// <summary>Deletes <paramref name="path"/> when it exists.</summary>
        public static void DeleteIfExists(string path)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        /// <summary>Replaces <paramref name="target"/> by <paramref name="source"/> (File.Move will not overwrite).</summary>
        public static void Replace(string source, string target)
        {
            DeleteIfExists(target);
            File.Move(source, target);
        }

        /// <summary>Reads the whole of <paramref name="path"/> into <paramref name="buffer"/>; -1 when it is longer than the buffer.</summary>
        public static int ReadAll(string path, byte[] buffer)
        {
            FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            try
            {
                long length = stream.Length;
                if (length > buffer.Length)
                {
                    return -1;
                }

                int total = 0;
                while (total < length)
                {
                    int read = stream.Read(buffer, total, (int)length - total);
                    if (read <= 0)
                    {
                        break;
                    }

                    total += read;
                }

                return total;
            }
            finally
            {
                stream.Dispose();
            }
        }

        /// <summary>Creates (or truncates) <paramref name="path"/> holding <paramref name="count"/> bytes of <paramref name="buffer"/>.</summary>
        public static void WriteAll(string path, byte[] buffer, int count)
        {
            // FileStream.Flush is a no-op there: every Write is synced to the file system before it returns.
            DeleteIfExists(path);
            FileStream stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            try
            {
                stream.Write(buffer, 0, count);
            }
            finally
            {
                stream.Dispose();
            }
        }

        /// <summary>True when <paramref name="name"/> ends with <paramref name="suffix"/>.</summary>
        public static bool EndsWith(string name, string suffix)
        {
            return name.Length >= suffix.Length && name.Substring(name.Length - suffix.Length) == suffix;
        }

        /// <summary>A one-line description of <paramref name="e"/> for the log.</summary>
        public static string Describe(Exception e)
        {
            return e.Message;
        }
    }
}
