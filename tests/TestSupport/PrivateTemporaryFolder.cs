namespace HanBench.Tests;

/// <summary>
/// A test assembly's own temporary folder (issue 13 §1 "Resume": test runs left dozens of <c>/tmp/hanbench-*</c> folders).
/// <see cref="Begin"/> points TMPDIR (what <see cref="Path.GetTempPath"/> reads on POSIX, and what every process a test
/// starts inherits) at a new folder for this run; <see cref="End"/> deletes it with everything in it and fails, naming
/// them, when a test left a <c>hanbench-*</c> file or folder there: each test cleans up after itself, and what it forgets
/// (or a killed process's leftovers) never reaches the machine's temporary folder. Linked into each MSTest project that
/// makes temporary files, with <see cref="PrivateTemporaryFolderHooks"/> and <see cref="TestFolders"/>. A run killed midway leaves its one folder.
/// The run's default keystore (HANBENCH_KEYSTORE, what every <c>hanbench</c> command opens without <c>--keystore</c>, and
/// what every process a test starts inherits) is <see cref="Keystore"/> in that folder: no test writes to the user's own.
/// </summary>
public static class PrivateTemporaryFolder
{
    private const string Variable = "TMPDIR";
    private const string KeystoreVariable = "HANBENCH_KEYSTORE";
    private static string? _original;
    private static string? _originalKeystore;

    /// <summary>This run's default keystore folder (made by the first command that needs it), once <see cref="Begin"/> ran.</summary>
    public static string? Keystore { get; private set; }

    /// <summary>This run's folder, once <see cref="Begin"/> ran.</summary>
    public static string? Path { get; private set; }

    /// <summary>
    /// Makes this run's folder and points TMPDIR at it (POSIX only: Windows reads TMP/TEMP, left alone) and
    /// HANBENCH_KEYSTORE at <see cref="Keystore"/> (on Windows too, in a <see cref="TestFolders"/> folder).
    /// </summary>
    public static void Begin()
    {
        if (Path is not null || Keystore is not null)
        {
            return;
        }

        _originalKeystore = Environment.GetEnvironmentVariable(KeystoreVariable);
        if (OperatingSystem.IsWindows())
        {
            Keystore = System.IO.Path.Combine(TestFolders.Create("hanbench-testrun-"), "keystore");
            Environment.SetEnvironmentVariable(KeystoreVariable, Keystore);
            return;
        }

        _original = Environment.GetEnvironmentVariable(Variable);
        // A short name: Chromium (the SSI tests) and socat put Unix sockets under TMPDIR, whose paths hold at most 107 bytes.
        string folder = Directory.CreateTempSubdirectory("hanbench-testrun-").FullName;
        Path = folder;
        Keystore = System.IO.Path.Combine(folder, "keystore");
        Environment.SetEnvironmentVariable(Variable, folder);
        Environment.SetEnvironmentVariable(KeystoreVariable, Keystore);
    }

    /// <summary>The end of a test run: <see cref="TestFolders"/> deleted, then <see cref="End"/>.</summary>
    public static void EndRun()
    {
        try
        {
            TestFolders.DeleteAll();
        }
        finally
        {
            End();
        }
    }

    /// <summary>Deletes this run's folder; fails naming every <c>hanbench-*</c> entry a test left in it.</summary>
    public static void End()
    {
        if (Keystore is not null)
        {
            Environment.SetEnvironmentVariable(KeystoreVariable, _originalKeystore);
            Keystore = null;
        }

        if (Path is not { } folder)
        {
            return;
        }

        Environment.SetEnvironmentVariable(Variable, _original);
        Path = null;
        string[] left = [.. Directory.EnumerateFileSystemEntries(folder, "hanbench-*").Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A process a test started may still be closing a file: the check below is what matters.
        }

        if (left.Length > 0)
        {
            throw new InvalidOperationException($"tests left {left.Length} temporary hanbench-* entries behind (each test deletes what it makes): {string.Join(", ", left)}");
        }
    }
}

/// <summary>The assembly's hooks around <see cref="PrivateTemporaryFolder"/>; <see cref="TestFolders"/> go first.</summary>
[TestClass]
public static class PrivateTemporaryFolderHooks
{
    // After test discovery: data rows must not make files (what discovery makes is outside this run's folder).
    [AssemblyInitialize]
    public static void Begin(TestContext context) => PrivateTemporaryFolder.Begin();

    [AssemblyCleanup]
    public static void End() => PrivateTemporaryFolder.EndRun();
}
