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
            .Where(e => !e.Id.StartsWith("N:", StringComparison.Ordinal))
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
    [DataRow("T:System.Reflection.")]
    [DataRow("M:System.Enum.GetValues")]
    [DataRow("M:System.Enum.IsDefined")]
    [DataRow("T:System.OverflowException")]
    [DataRow("T:System.DivideByZeroException")]
    [DataRow("M:System.Convert.ToHexString")]
    [DataRow("T:System.Math")]
    [DataRow("T:System.Threading.Tasks.")]
    [DataRow("T:System.Collections.Generic.")]
    public void Allowed_AbsentOnNanoFramework_NeitherListedNorAllowedThroughMscorlib(string prefix)
    {
        // Listed entries outside ## denied, and everything the real mscorlib declares that the list does not deny.
        string[] allowed = Allowlist.Entries.Where(e => e.Package != "denied").Select(e => e.Id)
            .Concat(NanoMscorlib.Surface.Where(id => id.StartsWith("T:", StringComparison.Ordinal)
                ? Allowlist.AllowsType(id)
                : Allowlist.AllowsMember(id, NanoApiAllowlist.ContainingTypeId(id))))
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal))
            .ToArray();

        Assert.IsEmpty(allowed, $"docs/PLATFORM.md says {prefix} is not for portable code on nanoFramework 1.x: " + string.Join(", ", allowed));
    }

    [TestMethod]
    public void Entries_MscorlibSection_ListsOnlyWhatTheRealMscorlibLacks()
    {
        // The real mscorlib is the authority for CoreLibrary: a plain entry it already declares is dead weight that
        // could drift; only overload mappings (.NET binds an overload nanoFramework lacks) belong there.
        string[] redundant = Allowlist.Entries
            .Where(e => e.Package == NanoApiAllowlist.CoreLibraryPackage && (e.NanoId is null || NanoMscorlib.Surface.Contains(e.Id)))
            .Select(e => $"line {e.Line}: {e.Id}")
            .ToArray();

        Assert.IsEmpty(redundant, "the real mscorlib declares these; remove them: " + string.Join(", ", redundant));
    }

    [TestMethod]
    public void Entries_Denied_EachNamesWhatTheRealMscorlibDeclares()
    {
        // A denial of something mscorlib lacks would refuse nothing (a typo, or a stale line).
        string[] stale = Allowlist.Entries
            .Where(e => e.Package == "denied")
            .Where(e => e.Id.StartsWith("N:", StringComparison.Ordinal)
                ? !NanoMscorlib.Surface.Any(id => id.StartsWith("T:" + e.Id[2..] + ".", StringComparison.Ordinal))
                : !NanoMscorlib.Surface.Contains(e.Id))
            .Select(e => $"line {e.Line}: {e.Id}")
            .ToArray();

        Assert.IsEmpty(stale, "denied entries the real mscorlib does not declare: " + string.Join(", ", stale));
    }

    [TestMethod]
    [DataRow("T:System.Console", "M:System.Console.WriteLine(System.String)")]
    [DataRow("T:System.Reflection.MethodInfo", "M:System.Reflection.MethodBase.Invoke(System.Object,System.Object[])")]
    [DataRow("T:System.Threading.Thread", "M:System.Threading.Thread.Start")]
    public void Allows_DeniedTypeInTheRealMscorlib_RefusedWithItsMembers(string type, string member)
    {
        Assert.IsTrue(NanoMscorlib.Surface.Contains(type) && NanoMscorlib.Surface.Contains(member), "the real mscorlib declares both");

        Assert.IsFalse(Allowlist.AllowsType(type));
        Assert.IsFalse(Allowlist.AllowsMember(member, NanoApiAllowlist.ContainingTypeId(member)));
    }

    [TestMethod]
    public void Allows_UnlistedMemberOfTheRealMscorlib_Allowed()
    {
        // Not in the file: allowed because mscorlib 1.17.11 declares it.
        Assert.IsTrue(Allowlist.AllowsMember("M:System.Array.Copy(System.Array,System.Int32,System.Array,System.Int32,System.Int32)", "T:System.Array"));
        Assert.IsFalse(NanoApiAllowlist.Parse(string.Empty).AllowsMember("M:System.Array.Copy(System.Array,System.Int32,System.Array,System.Int32,System.Int32)", "T:System.Array"));
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
