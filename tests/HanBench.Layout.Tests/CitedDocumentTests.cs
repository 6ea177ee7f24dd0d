namespace HanBench.Layout.Tests;

[TestClass]
public sealed class CitedDocumentTests
{
    private static readonly string Root = RepositoryTree.FindRoot();

    // Documents named in pieces, so this source cites none of them itself.
    private const string Md = ".md";

    private ScratchTree _tree = null!;

    [TestInitialize]
    public void CreateTree()
    {
        _tree = new ScratchTree("cited-docs");
        _tree.Write("docs/PROTOCOL" + Md, "# Protocol");
    }

    [TestCleanup]
    public void DeleteTree()
    {
        _tree.Dispose();
    }

    [TestMethod]
    public void Check_Repository_EveryCitedDocumentIsInDocs()
    {
        IReadOnlyList<MissingCitation> missing = CitedDocuments.Check(Root);

        Assert.IsEmpty(missing, string.Join(Environment.NewLine, missing));
    }

    [TestMethod]
    public void Check_CitationsOfPresentAndMissingDocuments_OnlyTheMissingReported()
    {
        _tree.Write("host/Core/Engine.cs", $"""
            /// <summary>Frames as docs/PROTOCOL{Md} §2 and PROTOCOL{Md} §3 say; see the folder's README{Md}.</summary>
            class Engine;
            // Rules from STYLE{Md} and docs/design-notes{Md}.
            """);
        _tree.Write("host/Core/bin/Debug/Generated.cs", $"// docs/GONE{Md}: build output, ignored");
        _tree.Write("firmware/Dev/boards/README" + Md, $"a README is not a source: MISSING{Md} here is ignored");

        IReadOnlyList<MissingCitation> missing = CitedDocuments.Check(_tree.Root);

        CollectionAssert.AreEqual(
            new[] { $"host/Core/Engine.cs:3: cites STYLE{Md}, which is not in docs/", $"host/Core/Engine.cs:3: cites docs/design-notes{Md}, which is not in docs/" },
            missing.Select(m => m.ToString()).ToArray(),
            string.Join(Environment.NewLine, missing));
    }
}
