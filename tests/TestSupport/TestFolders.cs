using System.Collections.Concurrent;

namespace HanBench.Tests;

/// <summary>
/// Temporary <c>hanbench-*</c> folders a test assembly shares between its tests (a keystore made once for a class, say),
/// every one deleted when the assembly finishes, before its private temporary folder is checked
/// (<see cref="PrivateTemporaryFolder"/>; the tests used to leave dozens under /tmp on every run).
/// </summary>
public static class TestFolders
{
    private static readonly ConcurrentBag<string> Created = [];

    /// <summary>A new empty folder under the temporary folder, named <paramref name="prefix"/> and a random suffix.</summary>
    public static string Create(string prefix)
    {
        string path = Directory.CreateTempSubdirectory(prefix).FullName;
        Created.Add(path);
        return path;
    }

    public static void DeleteAll()
    {
        var left = new List<string>();
        foreach (string path in Created)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                left.Add($"{path}: {e.Message}");
            }
        }

        Assert.IsEmpty(left, "temporary folders left behind: " + string.Join("; ", left));
    }
}
