using HanBench.Device.Hal;

namespace HanBench.Device.Desktop.Storage;

/// <summary>
/// Images as files in a directory, surviving a restart as a board's flash does. A committed image is the file named by
/// its key; an unfinished write is <c>key~part-totalSize</c>, flushed to the operating system after every append, so a
/// process that dies mid-transfer leaves the bytes it received for <see cref="Resume"/>; <see cref="Commit"/> flushes it
/// to disk and renames it over the key's file in one atomic step. <see cref="Dispose"/> behaves like a power cut: the
/// open write is kept, not discarded. An optional capacity models a board's drive (docs/PLATFORM.md: 256 KB, 2 MB or 3 MB).
/// </summary>
public sealed class FileImageStore : IImageStore, IDisposable
{
    private readonly string _directory;
    private readonly long _capacity;
    private FileStream? _write;
    private string? _writeKey;
    private int _total;
    private int _written;
    private FileStream? _read;
    private string? _readKey;

    /// <summary>Opens (creating if needed) the images kept in <paramref name="directory"/>, holding at most <paramref name="capacityBytes"/> bytes.</summary>
    public FileImageStore(string directory, long capacityBytes = long.MaxValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        _directory = Path.GetFullPath(directory);
        _capacity = capacityBytes;
        Directory.CreateDirectory(_directory);
        StateFiles.DeleteTemporaries(_directory);
    }

    /// <summary>Bytes taken by every file in the directory (committed images and unfinished writes).</summary>
    public long UsedBytes => Directory.EnumerateFiles(_directory).Sum(file => new FileInfo(file).Length);

    /// <inheritdoc />
    public bool KeepsImages => true;

    /// <inheritdoc />
    public string? WritingKey => _writeKey;

    /// <inheritdoc />
    public int WrittenLength => _writeKey is null ? 0 : _written;

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

        if (_writeKey is not null && _writeKey != key)
        {
            return StoreStatus.Busy;
        }

        try
        {
            ForgetWrite();
            foreach (string part in PartialFiles(key))
            {
                File.Delete(part);
            }

            if (totalSize > _capacity)
            {
                return StoreStatus.TooLarge;
            }

            if (UsedBytes + totalSize > _capacity)
            {
                return StoreStatus.NoSpace;
            }

            _write = new FileStream(PartialPath(key, totalSize), FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CloseWrite();
            return StoreStatus.StorageFailure;
        }

        _writeKey = key;
        _total = totalSize;
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

        if (_writeKey is not null && _writeKey != key)
        {
            return StoreStatus.Busy;
        }

        try
        {
            ForgetWrite();
            string path = PartialPath(key, totalSize);
            if (!File.Exists(path))
            {
                return PartialFiles(key).Length == 0 ? StoreStatus.NotFound : StoreStatus.InvalidSize;
            }

            long held = new FileInfo(path).Length;
            if (offset < 0 || offset > held || offset > totalSize)
            {
                return StoreStatus.OutOfRange;
            }

            _write = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
            _write.SetLength(offset);
            _write.Position = offset;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CloseWrite();
            return StoreStatus.StorageFailure;
        }

        _writeKey = key;
        _total = totalSize;
        _written = offset;
        return StoreStatus.Ok;
    }

    /// <inheritdoc />
    public StoreStatus Append(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (offset < 0 || count < 0 || offset > buffer.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (_write is null)
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
            _write.Flush();
        }
        catch (IOException)
        {
            return StoreStatus.StorageFailure;
        }

        _written += count;
        return StoreStatus.Ok;
    }

    /// <inheritdoc />
    public StoreStatus Commit()
    {
        if (_write is null || _writeKey is null)
        {
            return StoreStatus.NoWriteOpen;
        }

        if (_written != _total)
        {
            return StoreStatus.Incomplete;
        }

        string key = _writeKey;
        try
        {
            _write.Flush(flushToDisk: true);
            CloseWrite();
            if (_readKey == key)
            {
                CloseRead();
            }

            File.Move(PartialPath(key, _total), Path.Combine(_directory, key), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StoreStatus.StorageFailure;
        }

        _writeKey = null;
        _written = 0;
        return StoreStatus.Ok;
    }

    /// <inheritdoc />
    public void Abort()
    {
        if (_writeKey is null)
        {
            return;
        }

        string path = PartialPath(_writeKey, _total);
        ForgetWrite();
        File.Delete(path);
    }

    /// <inheritdoc />
    public bool TryGetLength(string key, out int length)
    {
        length = 0;
        if (!StoreKey.IsValid(key))
        {
            return false;
        }

        var info = new FileInfo(Path.Combine(_directory, key));
        if (!info.Exists)
        {
            return false;
        }

        length = (int)info.Length;
        return true;
    }

    /// <inheritdoc />
    public StoreStatus ReadAt(string key, int offset, byte[] buffer, int bufferOffset, int count, out int read)
    {
        read = 0;
        ArgumentNullException.ThrowIfNull(buffer);
        if (bufferOffset < 0 || count < 0 || bufferOffset > buffer.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (!StoreKey.IsValid(key))
        {
            return StoreStatus.InvalidKey;
        }

        try
        {
            if (_readKey != key)
            {
                CloseRead();
                string path = Path.Combine(_directory, key);
                if (!File.Exists(path))
                {
                    return StoreStatus.NotFound;
                }

                // FileShare.Delete: a later Commit or Delete of the key may replace the file under this handle.
                _read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
                _readKey = key;
            }

            FileStream stream = _read!;
            if (offset < 0 || offset > stream.Length)
            {
                return StoreStatus.OutOfRange;
            }

            stream.Position = offset;
            while (read < count)
            {
                int n = stream.Read(buffer, bufferOffset + read, count - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CloseRead();
            return StoreStatus.StorageFailure;
        }

        return StoreStatus.Ok;
    }

    /// <inheritdoc />
    public StoreStatus Delete(string key)
    {
        if (!StoreKey.IsValid(key))
        {
            return StoreStatus.InvalidKey;
        }

        if (_readKey == key)
        {
            CloseRead();
        }

        string path = Path.Combine(_directory, key);
        if (!File.Exists(path))
        {
            return StoreStatus.NotFound;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StoreStatus.StorageFailure;
        }

        return StoreStatus.Ok;
    }

    /// <inheritdoc />
    public string[] ListImages() =>
        [.. Directory.EnumerateFiles(_directory).Select(Path.GetFileName).OfType<string>().Where(StoreKey.IsValid).Order(StringComparer.Ordinal)];

    /// <summary>Closes the files like a power cut: an open write keeps its partial data for <see cref="Resume"/>.</summary>
    public void Dispose()
    {
        ForgetWrite();
        CloseRead();
    }

    private string PartialPath(string key, int totalSize) => Path.Combine(_directory, key + StateFiles.PartInfix + totalSize.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private string[] PartialFiles(string key) => Directory.GetFiles(_directory, key + StateFiles.PartInfix + "*");

    private void CloseWrite()
    {
        _write?.Dispose();
        _write = null;
    }

    /// <summary>
    /// Closes the open write and forgets it: after this no write is open, whatever becomes of its partial file (kept for
    /// <see cref="Resume"/>, replaced by a new <see cref="Begin"/>, or deleted by <see cref="Abort"/>).
    /// </summary>
    private void ForgetWrite()
    {
        CloseWrite();
        _writeKey = null;
        _written = 0;
    }

    private void CloseRead()
    {
        _read?.Dispose();
        _read = null;
        _readKey = null;
    }
}
