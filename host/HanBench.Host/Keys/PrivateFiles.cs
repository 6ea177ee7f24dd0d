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
    public static void WriteAllBytes(string path, byte[] content) => Write(path, content, overwrite: true);

    /// <summary>
    /// As <see cref="WriteAllText"/>, but only when <paramref name="path"/> does not exist yet: false, and the file left as
    /// it is, when another process made it first (two boards starting at once both want their hub's key: one wins).
    /// </summary>
    public static bool TryCreateText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Write(path, Encoding.ASCII.GetBytes(text), overwrite: false);
    }

    private static bool Write(string path, byte[] content, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(content);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
            }

            try
            {
                File.Move(temporary, full, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(full))
            {
                return false;
            }

            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
