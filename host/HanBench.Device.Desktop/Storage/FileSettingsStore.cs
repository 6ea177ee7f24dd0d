using HanBench.Device.Hal;

namespace HanBench.Device.Desktop.Storage;

/// <summary>
/// Settings as one file per key in a directory, the way a board keeps them on its <c>I:</c> drive. A write goes to a
/// temporary file, is flushed to disk and renamed over the old one, so after a crash a key holds its old value or its new
/// one. Values are cached in memory after the first load; every write goes through to disk before returning, unless
/// the store was opened to survive only a killed process (<c>flushToDisk: false</c>): then a write is renamed into place
/// without waiting for the disk, so a SIGKILL still leaves the old value or the new one, a power cut may not. That is what
/// a bench of virtual boards in one process needs (<c>demo --inventory</c> resumes after its process is killed) and it
/// is ten times faster: a virtual-time demo writes its devices' settings several thousand times.
/// </summary>
public sealed class FileSettingsStore : ISettingsStore
{
    private readonly string _directory;
    private readonly Dictionary<string, byte[]> _cache = new(StringComparer.Ordinal);
    private readonly bool _flushToDisk;

    /// <summary>
    /// Opens (creating if needed) the settings kept in <paramref name="directory"/>; <paramref name="flushToDisk"/> false
    /// keeps a write safe from a killed process but not from a power cut (see the class).
    /// </summary>
    public FileSettingsStore(string directory, bool flushToDisk = true)
    {
        _flushToDisk = flushToDisk;
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
        StateFiles.DeleteTemporaries(_directory);
        foreach (string file in Directory.EnumerateFiles(_directory))
        {
            string key = Path.GetFileName(file);
            if (StoreKey.IsValid(key))
            {
                _cache[key] = File.ReadAllBytes(file);
            }
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

        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, buffer.Length);
        if (!_cache.TryGetValue(key, out byte[]? value))
        {
            return StoreStatus.NotFound;
        }

        length = value.Length;
        if (buffer.Length - offset < value.Length)
        {
            return StoreStatus.BufferTooSmall;
        }

        value.CopyTo(buffer, offset);
        return StoreStatus.Ok;
    }

    /// <inheritdoc />
    public StoreStatus Write(string key, byte[] value, int offset, int count)
    {
        if (!StoreKey.IsValid(key))
        {
            return StoreStatus.InvalidKey;
        }

        ArgumentNullException.ThrowIfNull(value);
        if (offset < 0 || count < 0 || offset > value.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (count > StoreKey.MaxValueLength)
        {
            return StoreStatus.ValueTooLong;
        }

        byte[] copy = value.AsSpan(offset, count).ToArray();
        try
        {
            StateFiles.WriteAtomic(Path.Combine(_directory, key), copy, _flushToDisk);
        }
        catch (IOException)
        {
            return StoreStatus.StorageFailure;
        }
        catch (UnauthorizedAccessException)
        {
            return StoreStatus.StorageFailure;
        }

        _cache[key] = copy;
        return StoreStatus.Ok;
    }

    /// <inheritdoc />
    public bool Contains(string key) => StoreKey.IsValid(key) && _cache.ContainsKey(key);

    /// <inheritdoc />
    public StoreStatus Delete(string key)
    {
        if (!StoreKey.IsValid(key))
        {
            return StoreStatus.InvalidKey;
        }

        if (!_cache.Remove(key))
        {
            return StoreStatus.NotFound;
        }

        try
        {
            File.Delete(Path.Combine(_directory, key));
        }
        catch (IOException)
        {
            return StoreStatus.StorageFailure;
        }

        return StoreStatus.Ok;
    }

    /// <inheritdoc />
    public string[] Keys() => [.. _cache.Keys.Order(StringComparer.Ordinal)];
}
