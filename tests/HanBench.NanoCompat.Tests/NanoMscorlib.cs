using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HanBench.NanoCompat.Tests;

/// <summary>
/// The real mscorlib.dll of nanoFramework.CoreLibrary 1.17.11 (docs/PLATFORM.md: the one nanoFramework package NuGet serves
/// here), restored by this project and copied beside the tests, and the compile of every .nfproj against it: Roslyn gets
/// no reference but that mscorlib and the stubs of the packages we cannot restore (PackageStubs/, HardwareStubs/), which
/// is what <c>csc -nostdlib</c> does.
/// </summary>
public static class NanoMscorlib
{
    /// <summary>Where the build copies it (HanBench.NanoCompat.Tests.csproj).</summary>
    public static readonly string FilePath = Path.Combine(AppContext.BaseDirectory, "nanoFramework", "mscorlib.dll");

    /// <summary>The stub folders, repository-relative.</summary>
    public static readonly string[] StubDirectories = { "tests/HanBench.NanoCompat.Tests/PackageStubs", Esp32App.StubsDirectory };

    private static readonly Lazy<MetadataReference> s_mscorlib = new(() => MetadataReference.CreateFromFile(FilePath));
    private static readonly Lazy<MetadataReference> s_stubs = new(() => EmitStubs(PortableProjects.FindRepositoryRoot()));
    private static readonly Lazy<HashSet<string>> s_surface = new(ReadSurface);

    /// <summary>The real mscorlib.</summary>
    public static MetadataReference Reference => s_mscorlib.Value;

    /// <summary>The stubs of the packages NuGet does not serve, compiled against the real mscorlib.</summary>
    public static MetadataReference Stubs => s_stubs.Value;

    /// <summary>
    /// The documentation IDs of every public and protected type and member of the real mscorlib: what nanoFramework's
    /// CoreLibrary really has, so the allowlist need not repeat it (<see cref="NanoApiAllowlist.WithRealMscorlib"/>).
    /// </summary>
    public static IReadOnlySet<string> Surface => s_surface.Value;

    /// <summary>Every project of <paramref name="projects"/> compiled as the toolchain builds it, against mscorlib and the stubs.</summary>
    public static IReadOnlyDictionary<string, CSharpCompilation> CompileAll(string root, IReadOnlyList<NanoProject> projects)
    {
        MetadataReference[] references = { Reference, Stubs };
        return NanoBuild.CompileAll(root, projects, _ => references);
    }

    private static HashSet<string> ReadSurface()
    {
        CSharpCompilation probe = CSharpCompilation.Create("MscorlibSurface", references: new[] { Reference });
        var assembly = (IAssemblySymbol)probe.GetAssemblyOrModuleSymbol(Reference)!;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var namespaces = new Stack<INamespaceSymbol>();
        namespaces.Push(assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            INamespaceSymbol current = namespaces.Pop();
            foreach (INamespaceSymbol child in current.GetNamespaceMembers())
            {
                namespaces.Push(child);
            }

            foreach (INamedTypeSymbol type in current.GetTypeMembers())
            {
                AddType(type, ids);
            }
        }

        return ids;
    }

    private static void AddType(INamedTypeSymbol type, HashSet<string> ids)
    {
        if (!IsVisible(type.DeclaredAccessibility))
        {
            return;
        }

        ids.Add(type.GetDocumentationCommentId()!);
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is INamedTypeSymbol nested)
            {
                AddType(nested, ids);
            }
            else if (IsVisible(member.DeclaredAccessibility) && member.GetDocumentationCommentId() is { } id)
            {
                ids.Add(id);
            }
        }
    }

    private static bool IsVisible(Accessibility accessibility) =>
        accessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;

    private static MetadataReference EmitStubs(string root)
    {
        IEnumerable<SyntaxTree> trees = StubDirectories
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), NanoCompatChecker.ParseOptions, PortableProjects.Relative(root, f)));
        CSharpCompilation compilation = CSharpCompilation.Create("NanoFrameworkPackageStubs", trees, new[] { Reference },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("package stubs do not compile against the real mscorlib: "
                + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
