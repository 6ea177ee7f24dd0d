using System.Runtime.CompilerServices;
using HanBench.Cli;

namespace HanBench.Tests;

/// <summary>
/// A test assembly's own temporary folder (issue 13 §1 "Resume": test runs left dozens of <c>/tmp/hanbench-*</c> folders).
/// <see cref="Begin"/> points TMPDIR (what <see cref="Path.GetTempPath"/> reads on POSIX, and what every process a test
/// starts inherits) at a new folder for this run; <see cref="End"/> deletes it with everything in it and fails, naming
/// them, when a test left a <c>hanbench-*</c> file or folder there: each test cleans up after itself, and what it forgets
/// (or a killed process's leftovers) never reaches the machine's temporary folder. Linked into each MSTest project that
/// makes temporary files, with <see cref="PrivateTemporaryFolderHooks"/> and <see cref="TestFolders"/>.
/// <para>
/// The folder is a <see cref="ProcessTemporaryFolder"/> (<c>hanbench-testrun-PID-…</c>, PID the test host's): a run
/// killed midway (SIGKILL of the test host) cannot delete it, so the next run removes every such folder whose test host
/// is gone, as the CLI's commands do with theirs. It begins when the assembly is loaded, before MSTest reads data
/// sources at discovery, so what a data source or a static initialiser makes is inside it too and counts in the leak
/// check; a process that only discovers (<c>--list-tests</c>, an IDE) deletes it when it exits.
/// </para>
/// The run's default keystore (HANBENCH_KEYSTORE, what every <c>hanbench</c> command opens without <c>--keystore</c>, and
/// what every process a test starts inherits) is <see cref="Keystore"/> in that folder: no test writes to the user's own.
/// </summary>
public static class PrivateTemporaryFolder
{
    /// <summary>How a run's folder is named: this, the test host's process id, a random suffix.</summary>
    public const string Prefix = "hanbench-testrun-";

    private const string Variable = "TMPDIR";
    private const string KeystoreVariable = "HANBENCH_KEYSTORE";
    private static string? _original;
    private static string? _originalKeystore;
    private static ProcessTemporaryFolder? _folder;

    /// <summary>This run's default keystore folder (made by the first command that needs it), once <see cref="Begin"/> ran.</summary>
    public static string? Keystore { get; private set; }

    /// <summary>This run's folder, once <see cref="Begin"/> ran.</summary>
    public static string? Path => _folder?.Path;

    /// <summary>
    /// Makes this run's folder (removing those of killed runs first) and points TMPDIR at it (POSIX only: Windows reads
    /// TMP/TEMP, left alone) and HANBENCH_KEYSTORE at <see cref="Keystore"/> (on Windows too, in a <see cref="TestFolders"/> folder).
    /// </summary>
    public static void Begin()
    {
        if (_folder is not null || Keystore is not null)
        {
            return;
        }

        _originalKeystore = Environment.GetEnvironmentVariable(KeystoreVariable);
        if (OperatingSystem.IsWindows())
        {
            Keystore = System.IO.Path.Combine(TestFolders.Create(Prefix), "keystore");
            Environment.SetEnvironmentVariable(KeystoreVariable, Keystore);
            return;
        }

        _original = Environment.GetEnvironmentVariable(Variable);
        // A short name: Chromium (the SSI tests) and socat put Unix sockets under TMPDIR, whose paths hold at most 107 bytes.
        _folder = NewRunFolder();
        Keystore = System.IO.Path.Combine(_folder.Path, "keystore");
        Environment.SetEnvironmentVariable(Variable, _folder.Path);
        Environment.SetEnvironmentVariable(KeystoreVariable, Keystore);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Abandon();
    }

    /// <summary>A new run folder under the temporary folder; those of runs whose test host is gone are removed first.</summary>
    internal static ProcessTemporaryFolder NewRunFolder() => ProcessTemporaryFolder.Create(Prefix);

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
        RestoreKeystore();
        if (Take() is not { } folder)
        {
            return;
        }

        string[] left = [.. Directory.EnumerateFileSystemEntries(folder.Path, "hanbench-*").Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        Delete(folder);
        if (left.Length > 0)
        {
            throw new InvalidOperationException($"tests left {left.Length} temporary hanbench-* entries behind (each test deletes what it makes): {string.Join(", ", left)}");
        }
    }

    // The assembly is loaded before MSTest discovers its tests (and evaluates data sources), so the folder is in place
    // before any test code runs, whichever way the assembly is used.
#pragma warning disable CA2255 // a test assembly, not a library: its load is the start of a test run
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void BeginAtLoad() => Begin();

    /// <summary>A process that ends without <see cref="End"/> (discovery only) deletes its folder without the check.</summary>
    private static void Abandon()
    {
        RestoreKeystore();
        if (Take() is { } folder)
        {
            Delete(folder);
        }
    }

    private static void RestoreKeystore()
    {
        if (Keystore is not null)
        {
            Environment.SetEnvironmentVariable(KeystoreVariable, _originalKeystore);
            Keystore = null;
        }
    }

    private static ProcessTemporaryFolder? Take()
    {
        ProcessTemporaryFolder? folder = Interlocked.Exchange(ref _folder, null);
        if (folder is not null)
        {
            Environment.SetEnvironmentVariable(Variable, _original);
        }

        return folder;
    }

    private static void Delete(ProcessTemporaryFolder folder)
    {
        try
        {
            folder.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A process a test started may still be closing a file: the leak check is what matters.
        }
    }
}

/// <summary>The assembly's hook around <see cref="PrivateTemporaryFolder"/> (begun at load); <see cref="TestFolders"/> go first.</summary>
[TestClass]
public static class PrivateTemporaryFolderHooks
{
    [AssemblyCleanup]
    public static void End() => PrivateTemporaryFolder.EndRun();
}
