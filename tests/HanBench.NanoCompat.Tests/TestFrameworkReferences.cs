using Microsoft.CodeAnalysis;

namespace HanBench.NanoCompat.Tests;

/// <summary>
/// What shared tests compile against here: the shim that defines the nanoFramework.TestFramework names, and MSTest,
/// which the shim's types derive from. MSTest names themselves are not in the allowlist, so a shared test that uses
/// one is reported.
/// </summary>
public static class TestFrameworkReferences
{
    /// <summary>The shim assembly and the MSTest framework assembly.</summary>
    public static IReadOnlyList<MetadataReference> All { get; } = new[]
        {
            typeof(nanoFramework.TestFramework.OutputHelper).Assembly,
            typeof(Microsoft.VisualStudio.TestTools.UnitTesting.TestClassAttribute).Assembly,
        }
        .Distinct()
        .Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location))
        .ToList();
}
