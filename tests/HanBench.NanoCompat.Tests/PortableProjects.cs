using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace HanBench.NanoCompat.Tests;

/// <summary>A <c>&lt;Compile Include="…"/&gt;</c> item of a .projitems, resolved to a full path.</summary>
public sealed record CompileItem(string FullPath, int Line);

/// <summary>A shared project's item list (.projitems): its folder tree is a portable folder.</summary>
public sealed class SharedItemsProject
{
    internal SharedItemsProject(string fullPath, string relativePath, IReadOnlyList<CompileItem> items, IReadOnlyList<NanoCompatViolation> loadViolations)
    {
        FullPath = fullPath;
        RelativePath = relativePath;
        Items = items;
        LoadViolations = loadViolations;
    }

    /// <summary>Full path of the .projitems file.</summary>
    public string FullPath { get; }

    /// <summary>Repository-relative path with forward slashes.</summary>
    public string RelativePath { get; }

    /// <summary>The portable folder: the .projitems file's directory and everything under it.</summary>
    public string Directory => Path.GetDirectoryName(FullPath)!;

    /// <summary>Compile items, <c>$(MSBuildThisFileDirectory)</c> evaluated.</summary>
    public IReadOnlyList<CompileItem> Items { get; }

    /// <summary>Items that cannot be evaluated (other properties, wildcards) and listed files that do not exist.</summary>
    public IReadOnlyList<NanoCompatViolation> LoadViolations { get; }
}

/// <summary>What a shared project compiles with: other portable sources and, for shared tests, the test framework.</summary>
public sealed record PortableInputs(IReadOnlyList<SharedItemsProject> Context, bool UsesTestFramework, IReadOnlyList<NanoCompatViolation> Violations);

/// <summary>
/// Finds every .projitems of the repository, checks that each portable folder lists all its .cs files, and runs
/// <see cref="NanoCompatChecker"/> on each with what it builds against (found through the .csproj/.nfproj files that
/// import it and their ProjectReferences).
/// </summary>
public static class PortableProjects
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "nano.sln";

    /// <summary>The desktop shim standing in for nanoFramework.TestFramework (a project name).</summary>
    public const string TestFrameworkShimProject = "HanBench.TestFramework.Shim";

    private const string ThisFileDirectory = "$(MSBuildThisFileDirectory)";

    private static readonly HashSet<string> s_skippedDirectories = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".git", ".vs", "TestResults", "node_modules",
    };

    /// <summary>Walks up from <paramref name="start"/> (default: the test's base directory) to the folder holding nano.sln.</summary>
    public static string FindRepositoryRoot(string? start = null)
    {
        var directory = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        while (directory != null)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }

            directory = directory.Parent;
        }

        throw new InvalidOperationException($"no {SolutionFileName} above {start ?? AppContext.BaseDirectory}");
    }

    /// <summary>Every .projitems under <paramref name="root"/>, bin/obj excluded, in path order.</summary>
    public static IReadOnlyList<SharedItemsProject> Discover(string root)
    {
        return EnumerateFiles(root, "*.projitems")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => Load(p, root))
            .ToList();
    }

    /// <summary>Reads one .projitems; paths in violations are relative to <paramref name="root"/>.</summary>
    public static SharedItemsProject Load(string projitemsPath, string root)
    {
        string fullPath = Path.GetFullPath(projitemsPath);
        string relative = Relative(root, fullPath);
        string directory = Path.GetDirectoryName(fullPath)!;
        var items = new List<CompileItem>();
        var violations = new List<NanoCompatViolation>();
        XDocument document = XDocument.Load(fullPath, LoadOptions.SetLineInfo);
        foreach (XElement compile in document.Descendants().Where(e => e.Name.LocalName == "Compile"))
        {
            string? include = (string?)compile.Attribute("Include");
            int line = ((IXmlLineInfo)compile).LineNumber;
            if (include == null)
            {
                continue;
            }

            string? resolved = ResolvePath(include, directory);
            if (resolved == null || include.Contains('*', StringComparison.Ordinal))
            {
                violations.Add(new NanoCompatViolation(relative, line, NanoCompatRules.Projitems, include,
                    "only explicit items are checked: write <Compile Include=\"$(MSBuildThisFileDirectory)Folder\\File.cs\" /> (no wildcards, no other properties)"));
                continue;
            }

            if (!File.Exists(resolved))
            {
                violations.Add(new NanoCompatViolation(relative, line, NanoCompatRules.Projitems, include,
                    $"listed in {Path.GetFileName(fullPath)} but {Relative(root, resolved)} does not exist (paths are case-sensitive on Linux)"));
                continue;
            }

            items.Add(new CompileItem(resolved, line));
        }

        return new SharedItemsProject(fullPath, relative, items, violations);
    }

    /// <summary>
    /// Every .cs under the project's folder (bin/obj and folders of nested .projitems excluded) must be one of its
    /// Compile items: the nanoFramework build sees only what the .projitems lists.
    /// </summary>
    public static IReadOnlyList<NanoCompatViolation> CheckCompleteness(SharedItemsProject project, IReadOnlyList<SharedItemsProject> all, string root)
    {
        var listed = new HashSet<string>(project.Items.Select(i => i.FullPath), StringComparer.Ordinal);
        List<string> nested = all
            .Where(p => p != project && IsUnder(p.Directory, project.Directory))
            .Select(p => p.Directory)
            .ToList();
        var violations = new List<NanoCompatViolation>();
        if (nested.Count > 0)
        {
            // A folder split into parts (one .projitems per subfolder, imported by different nano assemblies) lists
            // only its own helpers: a subfolder listed here would be compiled into every part's assembly.
            foreach (CompileItem item in project.Items.Where(i => Path.GetDirectoryName(i.FullPath) != project.Directory))
            {
                string folder = Path.GetRelativePath(project.Directory, Path.GetDirectoryName(item.FullPath)!).Replace('\\', '/');
                violations.Add(new NanoCompatViolation(project.RelativePath, item.Line, NanoCompatRules.Projitems, Relative(root, item.FullPath),
                    $"{project.RelativePath} is split into one .projitems per subfolder and lists only its own helpers: give {folder}/ its own .projitems and import it from a nano test project (tests/README.md, \"Nano test assemblies\")"));
            }
        }

        foreach (string file in EnumerateFiles(project.Directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            if (listed.Contains(file) || nested.Any(n => IsUnder(file, n)))
            {
                continue;
            }

            string relativeToProject = Path.GetRelativePath(project.Directory, file).Replace('/', '\\');
            violations.Add(new NanoCompatViolation(Relative(root, file), 1, NanoCompatRules.Projitems, Relative(root, file),
                $"not listed in {project.RelativePath}: the nanoFramework build would not compile it; add <Compile Include=\"$(MSBuildThisFileDirectory){relativeToProject}\" />"));
        }

        return violations;
    }

    /// <summary>
    /// What <paramref name="project"/> builds against, read from the .csproj/.nfproj files that import it: the
    /// .projitems imported by the projects they reference (transitively) are context; a reference to the test
    /// framework shim (or nanoFramework.TestFramework in a .nfproj) lets it use the test framework; any other
    /// non-portable project reference is a violation.
    /// </summary>
    public static PortableInputs ResolveInputs(SharedItemsProject project, IReadOnlyList<SharedItemsProject> all, string root)
    {
        Dictionary<string, ProjectFile> projectFiles = EnumerateFiles(root, "*.csproj")
            .Concat(EnumerateFiles(root, "*.nfproj"))
            .Select(ProjectFile.Load)
            .ToDictionary(p => p.FullPath, StringComparer.Ordinal);
        Dictionary<string, SharedItemsProject> byPath = all.ToDictionary(p => p.FullPath, StringComparer.Ordinal);

        var context = new List<SharedItemsProject>();
        var violations = new List<NanoCompatViolation>();
        bool usesTestFramework = false;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(ProjectFile From, string Reference, int Line)>();
        foreach (ProjectFile importer in projectFiles.Values.Where(p => p.Imports.Contains(project.FullPath)).OrderBy(p => p.FullPath, StringComparer.Ordinal))
        {
            usesTestFramework |= importer.ReferencesTestFramework;
            // The other shared projects the same project imports are compiled into the same assembly.
            context.AddRange(importer.Imports
                .Where(i => byPath.ContainsKey(i) && i != project.FullPath)
                .Select(i => byPath[i])
                .Where(p => !context.Contains(p)));
            foreach ((string reference, int line) in importer.ProjectReferences)
            {
                queue.Enqueue((importer, reference, line));
            }
        }

        while (queue.Count > 0)
        {
            (ProjectFile from, string reference, int line) = queue.Dequeue();
            if (!visited.Add(reference) || !projectFiles.TryGetValue(reference, out ProjectFile? referenced))
            {
                continue;
            }

            if (Path.GetFileNameWithoutExtension(reference) == TestFrameworkShimProject)
            {
                usesTestFramework = true;
                continue;
            }

            List<SharedItemsProject> imported = referenced.Imports
                .Where(byPath.ContainsKey)
                .Select(i => byPath[i])
                .ToList();
            if (imported.Count == 0)
            {
                violations.Add(new NanoCompatViolation(Relative(root, from.FullPath), line, NanoCompatRules.Reference, Relative(root, reference),
                    $"{project.RelativePath} is portable but builds against this non-portable project, which the nanoFramework build cannot reference"));
                continue;
            }

            context.AddRange(imported.Where(p => p != project && !context.Contains(p)));
            usesTestFramework |= referenced.ReferencesTestFramework;
            foreach ((string next, int nextLine) in referenced.ProjectReferences)
            {
                queue.Enqueue((referenced, next, nextLine));
            }
        }

        return new PortableInputs(context, usesTestFramework, violations);
    }

    /// <summary>
    /// The gate: every .projitems of the repository checked for completeness and nanoFramework compatibility.
    /// <paramref name="testFrameworkReferences"/> are added for shared test projects (the shim and MSTest).
    /// </summary>
    public static IReadOnlyList<NanoCompatViolation> CheckRepository(string root, NanoCompatChecker checker, IReadOnlyList<MetadataReference> testFrameworkReferences)
    {
        IReadOnlyList<SharedItemsProject> projects = Discover(root);
        var violations = new List<NanoCompatViolation>();
        foreach (SharedItemsProject project in projects)
        {
            violations.AddRange(project.LoadViolations);
            violations.AddRange(CheckCompleteness(project, projects, root));
            PortableInputs inputs = ResolveInputs(project, projects, root);
            violations.AddRange(inputs.Violations);
            violations.AddRange(checker.Check(
                ReadSources(project, root),
                inputs.Context.SelectMany(p => ReadSources(p, root)),
                inputs.UsesTestFramework ? testFrameworkReferences : null));
        }

        return violations.Distinct().ToList();
    }

    /// <summary>The project's listed sources, with repository-relative paths.</summary>
    public static IReadOnlyList<PortableSource> ReadSources(SharedItemsProject project, string root)
    {
        return project.Items
            .Select(i => new PortableSource(Relative(root, i.FullPath), File.ReadAllText(i.FullPath)))
            .ToList();
    }

    /// <summary>Repository-relative path with forward slashes.</summary>
    public static string Relative(string root, string fullPath)
    {
        return Path.GetRelativePath(root, fullPath).Replace('\\', '/');
    }

    internal static string? ResolvePath(string include, string directory)
    {
        string value = include.Replace(ThisFileDirectory, directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (value.Contains("$(", StringComparison.Ordinal))
        {
            return null;
        }

        value = value.Replace('\\', Path.DirectorySeparatorChar);
        return Path.GetFullPath(Path.IsPathRooted(value) ? value : Path.Combine(directory, value));
    }

    private static bool IsUnder(string path, string directory)
    {
        string prefix = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    internal static IEnumerable<string> EnumerateFiles(string directory, string pattern)
    {
        foreach (string file in System.IO.Directory.EnumerateFiles(directory, pattern))
        {
            yield return Path.GetFullPath(file);
        }

        foreach (string sub in System.IO.Directory.EnumerateDirectories(directory))
        {
            if (s_skippedDirectories.Contains(Path.GetFileName(sub)))
            {
                continue;
            }

            foreach (string file in EnumerateFiles(sub, pattern))
            {
                yield return file;
            }
        }
    }

    /// <summary>The parts of a .csproj/.nfproj that matter here.</summary>
    private sealed record ProjectFile(string FullPath, HashSet<string> Imports, List<(string Path, int Line)> ProjectReferences, bool ReferencesTestFramework)
    {
        public static ProjectFile Load(string path)
        {
            string directory = Path.GetDirectoryName(path)!;
            XDocument document = XDocument.Load(path, LoadOptions.SetLineInfo);
            var imports = new HashSet<string>(StringComparer.Ordinal);
            var references = new List<(string, int)>();
            bool testFramework = false;
            foreach (XElement element in document.Descendants())
            {
                string? value = element.Name.LocalName switch
                {
                    "Import" => (string?)element.Attribute("Project"),
                    "ProjectReference" or "Reference" => (string?)element.Attribute("Include"),
                    _ => null,
                };
                if (value == null)
                {
                    continue;
                }

                if (element.Name.LocalName == "Reference")
                {
                    // .nfproj: the nanoFramework.TestFramework assembly is what the shim stands in for.
                    testFramework |= value.StartsWith("nanoFramework.TestFramework", StringComparison.Ordinal);
                    continue;
                }

                string? resolved = ResolvePath(value, directory);
                if (resolved == null)
                {
                    continue;
                }

                if (element.Name.LocalName == "Import")
                {
                    imports.Add(resolved);
                }
                else
                {
                    references.Add((resolved, ((IXmlLineInfo)element).LineNumber));
                }
            }

            return new ProjectFile(path, imports, references, testFramework);
        }
    }
}
