using System.Xml;
using System.Xml.Linq;

namespace HanBench.Layout.Tests;

/// <summary>One reference from a project file to a file elsewhere in the repository (a project, an imported .projitems or a linked source).</summary>
/// <param name="From">The project file, relative to the root.</param>
/// <param name="Line">Its line.</param>
/// <param name="Target">The referenced file, relative to the root.</param>
public sealed record ProjectReferenceEdge(string From, int Line, string Target);

/// <summary>A reference the layout forbids.</summary>
/// <param name="Edge">The reference.</param>
/// <param name="Rule">The rule it breaks.</param>
public sealed record DependencyViolation(ProjectReferenceEdge Edge, DependencyRule Rule)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Edge.From}:{Edge.Line}: references {Edge.Target}: {Rule.Why}";
}

/// <summary>Nothing under <paramref name="From"/> may reference anything under <paramref name="Forbidden"/> ('/'-terminated folder prefixes).</summary>
public sealed record DependencyRule(string From, string Forbidden, string Why);

/// <summary>
/// What may reference what, read from every project file (.csproj, .nfproj, .shproj, .projitems): ProjectReference,
/// Import (a shared project's .projitems) and Compile (a linked source) all make the referring project depend on the
/// target's folder. The README of each folder says why the direction is what it is.
/// </summary>
public static class ProjectDependencies
{
    /// <summary>The layout's rules (README.md, "Dependencies point inward"; host/README.md).</summary>
    public static readonly IReadOnlyList<DependencyRule> Rules =
    [
        new("shared/", "firmware/", "shared/ is the portable protocol library both sides build on: it depends on nothing of ours"),
        new("shared/", "host/", "shared/ is the portable protocol library both sides build on: it depends on nothing of ours"),
        new("shared/", "tests/", "nothing but tests references tests/"),
        new("firmware/", "host/", "firmware/ is the device: the PC programs in host/ run it, never the other way round"),
        new("firmware/", "tests/", "nothing but tests references tests/"),
        new("host/", "tests/", "nothing but tests references tests/"),
        new("host/HanBench.Host/", "host/HanBench.Tooling/", "the DCC core (HanBench.Host) is apart from its tooling: the tooling may use the core, not the reverse"),
        new("host/HanBench.Host/", "host/HanBench.Bench/", "the DCC core runs on any link; the bench runtime uses it, not the reverse"),
        new("host/HanBench.Host/", "host/HanBench.Cli/", "the CLI wires the core, not the reverse"),
        new("host/HanBench.Tooling/", "host/HanBench.Cli/", "the CLI wires the tooling, not the reverse"),
        new("host/HanBench.Transports/", "host/HanBench.Host/", "the byte-stream links depend on nothing of ours"),
    ];

    private static readonly string[] s_projectPatterns = ["*.csproj", "*.nfproj", "*.shproj", "*.projitems"];

    /// <summary>Every reference from a project file under <paramref name="root"/> to a file inside it, in path order.</summary>
    public static IReadOnlyList<ProjectReferenceEdge> Read(string root)
    {
        var edges = new List<ProjectReferenceEdge>();
        foreach (string file in RepositoryTree.Files(root).Where(IsProjectFile))
        {
            XDocument document = XDocument.Load(file, LoadOptions.SetLineInfo);
            foreach (XElement element in document.Descendants())
            {
                string? include = element.Name.LocalName switch
                {
                    "ProjectReference" or "Compile" => (string?)element.Attribute("Include"),
                    "Import" => (string?)element.Attribute("Project"),
                    _ => null,
                };
                string? target = Resolve(root, file, include);
                if (target != null)
                {
                    edges.Add(new ProjectReferenceEdge(RepositoryTree.Relative(root, file), ((IXmlLineInfo)element).LineNumber, target));
                }
            }
        }

        return edges;
    }

    /// <summary>The references among <paramref name="edges"/> that break a rule.</summary>
    public static IReadOnlyList<DependencyViolation> Check(IEnumerable<ProjectReferenceEdge> edges)
    {
        return edges
            .SelectMany(edge => Rules
                .Where(rule => edge.From.StartsWith(rule.From, StringComparison.Ordinal) && edge.Target.StartsWith(rule.Forbidden, StringComparison.Ordinal))
                .Select(rule => new DependencyViolation(edge, rule)))
            .ToList();
    }

    private static bool IsProjectFile(string path)
    {
        return s_projectPatterns.Any(p => path.EndsWith(p[1..], StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The referenced path relative to the root, or null for what is not a repository path: wildcards, MSBuild
    /// properties other than the file's own directory (SDK imports), or a path outside the root.
    /// </summary>
    private static string? Resolve(string root, string file, string? include)
    {
        if (string.IsNullOrWhiteSpace(include))
        {
            return null;
        }

        string path = include.Replace("$(MSBuildThisFileDirectory)", "", StringComparison.Ordinal);
        if (path.Contains("$(", StringComparison.Ordinal) || path.Contains('*', StringComparison.Ordinal) || path.Contains(';', StringComparison.Ordinal))
        {
            return null;
        }

        string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path.Replace('\\', Path.DirectorySeparatorChar)));
        string relative = RepositoryTree.Relative(root, full);
        return relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." ? null : relative;
    }
}
