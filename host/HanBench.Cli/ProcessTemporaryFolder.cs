using System.Diagnostics;
using System.Globalization;

namespace HanBench.Cli;

/// <summary>
/// A temporary folder a command needs while it runs, named after its process (<c>PREFIX-PID-RANDOM</c> under the
/// temporary folder) so that one left behind can be told from one in use: a process killed with SIGKILL runs no cleanup,
/// so each <see cref="Create"/> first removes the folders of its prefix whose process is gone (issue 13 §1 "Resume": every
/// SIGKILL of <c>csp run</c> left a <c>/tmp/hanbench-csp-*</c> folder). A normal end, SIGINT and SIGTERM delete it on
/// <see cref="Dispose"/>. Test runs name their private temporary folder the same way (tests/TestSupport links this file).
/// </summary>
public sealed class ProcessTemporaryFolder : IDisposable
{
    private ProcessTemporaryFolder(string path)
    {
        Path = path;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A new folder named <paramref name="prefix"/>, this process's id and a random suffix; stale ones of the prefix are removed first.</summary>
    public static ProcessTemporaryFolder Create(string prefix)
    {
        RemoveStale(prefix);
        string path = Directory.CreateTempSubdirectory($"{prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-").FullName;
        return new ProcessTemporaryFolder(path);
    }

    /// <summary>Removes the folders named <paramref name="prefix"/><c>PID-…</c> under the temporary folder whose process no longer runs.</summary>
    public static void RemoveStale(string prefix)
    {
        string temp = System.IO.Path.GetTempPath();
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories(temp, prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (string folder in folders)
        {
            string name = System.IO.Path.GetFileName(folder);
            int dash = name.IndexOf('-', prefix.Length);
            if (dash < 0 || !int.TryParse(name.AsSpan(prefix.Length, dash - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                || pid == Environment.ProcessId || Runs(pid))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's, or going away by itself: not ours to insist on.
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static bool Runs(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            // No process with that id.
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Cannot tell (another user's process): keep its folder.
            return true;
        }
    }
}
