namespace HanBench.NanoCompat.Tests;

/// <summary>The gate over the real repository: every portable .projitems, as the nanoFramework build sees it.</summary>
[TestClass]
public sealed class RepositoryGateTests
{
    private static readonly string Root = PortableProjects.FindRepositoryRoot();

    [TestMethod]
    public void PortableSources_EveryProjitems_UseOnlyNanoFramework1xApi()
    {
        var checker = new NanoCompatChecker(NanoApiAllowlist.Load(Root));

        IReadOnlyList<NanoCompatViolation> violations = PortableProjects.CheckRepository(Root, checker, TestFrameworkReferences.All);

        Assert.IsEmpty(violations,
            $"{violations.Count} nanoFramework 1.x compatibility violation(s) in portable code (docs/PLATFORM.md):{Environment.NewLine}"
            + NanoCompatViolation.Format(violations));
    }

    [TestMethod]
    public void Discover_Repository_FindsTheSharedLibraryAndTheSharedTests()
    {
        // The gate must not pass by checking nothing: the two shared projects of today are found, with sources.
        IReadOnlyList<SharedItemsProject> projects = PortableProjects.Discover(Root);
        string[] paths = projects.Select(p => p.RelativePath).ToArray();

        CollectionAssert.Contains(paths, "shared/HanBench.Protocol/HanBench.Protocol.projitems", string.Join(", ", paths));
        CollectionAssert.Contains(paths, "tests/HanBench.Protocol.Tests.Shared/HanBench.Protocol.Tests.Shared.projitems", string.Join(", ", paths));
        Assert.IsTrue(projects.All(p => p.Items.Count > 0), "a .projitems without Compile items: " + string.Join(", ", projects.Where(p => p.Items.Count == 0).Select(p => p.RelativePath)));
        Assert.IsTrue(projects.Single(p => p.RelativePath.StartsWith("shared/HanBench.Protocol/", StringComparison.Ordinal)).Items
            .Any(i => i.FullPath.EndsWith("ByteReader.cs", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void ResolveInputs_SharedTests_CompileWithTheLibraryAndTheTestFramework()
    {
        IReadOnlyList<SharedItemsProject> projects = PortableProjects.Discover(Root);
        SharedItemsProject tests = projects.Single(p => p.RelativePath == "tests/HanBench.Protocol.Tests.Shared/HanBench.Protocol.Tests.Shared.projitems");
        SharedItemsProject library = projects.Single(p => p.RelativePath == "shared/HanBench.Protocol/HanBench.Protocol.projitems");

        PortableInputs testInputs = PortableProjects.ResolveInputs(tests, projects, Root);
        PortableInputs libraryInputs = PortableProjects.ResolveInputs(library, projects, Root);

        CollectionAssert.Contains(testInputs.Context.ToList(), library);
        Assert.IsTrue(testInputs.UsesTestFramework);
        Assert.IsEmpty(testInputs.Violations, NanoCompatViolation.Format(testInputs.Violations));
        Assert.IsFalse(libraryInputs.UsesTestFramework, "the portable library must not see the test framework");
        Assert.IsEmpty(libraryInputs.Context);
    }
}
