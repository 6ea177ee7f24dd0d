using System.Text.RegularExpressions;

namespace HanBench.Layout.Tests;

/// <summary>A README that does not match the folders beside it.</summary>
/// <param name="Readme">The README, relative to the root.</param>
/// <param name="Folder">The folder, relative to the root.</param>
/// <param name="Problem">What is wrong, in one line.</param>
public sealed record ReadmeFolderProblem(string Readme, string Folder, string Problem)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Readme}: {Folder}: {Problem}";
}

/// <summary>
/// Every folder holding sources is in its README's table, and every folder a table names exists. An area (host/,
/// firmware/, shared/, tests/, tools/) lists its projects in a table of its README. A project's folders (under
/// host/, firmware/ and shared/; a test project's folders mirror the code they test) are named in the project's own
/// README when it has one, else in a table of the area's README, as <c>`Name/`</c> or <c>`Name/Part`</c>.
/// </summary>
public static partial class ReadmeFolderTables
{
    /// <summary>The areas whose READMEs list their folders.</summary>
    public static readonly IReadOnlyList<string> Areas = ["host", "firmware", "shared", "tests", "tools"];

    /// <summary>The areas whose projects' own folders are listed too.</summary>
    public static readonly IReadOnlyList<string> CodeAreas = ["host", "firmware", "shared"];

    private static readonly string[] s_sourceExtensions = [".cs", ".csproj", ".nfproj", ".shproj", ".projitems", ".js", ".lua", ".ps1", ".sh"];

    /// <summary>Every mismatch under <paramref name="root"/>, in path order.</summary>
    public static IReadOnlyList<ReadmeFolderProblem> Check(string root)
    {
        var problems = new List<ReadmeFolderProblem>();
        foreach (string area in Areas)
        {
            string areaDirectory = Path.Combine(root, area);
            if (!Directory.Exists(areaDirectory))
            {
                continue;
            }

            string areaReadme = Path.Combine(areaDirectory, "README.md");
            string areaReadmeName = area + "/README.md";
            if (!File.Exists(areaReadme))
            {
                problems.Add(new ReadmeFolderProblem(areaReadmeName, area + "/", "the area has no README"));
                continue;
            }

            string[] areaRows = TableRows(areaReadme);
            foreach (string project in RepositoryTree.SubFolders(areaDirectory).Where(HoldsSources))
            {
                string name = Path.GetFileName(project);
                if (!areaRows.Any(row => Names(row, name)))
                {
                    problems.Add(new ReadmeFolderProblem(areaReadmeName, $"{area}/{name}/", $"holds sources but no table row names `{name}/`"));
                }

                if (CodeAreas.Contains(area))
                {
                    CheckProjectFolders(root, area, project, areaRows, problems);
                }
            }

            CheckNamedFoldersExist(root, area, areaRows, problems);
        }

        return problems;
    }

    private static void CheckProjectFolders(string root, string area, string project, string[] areaRows, List<ReadmeFolderProblem> problems)
    {
        string name = Path.GetFileName(project);
        string ownReadme = Path.Combine(project, "README.md");
        bool hasOwn = File.Exists(ownReadme);
        string[] lines = hasOwn ? File.ReadAllLines(ownReadme) : areaRows;
        string readmeName = hasOwn ? $"{area}/{name}/README.md" : $"{area}/README.md";
        foreach (string folder in RepositoryTree.SubFolders(project).Where(HoldsSources))
        {
            string sub = Path.GetFileName(folder);
            if (!lines.Any(line => Names(line, sub) || Names(line, name + "/" + sub)))
            {
                problems.Add(new ReadmeFolderProblem(readmeName, RepositoryTree.Relative(root, folder) + "/",
                    $"holds sources but {(hasOwn ? "the README" : "no table row")} names `{sub}/`"));
            }
        }
    }

    /// <summary>Every folder-like code span in a table row (<c>`Name/`</c>, <c>`A/B/`</c>, or a project name in the first column) must exist.</summary>
    private static void CheckNamedFoldersExist(string root, string area, string[] rows, List<ReadmeFolderProblem> problems)
    {
        string areaDirectory = Path.Combine(root, area);
        string[] projects = RepositoryTree.SubFolders(areaDirectory).ToArray();
        foreach (string row in rows)
        {
            string[] cells = row.Trim().Trim('|').Split('|');
            // A row about a project (`Name/` first) names that project's folders; any other row (say, which folders of a
            // shared test project a nano assembly imports) may name a folder of any project of the area.
            string? rowProject = CodeSpans(cells[0]).Where(s => s.EndsWith('/')).Select(s => s.TrimEnd('/'))
                .FirstOrDefault(s => Directory.Exists(Path.Combine(areaDirectory, s)));
            for (int c = 0; c < cells.Length; c++)
            {
                foreach (string span in CodeSpans(cells[c]))
                {
                    bool folderLike = FolderSpan().IsMatch(span) || (c == 0 && ProjectSpan().IsMatch(span));
                    if (!folderLike)
                    {
                        continue;
                    }

                    string relative = span.TrimEnd('/');
                    IEnumerable<string> candidates = new[] { areaDirectory, root }
                        .Concat(rowProject != null ? new[] { Path.Combine(areaDirectory, rowProject) } : projects)
                        .Select(baseDirectory => Path.Combine(baseDirectory, relative.Replace('/', Path.DirectorySeparatorChar)));
                    if (!candidates.Any(Directory.Exists))
                    {
                        problems.Add(new ReadmeFolderProblem(area + "/README.md", span,
                            rowProject != null ? $"named in {rowProject}'s row but no such folder" : "named in a table but no such folder"));
                    }
                }
            }
        }
    }

    /// <summary>Whether <paramref name="line"/> holds a code span naming <paramref name="folder"/>: <c>`folder`</c>, <c>`folder/`</c> or <c>`folder/…`</c>.</summary>
    private static bool Names(string line, string folder)
    {
        return CodeSpans(line).Any(span => span == folder || span.StartsWith(folder + "/", StringComparison.Ordinal));
    }

    private static IEnumerable<string> CodeSpans(string text)
    {
        return CodeSpan().Matches(text).Select(m => m.Groups[1].Value.Trim());
    }

    private static string[] TableRows(string readme)
    {
        return File.ReadLines(readme).Where(line => line.TrimStart().StartsWith('|')).ToArray();
    }

    private static bool HoldsSources(string directory)
    {
        return RepositoryTree.Files(directory).Any(f => s_sourceExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase));
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    /// <summary>A relative folder path ending in '/': <c>Csp/</c>, <c>HanBench.Device/Configuration/</c>.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*/$")]
    private static partial Regex FolderSpan();

    /// <summary>A project folder named without its slash in a table's first column.</summary>
    [GeneratedRegex(@"^HanBench\.[A-Za-z0-9.]+/?$")]
    private static partial Regex ProjectSpan();
}
