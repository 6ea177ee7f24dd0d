using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HanBench.NanoCompat.Tests;

/// <summary>
/// Compiles every .nfproj the way the nanoFramework toolchain does: one assembly per project from exactly its own
/// sources and imported .projitems, referencing the assemblies of its ProjectReferences (compiled first) plus what
/// <c>referencesOf</c> gives for the project (a framework and stand-ins for its packages).
/// </summary>
public static class NanoBuild
{
    /// <summary>C# 10 with the symbol every .nfproj defines.</summary>
    public static readonly CSharpParseOptions ParseOptions = NanoCompatChecker.ParseOptions.WithPreprocessorSymbols("NANOFRAMEWORK_1_0");

    /// <summary>One compilation per project, keyed by the project's full path; throws on a reference cycle.</summary>
    public static IReadOnlyDictionary<string, CSharpCompilation> CompileAll(
        string root,
        IReadOnlyList<NanoProject> projects,
        Func<NanoProject, IEnumerable<MetadataReference>> referencesOf)
    {
        Dictionary<string, NanoProject> byPath = projects.ToDictionary(p => p.FullPath, StringComparer.Ordinal);
        var done = new Dictionary<string, CSharpCompilation>(StringComparer.Ordinal);
        var inProgress = new HashSet<string>(StringComparer.Ordinal);

        CSharpCompilation Build(NanoProject project)
        {
            if (done.TryGetValue(project.FullPath, out CSharpCompilation? built))
            {
                return built;
            }

            if (!inProgress.Add(project.FullPath))
            {
                throw new InvalidOperationException($"{project.RelativePath}: ProjectReference cycle");
            }

            var references = new List<MetadataReference>(referencesOf(project));
            foreach (string referenced in project.ProjectReferences)
            {
                if (byPath.TryGetValue(referenced, out NanoProject? other))
                {
                    references.Add(Build(other).ToMetadataReference());
                }
            }

            CSharpCompilation compilation = CSharpCompilation.Create(
                project.AssemblyName,
                project.Sources(root).Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)),
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            inProgress.Remove(project.FullPath);
            done[project.FullPath] = compilation;
            return compilation;
        }

        foreach (NanoProject project in projects)
        {
            Build(project);
        }

        return done;
    }

    /// <summary>Compiler errors of <paramref name="compilation"/> as violations (path:line).</summary>
    public static IReadOnlyList<NanoCompatViolation> Errors(Compilation compilation, string why)
    {
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d =>
            {
                FileLinePositionSpan span = d.Location.GetLineSpan();
                string file = string.IsNullOrEmpty(span.Path) ? compilation.AssemblyName ?? "(compilation)" : span.Path;
                return new NanoCompatViolation(file, span.StartLinePosition.Line + 1, NanoCompatRules.Compile, d.Id,
                    d.GetMessage(System.Globalization.CultureInfo.InvariantCulture) + " — " + why);
            })
            .ToList();
    }
}
