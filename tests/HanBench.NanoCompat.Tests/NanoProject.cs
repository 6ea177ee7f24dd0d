using System.Xml;
using System.Xml.Linq;

namespace HanBench.NanoCompat.Tests;

/// <summary>A <c>&lt;Reference&gt;</c> of a .nfproj: the assembly name and, from its HintPath, the NuGet package.</summary>
public sealed record NanoAssemblyReference(string Name, string? Package, string? Version, int Line);

/// <summary>
/// One classic nanoFramework project (.nfproj), read the way its build sees it: the nanoFramework toolchain compiles
/// its own Compile items plus the items of the .projitems it imports into one assembly, and references the assemblies
/// of its ProjectReferences and of its <c>&lt;Reference&gt;</c> HintPaths (an old-style project does not pass a
/// referenced project's references on to the compiler: issue 10).
/// </summary>
public sealed class NanoProject
{
    private const string PackagesFolder = @"packages\";

    private NanoProject(string fullPath, string relativePath, string assemblyName, IReadOnlyList<CompileItem> ownItems,
        IReadOnlyList<SharedItemsProject> imports, IReadOnlyList<string> projectReferences,
        IReadOnlyList<NanoAssemblyReference> references, IReadOnlyList<NanoAssemblyReference> packages)
    {
        FullPath = fullPath;
        RelativePath = relativePath;
        AssemblyName = assemblyName;
        OwnItems = ownItems;
        Imports = imports;
        ProjectReferences = projectReferences;
        References = references;
        Packages = packages;
    }

    /// <summary>Full path of the .nfproj.</summary>
    public string FullPath { get; }

    /// <summary>Repository-relative path with forward slashes.</summary>
    public string RelativePath { get; }

    /// <summary>The project's AssemblyName (the .pe's name).</summary>
    public string AssemblyName { get; }

    /// <summary>Compile items of the .nfproj itself.</summary>
    public IReadOnlyList<CompileItem> OwnItems { get; }

    /// <summary>Shared projects (.projitems) it imports.</summary>
    public IReadOnlyList<SharedItemsProject> Imports { get; }

    /// <summary>Full paths of the .nfproj files it references.</summary>
    public IReadOnlyList<string> ProjectReferences { get; }

    /// <summary>Its <c>&lt;Reference&gt;</c> items (package from the HintPath's <c>packages\Id.Version\</c> folder).</summary>
    public IReadOnlyList<NanoAssemblyReference> References { get; }

    /// <summary>packages.config entries beside it (Name = package id).</summary>
    public IReadOnlyList<NanoAssemblyReference> Packages { get; }

    /// <summary>Repository-relative path of its packages.config.</summary>
    public string PackagesConfigRelativePath => Path.GetDirectoryName(RelativePath)!.Replace('\\', '/') + "/packages.config";

    /// <summary>Every source the toolchain compiles into this project's assembly, repository-relative, in item order.</summary>
    public IReadOnlyList<PortableSource> Sources(string root)
    {
        return OwnItems.Concat(Imports.SelectMany(i => i.Items))
            .Select(i => new PortableSource(PortableProjects.Relative(root, i.FullPath), File.ReadAllText(i.FullPath)))
            .ToList();
    }

    /// <summary>Every .nfproj under <paramref name="root"/> (bin/obj skipped), in path order.</summary>
    public static IReadOnlyList<NanoProject> Discover(string root)
    {
        return PortableProjects.EnumerateFiles(root, "*.nfproj")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => Load(p, root))
            .ToList();
    }

    /// <summary>Reads one .nfproj and the packages.config beside it.</summary>
    public static NanoProject Load(string path, string root)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        XDocument document = XDocument.Load(fullPath, LoadOptions.SetLineInfo);
        var own = new List<CompileItem>();
        var imports = new List<SharedItemsProject>();
        var projectReferences = new List<string>();
        var references = new List<NanoAssemblyReference>();
        string assemblyName = Path.GetFileNameWithoutExtension(fullPath);
        foreach (XElement element in document.Descendants())
        {
            int line = ((IXmlLineInfo)element).LineNumber;
            string? include = (string?)element.Attribute("Include");
            switch (element.Name.LocalName)
            {
                case "AssemblyName":
                    assemblyName = element.Value.Trim();
                    break;
                case "Compile" when include != null:
                    own.Add(new CompileItem(Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))), line));
                    break;
                case "Import":
                    string? resolved = PortableProjects.ResolvePath((string?)element.Attribute("Project") ?? string.Empty, directory);
                    if (resolved != null && resolved.EndsWith(".projitems", StringComparison.Ordinal) && File.Exists(resolved))
                    {
                        imports.Add(PortableProjects.Load(resolved, root));
                    }

                    break;
                case "ProjectReference" when include != null:
                    projectReferences.Add(Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))));
                    break;
                case "Reference" when include != null:
                    string? hint = element.Descendants().FirstOrDefault(e => e.Name.LocalName == "HintPath")?.Value.Trim();
                    (string? package, string? version) = PackageOfHintPath(hint);
                    references.Add(new NanoAssemblyReference(include, package, version, line));
                    break;
            }
        }

        return new NanoProject(fullPath, PortableProjects.Relative(root, fullPath), assemblyName, own, imports,
            projectReferences, references, LoadPackagesConfig(Path.Combine(directory, "packages.config")));
    }

    /// <summary><c>..\..\packages\nanoFramework.System.Text.1.3.42\lib\x.dll</c> → (nanoFramework.System.Text, 1.3.42).</summary>
    public static (string? Package, string? Version) PackageOfHintPath(string? hintPath)
    {
        if (hintPath == null)
        {
            return (null, null);
        }

        int at = hintPath.IndexOf(PackagesFolder, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return (null, null);
        }

        string folder = hintPath[(at + PackagesFolder.Length)..].Split('\\', '/')[0];
        // The version starts at the first dot-separated part that begins with a digit: Id.1.2.3.
        string[] parts = folder.Split('.');
        int first = Array.FindIndex(parts, p => p.Length > 0 && char.IsDigit(p[0]));
        if (first <= 0)
        {
            return (folder, null);
        }

        return (string.Join('.', parts[..first]), string.Join('.', parts[first..]));
    }

    private static IReadOnlyList<NanoAssemblyReference> LoadPackagesConfig(string path)
    {
        if (!File.Exists(path))
        {
            return Array.Empty<NanoAssemblyReference>();
        }

        return XDocument.Load(path, LoadOptions.SetLineInfo).Descendants("package")
            .Select(p => new NanoAssemblyReference((string?)p.Attribute("id") ?? string.Empty, (string?)p.Attribute("id"),
                (string?)p.Attribute("version"), ((IXmlLineInfo)p).LineNumber))
            .ToList();
    }
}
