namespace HanBench.NanoCompat.Tests;

/// <summary>Every .nfproj declares, in the project and in packages.config, each nanoFramework package its own sources use.</summary>
[TestClass]
public sealed class PackageDeclarationTests
{
    private static readonly string Root = PortableProjects.FindRepositoryRoot();

    [TestMethod]
    public void EveryNfproj_DeclaresEveryPackageItsSourcesUse()
    {
        IReadOnlyList<NanoProject> projects = NanoProject.Discover(Root);
        var violations = new List<NanoCompatViolation>();

        foreach (NanoProject project in projects)
        {
            IDictionary<string, string> used = NanoPackages.Used(Root, project, projects);
            Console.WriteLine($"{project.RelativePath}: {string.Join(", ", used.Keys)}");
            violations.AddRange(NanoPackages.Check(project, used));
        }

        Assert.IsTrue(projects.Count >= 8, string.Join(", ", projects.Select(p => p.RelativePath)));
        Assert.IsEmpty(violations, NanoCompatViolation.Format(violations));
    }

    [TestMethod]
    public void Used_TestsUsingEncodingAndHashtable_NeedTextCollectionsAndTestFramework()
    {
        IReadOnlyList<NanoProject> projects = NanoProject.Discover(Root);
        NanoProject framing = projects.Single(p => p.RelativePath.EndsWith("HanBench.Protocol.Tests.Nano.Framing.nfproj", StringComparison.Ordinal));

        IDictionary<string, string> used = NanoPackages.Used(Root, framing, projects);

        // Crc16CcittTests uses Encoding (issue 10: CS0234 at Crc16CcittTests.cs:1 when System.Text was missing).
        StringAssert.Contains(used["nanoFramework.System.Text"], "tests/HanBench.Protocol.Tests.Shared/");
        Assert.IsTrue(used.ContainsKey("nanoFramework.TestFramework"));
        Assert.IsTrue(used.ContainsKey("nanoFramework.CoreLibrary"));
        Assert.IsFalse(used.ContainsKey("nanoFramework.System.IO.Ports"), string.Join(", ", used.Keys));
    }

    [TestMethod]
    public void Check_ProjectMissingAPackage_NamesItInProjectAndPackagesConfig()
    {
        string root = Path.Combine(Path.GetTempPath(), "nanopackages-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "App"));
            File.WriteAllText(Path.Combine(root, PortableProjects.SolutionFileName), string.Empty);
            File.WriteAllText(Path.Combine(root, "App", "App.nfproj"), """
                <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
                  <PropertyGroup><AssemblyName>App</AssemblyName></PropertyGroup>
                  <ItemGroup><Compile Include="Text.cs" /></ItemGroup>
                  <ItemGroup>
                    <Reference Include="mscorlib"><HintPath>..\packages\nanoFramework.CoreLibrary.1.17.11\lib\mscorlib.dll</HintPath></Reference>
                    <Reference Include="nanoFramework.System.Collections"><HintPath>..\packages\nanoFramework.System.Collections.1.5.70\lib\nanoFramework.System.Collections.dll</HintPath></Reference>
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(root, "App", "packages.config"), """
                <packages>
                  <package id="nanoFramework.CoreLibrary" version="1.17.11" targetFramework="netnano1.0" />
                  <package id="nanoFramework.System.Collections" version="1.5.75" targetFramework="netnano1.0" />
                </packages>
                """);
            File.WriteAllText(Path.Combine(root, "App", "Text.cs"), """
                namespace App
                {
                    public static class Text
                    {
                        public static byte[] Bytes(string s) { return System.Text.Encoding.UTF8.GetBytes(s); }
                    }
                }
                """);
            IReadOnlyList<NanoProject> projects = NanoProject.Discover(root);

            IReadOnlyList<NanoCompatViolation> violations = NanoPackages.Check(projects[0], NanoPackages.Used(root, projects[0], projects));

            string report = NanoCompatViolation.Format(violations);
            Assert.IsTrue(violations.Any(v => v.File == "App/App.nfproj" && v.Symbol == "nanoFramework.System.Text" && v.Message.Contains("App/Text.cs:5", StringComparison.Ordinal)), report);
            Assert.IsTrue(violations.Any(v => v.File == "App/packages.config" && v.Symbol == "nanoFramework.System.Text"), report);
            Assert.IsTrue(violations.Any(v => v.File == "App/App.nfproj" && v.Line == 6 && v.Message.Contains("declares 1.5.75", StringComparison.Ordinal)), report);
            Assert.HasCount(3, violations, report);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
