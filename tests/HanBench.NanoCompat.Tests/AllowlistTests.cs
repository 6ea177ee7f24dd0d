using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HanBench.NanoCompat.Tests;

/// <summary>The allowlist file itself: well-formed, free of typos, and free of what docs/PLATFORM.md says is absent.</summary>
[TestClass]
public sealed class AllowlistTests
{
    private static readonly NanoApiAllowlist Allowlist = NanoApiAllowlist.Load(PortableProjects.FindRepositoryRoot());

    [TestMethod]
    public void Entries_EveryDotNetId_NamesARealNet10OrShimSymbol()
    {
        // A typo would silently allow nothing; the left-hand ID is what .NET binds, so it must resolve here.
        CSharpCompilation compilation = CSharpCompilation.Create(
            "AllowlistProbe",
            references: NanoCompatChecker.Net10References.Concat(TestFrameworkReferences.All));

        string[] unresolved = Allowlist.Entries
            .Select(e => e.Id.EndsWith(".*", StringComparison.Ordinal) ? e.Id[..^2] : e.Id)
            .Where(id => !Resolves(id, compilation))
            .ToArray();

        Assert.IsEmpty(unresolved, "allowlist IDs that name no net10.0/shim symbol: " + string.Join(", ", unresolved));
    }

    private static bool Resolves(string id, Compilation compilation)
    {
        if (DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) != null)
        {
            return true;
        }

        // Indexers are named Chars/Item in IDs but this[] in Roslyn's lookup: compare the IDs of the type's members.
        return !id.StartsWith("T:", StringComparison.Ordinal)
            && DocumentationCommentId.GetFirstSymbolForDeclarationId(NanoApiAllowlist.ContainingTypeId(id), compilation) is INamedTypeSymbol type
            && type.GetMembers().Any(m => m.GetDocumentationCommentId() == id);
    }

    [TestMethod]
    public void Entries_NoDuplicates()
    {
        string[] duplicates = Allowlist.Entries.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();

        Assert.IsEmpty(duplicates, string.Join(", ", duplicates));
    }

    [TestMethod]
    [DataRow("M:System.Buffer.BlockCopy")]
    [DataRow("T:System.Buffer")]
    [DataRow("T:System.Buffers.Binary.BinaryPrimitives")]
    [DataRow("T:System.Span`1")]
    [DataRow("T:System.Console")]
    [DataRow("M:System.Enum.GetValues")]
    [DataRow("M:System.Enum.IsDefined")]
    [DataRow("T:System.OverflowException")]
    [DataRow("T:System.DivideByZeroException")]
    [DataRow("M:System.Convert.ToHexString")]
    [DataRow("T:System.Math")]
    [DataRow("T:System.Threading.Tasks.")]
    [DataRow("T:System.Collections.Generic.")]
    public void Entries_AbsentOnNanoFramework_NotListed(string prefix)
    {
        string[] listed = Allowlist.Entries.Where(e => e.Id.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Id).ToArray();

        Assert.IsEmpty(listed, $"docs/PLATFORM.md says {prefix} does not exist on nanoFramework 1.x: " + string.Join(", ", listed));
    }

    [TestMethod]
    public void Parse_MalformedLine_ThrowsNamingTheLine()
    {
        FormatException error = Assert.ThrowsExactly<FormatException>(() => NanoApiAllowlist.Parse("T:System.String\nSystem.Console.WriteLine\n"));

        StringAssert.Contains(error.Message, "nanoframework-1x-api.txt:2:");
    }

    [TestMethod]
    public void Parse_MappingAndWholeType_Allowed()
    {
        NanoApiAllowlist allowlist = NanoApiAllowlist.Parse("""
            # comment
            M:System.String.Format(System.String,System.Object) => M:System.String.Format(System.String,System.Object[])  # trailing comment
            T:System.AttributeTargets.*
            """);

        Assert.IsTrue(allowlist.AllowsMember("M:System.String.Format(System.String,System.Object)", "T:System.String"));
        Assert.IsFalse(allowlist.AllowsMember("M:System.String.Format(System.String,System.Object,System.Object)", "T:System.String"));
        Assert.IsTrue(allowlist.AllowsType("T:System.AttributeTargets"));
        Assert.IsTrue(allowlist.AllowsMember("F:System.AttributeTargets.Class", "T:System.AttributeTargets"));
        Assert.IsFalse(allowlist.AllowsType("T:System.String"));
    }
}
