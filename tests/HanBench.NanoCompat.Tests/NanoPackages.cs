using Microsoft.CodeAnalysis;

namespace HanBench.NanoCompat.Tests;

/// <summary>
/// What nanoFramework packages a .nfproj must declare: every package whose API its own sources and imported .projitems
/// use (an old-style project does not pass a referenced project's references on to the compiler: issue 10, CS0234),
/// plus their package dependencies, each in the project (a <c>&lt;Reference&gt;</c> with a HintPath into
/// <c>packages\Id.Version\</c>) and in packages.config, at the version docs/PLATFORM.md pins.
/// </summary>
public static class NanoPackages
{
    /// <summary>docs/PLATFORM.md, "Package versions (stable line …)".</summary>
    public static readonly IReadOnlyDictionary<string, string> PlatformPins = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nanoFramework.CoreLibrary"] = "1.17.11",
        ["nanoFramework.Runtime.Events"] = "1.11.39",
        ["nanoFramework.System.Text"] = "1.3.42",
        ["nanoFramework.System.Collections"] = "1.5.75",
        ["nanoFramework.System.IO.Streams"] = "1.1.96",
        ["nanoFramework.System.IO.Ports"] = "1.1.139",
        ["nanoFramework.System.IO.FileSystem"] = "1.1.93",
        ["nanoFramework.System.IO.Hashing"] = "1.0.40",
        ["nanoFramework.System.Security.Cryptography"] = "1.0.43",
        ["nanoFramework.System.Device.Gpio"] = "1.1.62",
        ["nanoFramework.Hardware.Esp32"] = "1.6.42",
        ["nanoFramework.Runtime.Native"] = "1.7.11",
        ["nanoFramework.TestFramework"] = "3.0.77",
    };

    /// <summary>Package dependencies the project must also reference (docs/PLATFORM.md: Hardware.Esp32 1.6.42 needs Runtime.Events 1.11.39).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Dependencies = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["nanoFramework.Hardware.Esp32"] = new[] { "nanoFramework.Runtime.Events" },
    };

    // The repository's allowlists and stubs, whichever tree is checked.
    private static readonly Lazy<NanoCompatChecker> s_checker = new(() => new NanoCompatChecker(Esp32App.HalAllowlist(PortableProjects.FindRepositoryRoot())));
    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
        TestFrameworkReferences.All.Append(Esp32App.StubReference(PortableProjects.FindRepositoryRoot())).ToArray());

    /// <summary>
    /// The packages <paramref name="project"/>'s own sources use → an example use, found by binding them (with the
    /// sources of the projects it references, transitively, as context) against both allowlists, the test framework
    /// shim and the hardware stubs. Every project uses mscorlib.
    /// </summary>
    public static IDictionary<string, string> Used(string root, NanoProject project, IReadOnlyList<NanoProject> all)
    {
        Dictionary<string, NanoProject> byPath = all.ToDictionary(p => p.FullPath, StringComparer.Ordinal);
        var context = new List<PortableSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(project.ProjectReferences);
        while (pending.Count > 0)
        {
            string next = pending.Dequeue();
            if (seen.Add(next) && byPath.TryGetValue(next, out NanoProject? referenced))
            {
                context.AddRange(referenced.Sources(root));
                foreach (string further in referenced.ProjectReferences)
                {
                    pending.Enqueue(further);
                }
            }
        }

        var used = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [NanoApiAllowlist.CoreLibraryPackage] = "mscorlib (every assembly)",
        };
        s_checker.Value.Check(project.Sources(root), context, s_references.Value, used);
        foreach (string package in used.Keys.ToList())
        {
            foreach (string dependency in Dependencies.GetValueOrDefault(package, Array.Empty<string>()))
            {
                used.TryAdd(dependency, "needed by " + package);
            }
        }

        return used;
    }

    /// <summary>Every used package declared in the project and packages.config, same version, docs/PLATFORM.md's pin.</summary>
    public static IReadOnlyList<NanoCompatViolation> Check(NanoProject project, IDictionary<string, string> used)
    {
        var violations = new List<NanoCompatViolation>();
        string config = project.PackagesConfigRelativePath;
        foreach ((string package, string example) in used)
        {
            if (!project.References.Any(r => r.Package == package))
            {
                violations.Add(new NanoCompatViolation(project.RelativePath, 1, NanoCompatRules.Package, package,
                    $"{project.AssemblyName} uses {package} ({example}) but the .nfproj has no <Reference> to it: an old-style project "
                    + $"does not inherit a referenced project's references; add <Reference Include=\"…\"><HintPath>..\\..\\packages\\{package}.{PlatformPins.GetValueOrDefault(package, "?")}\\lib\\….dll</HintPath></Reference>"));
            }

            if (!project.Packages.Any(p => p.Name == package))
            {
                violations.Add(new NanoCompatViolation(config, 1, NanoCompatRules.Package, package,
                    $"{project.AssemblyName} uses {package} ({example}) but packages.config does not declare it; add <package id=\"{package}\" version=\"{PlatformPins.GetValueOrDefault(package, "?")}\" targetFramework=\"netnano1.0\" />"));
            }
        }

        foreach (NanoAssemblyReference declared in project.Packages)
        {
            if (!PlatformPins.TryGetValue(declared.Name, out string? pin) || pin != declared.Version)
            {
                violations.Add(new NanoCompatViolation(config, declared.Line, NanoCompatRules.Package, declared.Name,
                    pin == null ? "not a package docs/PLATFORM.md pins" : $"version {declared.Version}, docs/PLATFORM.md pins {pin}"));
            }
        }

        foreach (NanoAssemblyReference reference in project.References.Where(r => r.Package != null))
        {
            NanoAssemblyReference? declared = project.Packages.FirstOrDefault(p => p.Name == reference.Package);
            if (declared == null || declared.Version != reference.Version)
            {
                violations.Add(new NanoCompatViolation(project.RelativePath, reference.Line, NanoCompatRules.Package, reference.Package!,
                    $"<Reference Include=\"{reference.Name}\"> points into {reference.Package} {reference.Version}, but packages.config "
                    + (declared == null ? "does not declare that package" : $"declares {declared.Version}")));
            }
        }

        return violations;
    }
}
