using System.Diagnostics;
using System.Globalization;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// The test run's own temporary folder (tests/TestSupport, <see cref="PrivateTemporaryFolder"/>) after a killed run and at
/// test discovery (issue 13 §1 "Resume": a killed test run left its <c>hanbench-testrun-*</c> folder; files made while
/// MSTest discovered tests went to the machine's temporary folder, outside the leak check). Here the temporary folder
/// is this run's private one, so the folders made below touch nothing else.
/// </summary>
[TestClass]
public sealed class TestRunFolderTests
{
    private static string? _temporaryFolderAtDiscovery;

    /// <summary>Read by MSTest when it discovers the tests, before any assembly or class initialiser.</summary>
    public static IEnumerable<object[]> DiscoveryData
    {
        get
        {
            _temporaryFolderAtDiscovery ??= Path.GetTempPath();
            return [["discovered"]];
        }
    }

    [TestMethod]
    public void RunFolder_NamedAfterTheTestHost_SoAKilledRunsFolderCanBeToldFromALiveOne()
    {
        RequirePosix();
        string name = Path.GetFileName(PrivateTemporaryFolder.Path) ?? string.Empty;
        StringAssert.StartsWith(name, $"{PrivateTemporaryFolder.Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-");
    }

    [TestMethod]
    public void NextRun_AfterATestHostWasKilled_RemovesTheKilledRunsFolderOnly()
    {
        RequirePosix();
        string temp = Path.GetTempPath();
        using Process killedHost = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false }) ?? throw new InvalidOperationException("sleep did not start");
        string killedRun = Path.Combine(temp, $"{PrivateTemporaryFolder.Prefix}{killedHost.Id.ToString(CultureInfo.InvariantCulture)}-k1ll3d");
        Directory.CreateDirectory(Path.Combine(killedRun, "hanbench-demo-leftover"));
        File.WriteAllText(Path.Combine(killedRun, "hanbench-demo-leftover", "inventory.db"), "left by a killed test");
        killedHost.Kill();
        killedHost.WaitForExit();
        string liveRun = Path.Combine(temp, $"{PrivateTemporaryFolder.Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-l1v3");
        Directory.CreateDirectory(liveRun);
        try
        {
            using var nextRun = PrivateTemporaryFolder.NewRunFolder();

            Assert.IsFalse(Directory.Exists(killedRun), "the killed run's folder is removed when the next run begins");
            Assert.IsTrue(Directory.Exists(liveRun), "a running test host's folder is kept");
            Assert.IsTrue(Directory.Exists(nextRun.Path));
        }
        finally
        {
            Directory.Delete(liveRun);
            if (Directory.Exists(killedRun))
            {
                Directory.Delete(killedRun, recursive: true);
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(DiscoveryData))]
    public void DataSource_ReadAtDiscovery_SeesTheRunsFolderAsTheTemporaryFolder(string row)
    {
        RequirePosix();
        Assert.AreEqual("discovered", row);
        if (_temporaryFolderAtDiscovery is null)
        {
            Assert.Inconclusive("the data rows were read by another process (an IDE discovers apart from running): nothing to compare here");
        }

        Assert.AreEqual(
            PrivateTemporaryFolder.Path,
            Path.TrimEndingDirectorySeparator(_temporaryFolderAtDiscovery),
            "what a data source makes at discovery lands in this run's folder, inside the leak check");
    }

    private static void RequirePosix()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("the private TMPDIR is POSIX only (Windows reads TMP/TEMP)");
        }
    }
}
