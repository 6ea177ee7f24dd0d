namespace HanBench.Layout.Tests;

[TestClass]
public sealed class ReadmeFolderTableTests
{
    private static readonly string Root = RepositoryTree.FindRoot();

    private string _tree = "";

    [TestInitialize]
    public void CreateTree()
    {
        _tree = Path.Combine(Path.GetTempPath(), "readme-tables-" + Guid.NewGuid().ToString("N"));
        Write("host/README.md", """
            # host/

            | project | what lives there |
            |---|---|
            | `Core/` | `Inventory/` — the store; `Csp/` — the CSP |
            | `Links/` | byte-stream links |
            """);
        Write("host/Core/Core.csproj", "<Project />");
        Write("host/Core/Inventory/Store.cs", "class Store { }");
        Write("host/Core/Csp/Engine.cs", "class Engine { }");
        Write("host/Links/Links.csproj", "<Project />");
        Write("host/Core/bin/Debug/Generated.cs", "// build output: ignored");
    }

    [TestCleanup]
    public void DeleteTree()
    {
        Directory.Delete(_tree, recursive: true);
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
        Assert.IsEmpty(ReadmeFolderTables.Check(_tree), string.Join(Environment.NewLine, ReadmeFolderTables.Check(_tree)));
    }

    [TestMethod]
    public void Check_ProjectAndFolderNotInTheTable_BothReported()
    {
        Write("host/Tooling/Tooling.csproj", "<Project />");
        Write("host/Core/Serve/Endpoint.cs", "class Endpoint { }");

        IReadOnlyList<ReadmeFolderProblem> problems = ReadmeFolderTables.Check(_tree);

        CollectionAssert.AreEquivalent(new[] { "host/Tooling/", "host/Core/Serve/" }, problems.Select(p => p.Folder).ToArray(), string.Join(Environment.NewLine, problems));
        Assert.IsTrue(problems.All(p => p.Readme == "host/README.md"));
    }

    [TestMethod]
    public void Check_TableNamesAFolderThatIsGone_Reported()
    {
        Directory.Delete(Path.Combine(_tree, "host", "Core", "Csp"), recursive: true);
        Directory.Delete(Path.Combine(_tree, "host", "Links"), recursive: true);

        IReadOnlyList<ReadmeFolderProblem> problems = ReadmeFolderTables.Check(_tree);

        CollectionAssert.AreEquivalent(new[] { "Csp/", "Links/" }, problems.Select(p => p.Folder).ToArray(), string.Join(Environment.NewLine, problems));
        StringAssert.Contains(problems.Single(p => p.Folder == "Csp/").Problem, "Core's row");
    }

    [TestMethod]
    public void Check_ProjectWithItsOwnReadme_ItsFoldersNamedThere()
    {
        Write("host/Links/Tcp/TcpLink.cs", "class TcpLink { }");
        Write("host/Links/Serial/SerialLink.cs", "class SerialLink { }");
        Write("host/Links/README.md", "# Links\n\n- `Tcp/TcpLink` — a TCP client\n");

        ReadmeFolderProblem problem = ReadmeFolderTables.Check(_tree).Single();

        Assert.AreEqual("host/Links/README.md", problem.Readme);
        Assert.AreEqual("host/Links/Serial/", problem.Folder);
    }

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_tree, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
