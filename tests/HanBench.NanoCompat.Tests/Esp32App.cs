using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HanBench.NanoCompat.Tests;

/// <summary>
/// The nanoFramework ESP32 application (firmware/HanBench.Firmware.Esp32), which no .NET project compiles: its sources
/// are bound here by Roslyn against net10.0, the portable device core and protocol sources, and reference stubs of the
/// nanoFramework hardware packages (HardwareStubs/), then held to two allowlists:
/// <list type="bullet">
/// <item>files under <c>Hal/</c> may use nanoframework-1x-api.txt and all of nanoframework-hardware-api.txt;</item>
/// <item>every other file may use nanoframework-1x-api.txt and only the <c>System.Threading</c> entries of the hardware
/// list (the run loop's Thread/WaitHandle/AutoResetEvent): nanoFramework hardware classes stay in <c>Hal/</c>.</item>
/// </list>
/// </summary>
public static partial class Esp32App
{
    /// <summary>The app's folder, repository-relative.</summary>
    public const string AppDirectory = "firmware/HanBench.Firmware.Esp32";

    /// <summary>The app's project file, repository-relative.</summary>
    public const string ProjectPath = AppDirectory + "/HanBench.Firmware.Esp32.nfproj";

    /// <summary>The app's packages.config, repository-relative.</summary>
    public const string PackagesConfigPath = AppDirectory + "/packages.config";

    /// <summary>The folder of the app that may name hardware classes (relative to <see cref="AppDirectory"/>).</summary>
    public const string HalFolder = "Hal";

    /// <summary>The hardware allowlist, repository-relative.</summary>
    public const string HardwareAllowlistPath = "tests/HanBench.NanoCompat.Tests/nanoframework-hardware-api.txt";

    /// <summary>The stub sources, repository-relative.</summary>
    public const string StubsDirectory = "tests/HanBench.NanoCompat.Tests/HardwareStubs";

    /// <summary>The shared projects the app builds against (through HanBench.Device.Nano and HanBench.Protocol.Nano).</summary>
    public static readonly string[] PortableProjitems =
    {
        "firmware/HanBench.Device/HanBench.Device.projitems",
        "shared/HanBench.Protocol/HanBench.Protocol.projitems",
    };

    /// <summary>Every .cs of the app (bin/obj skipped), repository-relative paths, in path order.</summary>
    public static IReadOnlyList<PortableSource> Sources(string root)
    {
        string directory = Path.Combine(root, AppDirectory);
        return Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(directory, f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new PortableSource(PortableProjects.Relative(root, f), File.ReadAllText(f)))
            .ToList();
    }

    /// <summary>True for a source under the app's Hal/ folder.</summary>
    public static bool IsHal(PortableSource source)
    {
        return source.Path.StartsWith(AppDirectory + "/" + HalFolder + "/", StringComparison.Ordinal);
    }

    /// <summary>The portable sources the app compiles with.</summary>
    public static IReadOnlyList<PortableSource> PortableContext(string root)
    {
        return PortableProjitems
            .Select(p => PortableProjects.Load(Path.Combine(root, p), root))
            .SelectMany(p => PortableProjects.ReadSources(p, root))
            .ToList();
    }

    /// <summary>The stub sources.</summary>
    public static IReadOnlyList<SyntaxTree> StubTrees(string root)
    {
        return Directory.EnumerateFiles(Path.Combine(root, StubsDirectory), "*.cs")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), NanoCompatChecker.ParseOptions, PortableProjects.Relative(root, f)))
            .ToList();
    }

    /// <summary>The stubs compiled against net10.0; throws with the compiler's errors when they do not compile.</summary>
    public static CSharpCompilation StubCompilation(string root)
    {
        return CSharpCompilation.Create(
            "NanoFrameworkHardwareStubs",
            StubTrees(root),
            NanoCompatChecker.Net10References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    /// <summary>The stubs as a metadata reference.</summary>
    public static MetadataReference StubReference(string root)
    {
        CSharpCompilation compilation = StubCompilation(root);
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("hardware stubs do not compile: "
                + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
    }

    /// <summary>The hardware allowlist's text.</summary>
    public static string HardwareAllowlistText(string root)
    {
        return File.ReadAllText(Path.Combine(root, HardwareAllowlistPath));
    }

    /// <summary>What Hal/ may use: both lists.</summary>
    public static NanoApiAllowlist HalAllowlist(string root)
    {
        return NanoApiAllowlist.Parse(File.ReadAllText(Path.Combine(root, NanoApiAllowlist.RelativePath)) + "\n" + HardwareAllowlistText(root)).WithRealMscorlib();
    }

    /// <summary>What the rest of the app may use: the 1.x list and the System.Threading lines of the hardware list.</summary>
    public static NanoApiAllowlist AppAllowlist(string root)
    {
        IEnumerable<string> threading = HardwareAllowlistText(root)
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split('\n')
            .Where(l => ThreadingEntry().IsMatch(l));
        return NanoApiAllowlist.Parse(File.ReadAllText(Path.Combine(root, NanoApiAllowlist.RelativePath)) + "\n" + string.Join("\n", threading)).WithRealMscorlib();
    }

    /// <summary>
    /// The gate: Hal/ sources against <see cref="HalAllowlist"/>, the others against <see cref="AppAllowlist"/>, and no
    /// preprocessor conditionals outside Hal/ (PLATFORM brief: <c>#if NANOFRAMEWORK_1_0</c> only in the HAL, if at all;
    /// the gate cannot see code under such a branch).
    /// </summary>
    public static IReadOnlyList<NanoCompatViolation> Check(string root, IReadOnlyList<PortableSource> sources)
    {
        MetadataReference[] stubs = { StubReference(root) };
        IReadOnlyList<PortableSource> portable = PortableContext(root);
        List<PortableSource> hal = sources.Where(IsHal).ToList();
        List<PortableSource> rest = sources.Where(s => !IsHal(s)).ToList();
        var violations = new List<NanoCompatViolation>();
        violations.AddRange(new NanoCompatChecker(HalAllowlist(root)).Check(hal, rest.Concat(portable), stubs));
        violations.AddRange(new NanoCompatChecker(AppAllowlist(root)).Check(rest, hal.Concat(portable), stubs));
        foreach (PortableSource source in rest)
        {
            SyntaxNode tree = CSharpSyntaxTree.ParseText(source.Text, NanoCompatChecker.ParseOptions, source.Path).GetRoot();
            foreach (SyntaxTrivia directive in tree.DescendantTrivia().Where(t => t.IsKind(SyntaxKind.IfDirectiveTrivia)))
            {
                violations.Add(new NanoCompatViolation(source.Path, directive.GetLocation().GetLineSpan().StartLinePosition.Line + 1,
                    NanoCompatRules.Api, "#if", "conditional compilation outside Hal/: the gate checks only the branch .NET sees; keep nanoFramework-only code in Hal/"));
            }
        }

        return violations;
    }

    /// <summary>The Compile items of the app's .nfproj, as repository-relative paths with forward slashes.</summary>
    public static IReadOnlyList<string> ProjectCompileItems(string root)
    {
        XDocument project = XDocument.Load(Path.Combine(root, ProjectPath));
        return project.Descendants().Where(e => e.Name.LocalName == "Compile")
            .Select(e => AppDirectory + "/" + ((string?)e.Attribute("Include") ?? string.Empty).Replace('\\', '/'))
            .ToList();
    }

    private static bool IsBuildOutput(string relative)
    {
        string first = relative.Replace('\\', '/').Split('/')[0];
        return first is "bin" or "obj";
    }

    [GeneratedRegex(@"^\s*[TMPFE]:System\.Threading\.")]
    private static partial Regex ThreadingEntry();
}
