namespace HanBench.Conformance.Tests;

/// <summary>
/// Locates the third-party vectors: <c>$HANBENCH_VECTORS</c> if set, otherwise <c>../shared/vectors</c>
/// beside the repository (found by walking up from the test binaries to the folder holding nano.sln).
/// A test that needs them and finds none is reported inconclusive (skipped), never passed.
/// </summary>
public static class Vectors
{
    private static readonly Lazy<string?> RootPath = new(Locate);

    public static string Root => RootPath.Value ?? throw new AssertInconclusiveException("../shared/vectors not found (set HANBENCH_VECTORS to its path)");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static byte[] ReadBytes(params string[] parts) => File.ReadAllBytes(PathOf(parts));

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string? Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("HANBENCH_VECTORS");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nano.sln")))
            {
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "vectors"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
