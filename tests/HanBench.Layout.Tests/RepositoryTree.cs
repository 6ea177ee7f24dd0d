namespace HanBench.Layout.Tests;

/// <summary>The repository's files as the layout rules see them: paths relative to the root, '/'-separated, build output and tool caches left out.</summary>
public static class RepositoryTree
{
    private const string SolutionFileName = "nano.sln";

    private static readonly HashSet<string> s_skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".git", ".vs", "TestResults", "node_modules",
    };

    /// <summary>Walks up from the test's base directory to the folder holding nano.sln.</summary>
    public static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }

            directory = directory.Parent;
        }

        throw new InvalidOperationException($"no {SolutionFileName} above {AppContext.BaseDirectory}");
    }

    /// <summary>Every file under <paramref name="directory"/> (build output and caches skipped), in path order.</summary>
    public static IEnumerable<string> Files(string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (string file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            yield return file;
        }

        foreach (string sub in SubFolders(directory))
        {
            foreach (string file in Files(sub))
            {
                yield return file;
            }
        }
    }

    /// <summary>The folders directly under <paramref name="directory"/>, build output and caches skipped, in name order.</summary>
    public static IEnumerable<string> SubFolders(string directory)
    {
        return Directory.EnumerateDirectories(directory)
            .Where(d => !s_skipped.Contains(Path.GetFileName(d)))
            .Order(StringComparer.Ordinal);
    }

    /// <summary><paramref name="path"/> relative to <paramref name="root"/>, '/'-separated.</summary>
    public static string Relative(string root, string path)
    {
        return Path.GetRelativePath(root, path).Replace('\\', '/');
    }
}
