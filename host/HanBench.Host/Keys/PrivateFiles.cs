using System.Text;

namespace HanBench.Host.Keys;

/// <summary>Writes private key files readable by their owner only (0600 on Unix), created so from the first byte.</summary>
public static class PrivateFiles
{
    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/>, replacing the file; mode 0600 on Unix. The key goes into
    /// a new file in the same folder, created 0600 (never an existing file or a link's target, which keep their mode),
    /// and then replaces <paramref name="path"/> in one rename.
    /// </summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, Encoding.ASCII.GetBytes(text));
    }

    /// <summary><see cref="WriteAllText"/> for binary content (a board's credentials record).</summary>
    public static void WriteAllBytes(string path, byte[] content) => Write(path, content, readableByAll: false);

    /// <summary>
    /// Writes a file that is not secret (a certificate, <c>parties.json</c>) the same way, in one rename, but readable by
    /// all (0644): a process reading a shared keystore at that moment sees the old file or the new one, never half of one.
    /// </summary>
    public static void WritePublicText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, Encoding.UTF8.GetBytes(text), readableByAll: true);
    }

    private static void Write(string path, byte[] content, bool readableByAll)
    {
        ArgumentNullException.ThrowIfNull(content);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = readableByAll
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
                : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
