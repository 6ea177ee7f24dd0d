using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HanBench.NanoCompat.Tests;

/// <summary>
/// Every nano assembly keeps its string table well under the metadata processor's 64 KiB (docs/PLATFORM.md: past it the
/// .pe conversion fails with "String table overflow", as HanBench.Protocol.Tests.Nano did before it was split).
/// </summary>
[TestClass]
public sealed class StringTableGuardTests
{
    /// <summary>
    /// The budget, in estimated bytes. The estimate runs low, and it is calibrated on the two facts known from the real
    /// toolchain (issue 10): the unsplit protocol test assembly, estimated at 46.5 KB, overflowed the 64 KiB table (so
    /// the real table is at least 1.38 times the estimate); the protocol library, estimated at 29.9 KB, converts. 40 KiB
    /// estimated is at most about 55 KiB real at that ratio, and stays 6.5 KB under the one known overflow. The test
    /// assemblies are split to about 16 KB each; the protocol library (about 34 KB with the portable crypto) is the one
    /// to split next (its security primitives into an assembly of their own) when it nears the budget.
    /// </summary>
    public const int Budget = 40 * 1024;

    private static readonly string Root = PortableProjects.FindRepositoryRoot();

    [TestMethod]
    public void EveryNanoAssembly_StringTable_StaysUnderBudget()
    {
        IReadOnlyList<NanoProject> projects = NanoProject.Discover(Root);

        IReadOnlyList<(NanoProject Project, int Bytes)> sizes = Measure(Root, projects);

        foreach ((NanoProject project, int bytes) in sizes)
        {
            Console.WriteLine($"{project.AssemblyName,-40} {bytes,7:N0} bytes  ({project.RelativePath})");
        }

        Assert.IsTrue(projects.Count >= 8, "the guard must measure every .nfproj: " + string.Join(", ", projects.Select(p => p.RelativePath)));
        string[] over = OverBudget(sizes);
        Assert.IsEmpty(over, string.Join(Environment.NewLine, over));
    }

    [TestMethod]
    public void Guard_OversizedAssembly_FailsNamingIt()
    {
        // 800 distinct 60-character literals: about 48 KiB of strings, over the budget, in a throw-away repository.
        string root = Path.Combine(Path.GetTempPath(), "nanostrings-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "Big"));
            File.WriteAllText(Path.Combine(root, PortableProjects.SolutionFileName), string.Empty);
            File.WriteAllText(Path.Combine(root, "Big", "Big.nfproj"), """
                <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
                  <PropertyGroup><AssemblyName>Oversized.Tests</AssemblyName></PropertyGroup>
                  <ItemGroup><Compile Include="Strings.cs" /></ItemGroup>
                </Project>
                """);
            var source = new System.Text.StringBuilder("namespace Big { public static class Strings { public static string[] All() { return new string[] {\n");
            for (int i = 0; i < 800; i++)
            {
                source.Append('"').Append(i.ToString("D6")).Append(new string('x', 54)).Append("\",\n");
            }

            File.WriteAllText(Path.Combine(root, "Big", "Strings.cs"), source.Append("}; } } }").ToString());
            IReadOnlyList<NanoProject> projects = NanoProject.Discover(root);

            string[] over = OverBudget(Measure(root, projects));

            Assert.HasCount(1, over);
            StringAssert.StartsWith(over[0], "Oversized.Tests (Big/Big.nfproj): ");
            StringAssert.Contains(over[0], "> budget");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>One line per assembly over <see cref="Budget"/>, naming it.</summary>
    public static string[] OverBudget(IReadOnlyList<(NanoProject Project, int Bytes)> sizes)
    {
        return sizes.Where(s => s.Bytes > Budget)
            .Select(s => $"{s.Project.AssemblyName} ({s.Project.RelativePath}): {s.Bytes:N0} bytes of strings > budget {Budget:N0} "
                + $"(limit {StringTableEstimate.Limit:N0}); move a test folder into another nano test assembly (tests/README.md, \"Nano test assemblies\")")
            .ToArray();
    }

    /// <summary>Each project's estimate, built as <see cref="NanoBuild"/> builds it against net10.0 and the shim/stubs.</summary>
    public static IReadOnlyList<(NanoProject Project, int Bytes)> Measure(string root, IReadOnlyList<NanoProject> projects)
    {
        IReadOnlyDictionary<string, CSharpCompilation> compilations = NanoBuild.CompileAll(root, projects, p => Net10ReferencesOf(root, p));
        return projects.Select(p => (p, StringTableEstimate.Measure(compilations[p.FullPath]))).ToList();
    }

    private static IEnumerable<MetadataReference> Net10ReferencesOf(string root, NanoProject project)
    {
        IEnumerable<MetadataReference> references = NanoCompatChecker.Net10References;
        if (project.References.Any(r => r.Package == "nanoFramework.TestFramework"))
        {
            references = references.Concat(TestFrameworkReferences.All);
        }

        if (project.RelativePath == Esp32App.ProjectPath)
        {
            references = references.Append(Esp32App.StubReference(root));
        }

        return references;
    }
}
