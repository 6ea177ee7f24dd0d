namespace HanBench.Layout.Tests;

[TestClass]
public sealed class ReadmeFolderTableTests
{
    private static readonly string Root = RepositoryTree.FindRoot();

    // Composed, so that this source cites no README path that RepositoryLinksTests would look for in the repository.
    private const string Readme = "README.md";

    private ScratchTree _tree = null!;

    [TestInitialize]
    public void CreateTree()
    {
        _tree = new ScratchTree("readme-tables");
        _tree.Write("host/README.md", """
            # host/

            | project | what lives there |
            |---|---|
            | `Core/` | `Inventory/` — the store; `Csp/` — the CSP |
            | `Links/` | byte-stream links |
            """);
        _tree.Write("host/Core/Core.csproj", "<Project />");
        _tree.Write("host/Core/Inventory/Store.cs", "class Store { }");
        _tree.Write("host/Core/Csp/Engine.cs", "class Engine { }");
        _tree.Write("host/Links/Links.csproj", "<Project />");
        _tree.Write("host/Core/bin/Debug/Generated.cs", "// build output: ignored");
    }

    [TestCleanup]
    public void DeleteTree()
    {
        _tree.Dispose();
    }

    [TestMethod]
    public void Check_Repository_EveryFolderListedAndEveryListedFolderThere()
    {
        IReadOnlyList<ReadmeFolderProblem> problems = ReadmeFolderTables.Check(Root);

        Assert.IsEmpty(problems, string.Join(Environment.NewLine, problems));
    }

    [TestMethod]
    public void Check_TablesMatchTheFolders_NoProblem()
    {
        Assert.IsEmpty(ReadmeFolderTables.Check(_tree.Root), string.Join(Environment.NewLine, ReadmeFolderTables.Check(_tree.Root)));
    }

    [TestMethod]
    public void Check_ProjectAndFolderNotInTheTable_BothReported()
    {
        _tree.Write("host/Tooling/Tooling.csproj", "<Project />");
        _tree.Write("host/Core/Serve/Endpoint.cs", "class Endpoint { }");

        IReadOnlyList<ReadmeFolderProblem> problems = ReadmeFolderTables.Check(_tree.Root);

        CollectionAssert.AreEquivalent(new[] { "host/Tooling/", "host/Core/Serve/" }, problems.Select(p => p.Folder).ToArray(), string.Join(Environment.NewLine, problems));
        Assert.IsTrue(problems.All(p => p.Readme == "host/README.md"));
    }

    [TestMethod]
    public void Check_TableNamesAFolderThatIsGone_Reported()
    {
        _tree.DeleteFolder("host/Core/Csp");
        _tree.DeleteFolder("host/Links");

        IReadOnlyList<ReadmeFolderProblem> problems = ReadmeFolderTables.Check(_tree.Root);

        CollectionAssert.AreEquivalent(new[] { "Csp/", "Links/" }, problems.Select(p => p.Folder).ToArray(), string.Join(Environment.NewLine, problems));
        StringAssert.Contains(problems.Single(p => p.Folder == "Csp/").Problem, "Core's row");
    }

    [TestMethod]
    public void Check_ProjectWithItsOwnReadme_ItsFoldersNamedThere()
    {
        _tree.Write("host/Links/Tcp/TcpLink.cs", "class TcpLink { }");
        _tree.Write("host/Links/Serial/SerialLink.cs", "class SerialLink { }");
        _tree.Write("host/Links/" + Readme, "# Links\n\n- `Tcp/TcpLink` — a TCP client\n");

        ReadmeFolderProblem problem = ReadmeFolderTables.Check(_tree.Root).Single();

        Assert.AreEqual("host/Links/" + Readme, problem.Readme);
        Assert.AreEqual("host/Links/Serial/", problem.Folder);
    }
}
