namespace HanBench.NanoCompat.Tests;

/// <summary>A .cs file in a portable folder that its .projitems does not list is invisible to the nanoFramework build.</summary>
[TestClass]
public sealed class ProjitemsCompletenessTests
{
    private const string Projitems = """
        <?xml version="1.0" encoding="utf-8"?>
        <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
          <ItemGroup>
            <Compile Include="$(MSBuildThisFileDirectory)Listed.cs" />
            <Compile Include="$(MSBuildThisFileDirectory)Sub\AlsoListed.cs" />
            <Compile Include="$(MSBuildThisFileDirectory)Gone.cs" />
          </ItemGroup>
        </Project>
        """;

    private string _root = "";

    [TestInitialize]
    public void CreateTree()
    {
        _root = Path.Combine(Path.GetTempPath(), "nanocompat-" + Guid.NewGuid().ToString("N"));
        Write("nano.sln", "");
        Write("Lib/Lib.projitems", Projitems);
        Write("Lib/Listed.cs", "namespace L { public class Listed { } }");
        Write("Lib/Sub/AlsoListed.cs", "namespace L { public class AlsoListed { } }");
        Write("Lib/Forgotten.cs", "namespace L { public class Forgotten { } }");
        Write("Lib/Sub/Deep/ForgottenToo.cs", "namespace L { public class ForgottenToo { } }");
        Write("Lib/bin/Debug/Generated.cs", "// build output: ignored");
        Write("Lib/obj/Debug/AssemblyInfo.cs", "// build output: ignored");
    }

    [TestCleanup]
    public void DeleteTree()
    {
        Directory.Delete(_root, recursive: true);
    }

    [TestMethod]
    public void CheckCompleteness_UnlistedFiles_ReportedByName()
    {
        IReadOnlyList<SharedItemsProject> projects = PortableProjects.Discover(_root);

        IReadOnlyList<NanoCompatViolation> violations = PortableProjects.CheckCompleteness(projects.Single(), projects, _root);

        CollectionAssert.AreEqual(
            new[] { "Lib/Forgotten.cs", "Lib/Sub/Deep/ForgottenToo.cs" },
            violations.Select(v => v.File).ToArray(),
            NanoCompatViolation.Format(violations));
        Assert.IsTrue(violations.All(v => v.Rule == NanoCompatRules.Projitems && v.Message.Contains("Lib/Lib.projitems", StringComparison.Ordinal)));
        StringAssert.Contains(violations[1].Message, @"$(MSBuildThisFileDirectory)Sub\Deep\ForgottenToo.cs");
        StringAssert.StartsWith(violations[0].ToString(), "Lib/Forgotten.cs:1: projitems: Lib/Forgotten.cs — not listed in Lib/Lib.projitems");
    }

    [TestMethod]
    public void Load_ListedFileMissing_ReportedWithItsLine()
    {
        SharedItemsProject project = PortableProjects.Discover(_root).Single();

        NanoCompatViolation missing = project.LoadViolations.Single();

        Assert.AreEqual("Lib/Lib.projitems", missing.File);
        Assert.AreEqual(6, missing.Line);
        Assert.AreEqual(NanoCompatRules.Projitems, missing.Rule);
        Assert.AreEqual(2, project.Items.Count);
    }

    [TestMethod]
    public void CheckRepository_UnlistedFile_FailsTheGate()
    {
        var checker = new NanoCompatChecker(NanoApiAllowlist.Load(PortableProjects.FindRepositoryRoot()));

        IReadOnlyList<NanoCompatViolation> violations = PortableProjects.CheckRepository(_root, checker, TestFrameworkReferences.All);

        Assert.IsTrue(violations.Any(v => v.File == "Lib/Forgotten.cs"), NanoCompatViolation.Format(violations));
        Assert.IsTrue(violations.Any(v => v.File == "Lib/Lib.projitems" && v.Line == 6), NanoCompatViolation.Format(violations));
    }

    [TestMethod]
    public void CheckCompleteness_SplitFolderListsASubfolder_TellsToGiveItItsOwnProjitems()
    {
        Write("Lib/Part/Part.projitems", Projitems.Replace("Listed.cs", "PartTest.cs", StringComparison.Ordinal)
            .Replace("<Compile Include=\"$(MSBuildThisFileDirectory)Sub\\AlsoListed.cs\" />", "", StringComparison.Ordinal)
            .Replace("<Compile Include=\"$(MSBuildThisFileDirectory)Gone.cs\" />", "", StringComparison.Ordinal));
        Write("Lib/Part/PartTest.cs", "namespace L { public class PartTest { } }");
        IReadOnlyList<SharedItemsProject> projects = PortableProjects.Discover(_root);
        SharedItemsProject lib = projects.Single(p => p.RelativePath == "Lib/Lib.projitems");

        IReadOnlyList<NanoCompatViolation> violations = PortableProjects.CheckCompleteness(lib, projects, _root);

        NanoCompatViolation split = violations.Single(v => v.Symbol == "Lib/Sub/AlsoListed.cs");
        Assert.AreEqual("Lib/Lib.projitems", split.File);
        Assert.AreEqual(5, split.Line);
        StringAssert.Contains(split.Message, "give Sub/ its own .projitems");
        Assert.IsEmpty(PortableProjects.CheckCompleteness(projects.Single(p => p.RelativePath == "Lib/Part/Part.projitems"), projects, _root));
    }

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
