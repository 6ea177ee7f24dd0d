namespace HanBench.Device.Desktop.Storage;

/// <summary>
/// File-name rules of a state directory. Keys never contain '~' (<see cref="HanBench.Device.Hal.StoreKey"/>), so every
/// name with '~' in it is the store's own bookkeeping (temporary or partial files) and can never collide with a key.
/// </summary>
internal static class StateFiles
{
    /// <summary>Suffix of a file being written before its atomic rename.</summary>
    public const string TempSuffix = "~tmp";

    /// <summary>Infix of an unfinished image: <c>key~part-totalSize</c>.</summary>
    public const string PartInfix = "~part-";

    /// <summary>
    /// Writes <paramref name="data"/> to <paramref name="path"/> through a temporary file renamed over the target; flushed
    /// to disk first when <paramref name="flushToDisk"/> (a power cut then leaves the old value or the new one too; without
    /// it, only a killed process does: the kernel keeps what was written). The file is the owner's only (0600 where the
    /// OS has modes): settings hold a board's private keys (<c>gbcs.keys</c>, <c>cred.board</c>) and its random
    /// generator's state, and the demo keeps a state folder beside its inventory.
    /// </summary>
    public static void WriteAtomic(string path, ReadOnlySpan<byte> data, bool flushToDisk = true)
    {
        string temp = path + TempSuffix;
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(data);
            stream.Flush(flushToDisk);
        }

        // rename(2) replaces the target atomically on POSIX; MoveFileEx with replace does on Windows.
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Deletes leftovers of writes interrupted by a crash: the target still holds its previous content.</summary>
    public static void DeleteTemporaries(string directory)
    {
        foreach (string file in Directory.EnumerateFiles(directory, "*" + TempSuffix))
        {
            File.Delete(file);
        }
    }
}
