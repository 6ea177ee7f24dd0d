// nanoFramework.System.IO.Streams 1.1.x (assembly System.IO.Streams: System/IO/Stream.cs, SeekOrigin.cs) and
// nanoFramework.System.IO.FileSystem 1.1.x (assembly System.IO.FileSystem: System/IO/File.cs, Directory.cs,
// DirectoryInfo.cs, FileStream.cs, FileMode.cs, FileAccess.cs); entries and citations: nanoframework-hardware-api.txt.
namespace System.IO
{
    public abstract class Stream : IDisposable
    {
        public void Dispose()
        {
        }
    }

    public enum SeekOrigin
    {
        Begin = 0,
        Current = 1,
        End = 2,
    }

    public enum FileMode
    {
        CreateNew = 1,
        Create = 2,
        Open = 3,
        OpenOrCreate = 4,
        Truncate = 5,
        Append = 6,
    }

    [Flags]
    public enum FileAccess
    {
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode, FileAccess access)
        {
        }

        public long Length => 0;

        public int Read(byte[] buffer, int offset, int count) => 0;

        public void Write(byte[] buffer, int offset, int count)
        {
        }

        public long Seek(long offset, SeekOrigin origin) => 0;
    }

    public static class File
    {
        public static bool Exists(string path) => false;

        public static void Delete(string path)
        {
        }

        public static void Move(string sourceFileName, string destFileName)
        {
        }
    }

    public sealed class DirectoryInfo
    {
    }

    public static class Directory
    {
        public static bool Exists(string path) => false;

        public static DirectoryInfo CreateDirectory(string path) => null!;

        public static string[] GetFiles(string path) => null!;
    }
}
