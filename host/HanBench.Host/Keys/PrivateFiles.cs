using System.Text;

namespace HanBench.Host.Keys;

/// <summary>Writes private key files readable by their owner only (0600 on Unix), created so from the first byte.</summary>
public static class PrivateFiles
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>, replacing the file; mode 0600 on Unix.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            stream.Write(bytes);
        }

        // UnixCreateMode applies to a new file only: an existing one keeps its mode, so tighten it too.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
