namespace HanBench.NanoCompat.Tests;

/// <summary>Every .nfproj compiles against the real nanoFramework mscorlib, and that compile fails on what nanoFramework lacks.</summary>
[TestClass]
public sealed class NanoMscorlibBuildTests
{
    private static readonly string Root = PortableProjects.FindRepositoryRoot();

    [TestMethod]
    public void RealMscorlib_IsTheRestoredCoreLibrary()
    {
        Assert.IsTrue(File.Exists(NanoMscorlib.FilePath), NanoMscorlib.FilePath + " missing: nanoFramework.CoreLibrary 1.17.11 was not restored");
        using var stream = File.OpenRead(NanoMscorlib.FilePath);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        System.Reflection.Metadata.MetadataReader reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        System.Reflection.Metadata.AssemblyDefinition assembly = reader.GetAssemblyDefinition();

        Assert.AreEqual("mscorlib", reader.GetString(assembly.Name));
        Assert.AreEqual(0, reader.AssemblyReferences.Count, "the real mscorlib references nothing");
        Assert.AreEqual(new Version(1, 17), new Version(assembly.Version.Major, assembly.Version.Minor));
    }

    [TestMethod]
    public void EveryNfproj_CompilesAgainstTheRealMscorlib()
    {
        IReadOnlyList<NanoProject> projects = NanoProject.Discover(Root);

        var errors = new List<NanoCompatViolation>();
        foreach (Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation in NanoMscorlib.CompileAll(Root, projects).Values)
        {
            errors.AddRange(NanoBuild.Errors(compilation, $"{compilation.AssemblyName} does not compile against nanoFramework's mscorlib 1.17.11"));
        }

        // Every portable unit is compiled: each .projitems is imported by some .nfproj.
        string[] notBuilt = PortableProjects.Discover(Root)
            .Where(p => !projects.Any(n => n.Imports.Any(i => i.FullPath == p.FullPath)))
            .Select(p => p.RelativePath)
            .ToArray();
        Assert.IsEmpty(notBuilt, "portable projects no .nfproj builds: " + string.Join(", ", notBuilt));
        Assert.IsEmpty(errors, NanoCompatViolation.Format(errors.Distinct()));
    }

    [TestMethod]
    public void RealMscorlib_CallsNanoFrameworkLacks_FailToCompileWithFileAndLine()
    {
        string root = Path.Combine(Path.GetTempPath(), "nanomscorlib-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "Lib"));
            File.WriteAllText(Path.Combine(root, PortableProjects.SolutionFileName), string.Empty);
            File.WriteAllText(Path.Combine(root, "Lib", "Lib.nfproj"), """
                <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
                  <ItemGroup><Compile Include="Copy.cs" /></ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(root, "Lib", "Copy.cs"), """
                namespace Lib
                {
                    public static class Copy
                    {
                        public static int Smaller(int a, int b) { return System.Math.Min(a, b); }
                        public static void Bytes(byte[] from, byte[] to) { System.Buffer.BlockCopy(from, 0, to, 0, from.Length); }
                        public static void Fine(byte[] from, byte[] to) { System.Array.Copy(from, 0, to, 0, from.Length); }
                    }
                }
                """);

            var compilation = NanoMscorlib.CompileAll(root, NanoProject.Discover(root)).Values.Single();
            IReadOnlyList<NanoCompatViolation> errors = NanoBuild.Errors(compilation, "not in nanoFramework's mscorlib");

            string report = NanoCompatViolation.Format(errors);
            Assert.IsTrue(errors.Any(e => e.File == "Lib/Copy.cs" && e.Line == 5 && e.Message.Contains("Math", StringComparison.Ordinal)), report);
            Assert.IsTrue(errors.Any(e => e.File == "Lib/Copy.cs" && e.Line == 6 && e.Message.Contains("Buffer", StringComparison.Ordinal)), report);
            Assert.IsFalse(errors.Any(e => e.Line == 7), report);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
