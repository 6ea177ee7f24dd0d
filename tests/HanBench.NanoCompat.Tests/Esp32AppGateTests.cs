using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HanBench.NanoCompat.Tests;

/// <summary>
/// The nanoFramework gate for the ESP32 application, which cannot be compiled for nanoFramework here: every API its
/// sources use must be in nanoframework-1x-api.txt or, with a citation, nanoframework-hardware-api.txt; hardware classes
/// only in Hal/; the .nfproj lists every source; packages.config pins docs/PLATFORM.md's versions; the stubs mirror only
/// listed members.
/// </summary>
[TestClass]
public sealed class Esp32AppGateTests
{
    private static readonly string Root = PortableProjects.FindRepositoryRoot();

    [TestMethod]
    public void AppSources_UseOnlyVerifiedNanoFrameworkApi_HardwareOnlyInHal()
    {
        IReadOnlyList<PortableSource> sources = Esp32App.Sources(Root);

        IReadOnlyList<NanoCompatViolation> violations = Esp32App.Check(Root, sources);

        Assert.IsTrue(sources.Count(Esp32App.IsHal) >= 5 && sources.Any(s => s.Path.EndsWith("/Program.cs", StringComparison.Ordinal)),
            "the gate must check the app: " + string.Join(", ", sources.Select(s => s.Path)));
        Assert.IsEmpty(violations, $"{violations.Count} violation(s) in the ESP32 app:{Environment.NewLine}{NanoCompatViolation.Format(violations)}");
    }

    [TestMethod]
    public void Gate_SerialPortOutsideHal_IsReported()
    {
        var source = new PortableSource(Esp32App.AppDirectory + "/Sneaky.cs", """
            namespace HanBench.Firmware.Esp32
            {
                internal static class Sneaky
                {
                    public static void Open()
                    {
                        new System.IO.Ports.SerialPort("COM2", 9600, System.IO.Ports.Parity.None, 8, System.IO.Ports.StopBits.One).Open();
                    }
                }
            }
            """);

        IReadOnlyList<NanoCompatViolation> violations = Esp32App.Check(Root, new[] { source });

        // Outside Hal/ the hardware list does not apply, so the serial port's type itself is refused.
        Assert.IsTrue(violations.Any(v => v.Rule == NanoCompatRules.Api && v.Symbol.StartsWith("T:System.IO.Ports.", StringComparison.Ordinal)), NanoCompatViolation.Format(violations));
        Assert.IsTrue(violations.All(v => v.File == Esp32App.AppDirectory + "/Sneaky.cs"), NanoCompatViolation.Format(violations));
    }

    [TestMethod]
    public void Gate_UnverifiedMemberInHal_IsReported()
    {
        // ReadBufferSize exists in some System.IO.Ports versions, but the stubs hold only what the HAL was checked to use.
        var source = new PortableSource(Esp32App.AppDirectory + "/Hal/Sneaky.cs", """
            namespace HanBench.Firmware.Esp32.Hal
            {
                internal static class Sneaky
                {
                    public static void Open(System.IO.Ports.SerialPort port)
                    {
                        port.ReadBufferSize = 2048;
                        System.IO.File.WriteAllBytes("I:\\x", new byte[1]);
                    }
                }
            }
            """);

        IReadOnlyList<NanoCompatViolation> violations = Esp32App.Check(Root, new[] { source });

        Assert.IsTrue(violations.Any(v => v.Rule == NanoCompatRules.Compile), NanoCompatViolation.Format(violations));
        Assert.IsTrue(violations.Any(v => v.Symbol.StartsWith("M:System.IO.File.WriteAllBytes", StringComparison.Ordinal)), NanoCompatViolation.Format(violations));
    }

    [TestMethod]
    public void Gate_ConditionalCompilationOutsideHal_IsReported()
    {
        var source = new PortableSource(Esp32App.AppDirectory + "/Sneaky.cs", """
            namespace HanBench.Firmware.Esp32
            {
            #if NANOFRAMEWORK_1_0
                internal static class Sneaky { }
            #endif
            }
            """);

        IReadOnlyList<NanoCompatViolation> violations = Esp32App.Check(Root, new[] { source });

        Assert.IsTrue(violations.Any(v => v.Symbol == "#if"), NanoCompatViolation.Format(violations));
    }

    [TestMethod]
    public void Nfproj_ListsExactlyTheSourceFiles()
    {
        string[] onDisk = Esp32App.Sources(Root).Select(s => s.Path).ToArray();
        string[] listed = Esp32App.ProjectCompileItems(Root).OrderBy(p => p, StringComparer.Ordinal).ToArray();

        CollectionAssert.AreEqual(onDisk, listed,
            "the .nfproj compiles only its Compile items: missing " + string.Join(", ", onDisk.Except(listed)) + "; stale " + string.Join(", ", listed.Except(onDisk)));
    }

    [TestMethod]
    public void HardwareAllowlist_EveryId_NamesANet10OrStubSymbol()
    {
        NanoApiAllowlist hardware = NanoApiAllowlist.Parse(Esp32App.HardwareAllowlistText(Root));
        CSharpCompilation probe = CSharpCompilation.Create("HardwareProbe",
            references: NanoCompatChecker.Net10References.Append(Esp32App.StubReference(Root)));

        string[] unresolved = hardware.Entries.Select(e => e.Id).Where(id => !Resolves(id, probe)).ToArray();

        Assert.IsGreaterThanOrEqualTo(20, hardware.Entries.Count);
        Assert.IsEmpty(unresolved, "hardware allowlist IDs that name no net10.0/stub symbol: " + string.Join(", ", unresolved));
    }

    [TestMethod]
    public void HardwareStubs_EveryPublicTypeAndMember_IsListedWithACitation()
    {
        NanoApiAllowlist hardware = NanoApiAllowlist.Parse(Esp32App.HardwareAllowlistText(Root));
        CSharpCompilation stubs = Esp32App.StubCompilation(Root);
        var declared = new List<string>();
        foreach (INamedTypeSymbol type in AllTypes(stubs.Assembly.GlobalNamespace).Where(t => t.DeclaredAccessibility == Accessibility.Public))
        {
            declared.Add(type.GetDocumentationCommentId()!);
            foreach (ISymbol member in type.GetMembers().Where(m => m.DeclaredAccessibility == Accessibility.Public && !m.IsImplicitlyDeclared))
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove }
                    || (type.TypeKind == TypeKind.Delegate && member is IMethodSymbol))
                {
                    continue;
                }

                declared.Add(member.GetDocumentationCommentId()!);
            }
        }

        string[] unlisted = declared.Where(id => !hardware.AllowsMember(id, id.StartsWith("T:", StringComparison.Ordinal) ? id : NanoApiAllowlist.ContainingTypeId(id)) && !hardware.AllowsType(id)).ToArray();

        Assert.IsGreaterThanOrEqualTo(10, declared.Count);
        Assert.IsEmpty(stubs.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray(), "stubs must compile");
        Assert.IsEmpty(unlisted, "stub symbols not in " + Esp32App.HardwareAllowlistPath + ": " + string.Join(", ", unlisted));
    }

    [TestMethod]
    [DataRow("T:System.Buffer")]
    [DataRow("T:System.Console")]
    [DataRow("T:System.Threading.Tasks.")]
    [DataRow("T:System.Collections.Generic.")]
    [DataRow("T:System.Diagnostics.Stopwatch")]
    [DataRow("P:System.IO.Ports.SerialPort.ReadBufferSize")]
    public void HardwareAllowlist_AbsentOrUnpinned_NotListed(string prefix)
    {
        NanoApiAllowlist hardware = NanoApiAllowlist.Parse(Esp32App.HardwareAllowlistText(Root));

        string[] listed = hardware.Entries.Where(e => e.Id.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Id).ToArray();

        Assert.IsEmpty(listed, $"{prefix} is absent on nanoFramework 1.x or not verified at the pinned version: " + string.Join(", ", listed));
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
    {
        foreach (INamedTypeSymbol type in ns.GetTypeMembers())
        {
            yield return type;
        }

        foreach (INamespaceSymbol child in ns.GetNamespaceMembers())
        {
            foreach (INamedTypeSymbol type in AllTypes(child))
            {
                yield return type;
            }
        }
    }

    private static bool Resolves(string id, Compilation compilation)
    {
        string lookup = id.EndsWith(".*", StringComparison.Ordinal) ? id[..^2] : id;
        if (DocumentationCommentId.GetFirstSymbolForDeclarationId(lookup, compilation) != null)
        {
            return true;
        }

        return !lookup.StartsWith("T:", StringComparison.Ordinal)
            && DocumentationCommentId.GetFirstSymbolForDeclarationId(NanoApiAllowlist.ContainingTypeId(lookup), compilation) is INamedTypeSymbol type
            && type.GetMembers().Any(m => m.GetDocumentationCommentId() == lookup);
    }
}
