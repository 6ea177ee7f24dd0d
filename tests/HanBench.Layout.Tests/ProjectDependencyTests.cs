namespace HanBench.Layout.Tests;

[TestClass]
public sealed class ProjectDependencyTests
{
    private static readonly string Root = RepositoryTree.FindRoot();

    private ScratchTree _tree = null!;

    [TestInitialize]
    public void CreateTree()
    {
        _tree = new ScratchTree("layout");
    }

    [TestCleanup]
    public void DeleteTree()
    {
        _tree.Dispose();
    }

    [TestMethod]
    public void Check_Repository_NoProjectReferencesAgainstTheLayout()
    {
        IReadOnlyList<ProjectReferenceEdge> edges = ProjectDependencies.Read(Root);

        IReadOnlyList<DependencyViolation> violations = ProjectDependencies.Check(edges);

        Assert.IsEmpty(violations, string.Join(Environment.NewLine, violations));
    }

    [TestMethod]
    public void Read_Repository_SeesTheReferencesTheRulesAreAbout()
    {
        // The check must not pass by reading nothing: the references the layout rests on are found.
        IReadOnlyList<ProjectReferenceEdge> edges = ProjectDependencies.Read(Root);

        Assert.IsTrue(edges.Any(e => e.From == "firmware/HanBench.Device.Net/HanBench.Device.Net.csproj" && e.Target == "shared/HanBench.Protocol.Net/HanBench.Protocol.Net.csproj"),
            "Device.Net -> Protocol.Net not seen");
        Assert.IsTrue(edges.Any(e => e.From == "firmware/HanBench.Device.Nano/HanBench.Device.Nano.nfproj" && e.Target == "firmware/HanBench.Device/HanBench.Device.projitems"),
            "the nano device project importing the device .projitems not seen");
        Assert.IsTrue(edges.Any(e => e.From == "firmware/HanBench.Device.Nano/HanBench.Device.Nano.nfproj" && e.Target == "shared/HanBench.Protocol.Nano/HanBench.Protocol.Nano.nfproj"),
            "Device.Nano -> Protocol.Nano not seen");
        Assert.IsTrue(edges.Any(e => e.From == "host/HanBench.Tooling/HanBench.Tooling.csproj" && e.Target == "host/HanBench.Host/HanBench.Host.csproj"),
            "Tooling -> Host not seen");
    }

    [TestMethod]
    public void Check_FirmwareReferencesHost_ReportedWithFileLineAndRule()
    {
        _tree.Write("firmware/Dev/Dev.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <ProjectReference Include="..\..\shared\Lib\Lib.csproj" />
                <ProjectReference Include="..\..\host\Links\Links.csproj" />
              </ItemGroup>
            </Project>
            """);

        DependencyViolation violation = ProjectDependencies.Check(ProjectDependencies.Read(_tree.Root)).Single();

        Assert.AreEqual("firmware/Dev/Dev.csproj", violation.Edge.From);
        Assert.AreEqual(4, violation.Edge.Line);
        Assert.AreEqual("host/Links/Links.csproj", violation.Edge.Target);
        StringAssert.StartsWith(violation.ToString(), "firmware/Dev/Dev.csproj:4: references host/Links/Links.csproj: firmware/ is the device");
    }

    [TestMethod]
    public void Check_SharedImportsFirmwareOrLinksAHostSource_BothReported()
    {
        _tree.Write("shared/Lib.Nano/Lib.Nano.nfproj", """
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <Import Project="$(MSBuildExtensionsPath)\nanoFramework\v1.0\NFProjectSystem.props" />
              <Import Project="..\..\firmware\Dev\Dev.projitems" Label="Shared" />
              <ItemGroup>
                <Compile Include="..\..\host\Core\Helper.cs" />
              </ItemGroup>
            </Project>
            """);

        IReadOnlyList<DependencyViolation> violations = ProjectDependencies.Check(ProjectDependencies.Read(_tree.Root));

        CollectionAssert.AreEqual(
            new[] { "firmware/Dev/Dev.projitems", "host/Core/Helper.cs" },
            violations.Select(v => v.Edge.Target).ToArray(),
            string.Join(Environment.NewLine, violations));
    }

    [TestMethod]
    public void Check_CoreReferencesTooling_Reported()
    {
        _tree.Write("host/HanBench.Host/HanBench.Host.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <ProjectReference Include="..\HanBench.Tooling\HanBench.Tooling.csproj" />
              </ItemGroup>
            </Project>
            """);
        _tree.Write("host/HanBench.Tooling/HanBench.Tooling.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <ProjectReference Include="..\HanBench.Host\HanBench.Host.csproj" />
              </ItemGroup>
            </Project>
            """);

        DependencyViolation violation = ProjectDependencies.Check(ProjectDependencies.Read(_tree.Root)).Single();

        Assert.AreEqual("host/HanBench.Host/HanBench.Host.csproj", violation.Edge.From);
        StringAssert.Contains(violation.Rule.Why, "tooling");
    }
}
