using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HanBench.Bench.Topology;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Capture;

namespace HanBench.Host.Tests.Demo;

/// <summary>
/// <c>demo --inventory FILE</c> killed midway resumes (issue 13 §1 "Resume"): the demo runs as its own process in virtual
/// time and kills itself with SIGKILL at a named point (the test hook <c>HANBENCH_TEST_KILL_AT</c>, DemoKillPoint), so each
/// case kills at exactly the point it names whatever the machine's load; run again on the same file it keeps what was done
/// and finishes the rest, every distribution and every DCC alert exactly once; a third run says it had finished and
/// repeats nothing.
/// </summary>
[TestClass]
public sealed class DemoResumeProcessTests
{
    private static readonly (ulong Eui, int Updates)[] Updated =
    [
        (StandardBench.PpmidEui, 1), (StandardBench.B1Eui, 2), (StandardBench.B2Eui, 2), (StandardBench.B3Eui, 2), (StandardBench.B4Eui, 1),
    ];

    /// <summary>
    /// Killed at <paramref name="killAt"/>: the PPMID's N39 (the bridges' updates still under way); B2 (behind B1)
    /// part-way through its download, where a resumed B2 asks for blocks before the host has sent the hub its request
    /// again and then waits behind the hub's download slots (it was failed with CCS08 code 3); B2's first N62, where B2
    /// holds its whole image and has reported it (the hub has answered and deleted the image) but not yet activated it
    /// (it was failed as "transferred but not activated").
    /// </summary>
    [TestMethod]
    [DataRow("alert:N39:PPMID")]
    [DataRow("transferring:B2")]
    [DataRow("alert:N62:B2")]
    public void Demo_KilledAtAPointThenRunAgain_ResumesAndEveryDistributionAndAlertExactlyOnce(string killAt)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("POSIX signals only");
        }

        string dir = Directory.CreateTempSubdirectory("hanbench-demo-resume-").FullName;
        string db = Path.Combine(dir, "k.db");
        try
        {
            var lines = new ConcurrentQueue<string>();
            KilledDemo.RunUntilKilledAt(["--inventory", db], killAt, lines.Enqueue);
            (int activated, int open) = Progress(db);
            Assert.IsTrue(activated >= 1 && open >= 1, $"killed with work left: {activated} updates activated, {open} under way\n{string.Join("\n", lines)}");
            Assert.IsTrue(Directory.Exists(db + ".bench"), "the devices' state is kept beside the inventory");
            if (killAt == "alert:N62:B2")
            {
                Assert.IsTrue(States(db, StandardBench.B2Eui).Contains(FirmwareProgressState.Transferred), "B2 killed between N62 and its activation");
            }

            CliResult resumed = CliRunner.Run("demo", "--inventory", db);
            Assert.AreEqual(0, resumed.ExitCode, resumed.Output + resumed.Error);
            StringAssert.Contains(resumed.Output, "Resuming on");
            StringAssert.Contains(resumed.Output, "was requested by the earlier run (Activated), kept");
            AssertEachOnce(db, resumed.Output);
            if (killAt == "alert:N62:B2")
            {
                // B2 held its whole image: it activates it, nothing is delivered or downloaded again.
                Assert.IsFalse(Regex.IsMatch(resumed.Output, @"^\s+B2\s+silabs\s+(Queued|DeliveringToHub|OnHub|Transferring)\b", RegexOptions.Multiline), resumed.Output);
            }

            CliResult again = CliRunner.Run("demo", "--inventory", db);
            Assert.AreEqual(0, again.ExitCode, again.Output + again.Error);
            StringAssert.Contains(again.Output, "finished already");
            Assert.IsFalse(again.Output.Contains("ALERT", StringComparison.Ordinal), again.Output);
            AssertEachOnce(db, again.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Demo_InventoryNotMadeByTheDemo_RefusedNamingWhy()
    {
        string dir = Directory.CreateTempSubdirectory("hanbench-demo-resume-").FullName;
        try
        {
            string db = Path.Combine(dir, "other.db");
            Assert.AreEqual(0, CliRunner.Run("inventory", "init", "--db", db).ExitCode);
            CliResult result = CliRunner.Run("demo", "--inventory", db);
            Assert.AreEqual(2, result.ExitCode, result.Output + result.Error);
            StringAssert.Contains(result.Error, "was not made by the demo");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Demo_DbOption_KeepsTheInventoryAsInventoryDoes()
    {
        // Audit N9: every command names its inventory --db; the demo took only --inventory (still an alias).
        string dir = Directory.CreateTempSubdirectory("hanbench-demo-resume-").FullName;
        try
        {
            string db = Path.Combine(dir, "kept.db");
            CliResult result = CliRunner.Run("demo", "--db", db, "--json");
            Assert.AreEqual(0, result.ExitCode, result.Output + result.Error);
            Assert.AreEqual((Updated.Sum(u => u.Updates) + 1, 0), Progress(db), "every update activated in the kept inventory");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int Activated, int Open) Progress(string db)
    {
        using InventoryStore store = InventoryStore.Open(db);
        IReadOnlyList<FirmwareProgressRecord> rows = store.Read(s => s.Firmware.Latest(100));
        return (rows.Count(r => r.State == FirmwareProgressState.Activated), rows.Count(r => !FirmwareProgressTransitions.IsTerminal(r.State)));
    }

    private static List<FirmwareProgressState> States(string db, ulong device)
    {
        using InventoryStore store = InventoryStore.Open(db);
        return [.. store.Read(s => s.Firmware.Latest(100)).Where(r => r.DeviceId.Value == device).Select(r => r.State)];
    }

    private static void AssertEachOnce(string db, string output)
    {
        using InventoryStore store = InventoryStore.Open(db);
        IReadOnlyList<FirmwareProgressRecord> rows = store.Read(s => s.Firmware.Latest(100));
        Assert.IsTrue(rows.All(r => r.State == FirmwareProgressState.Activated), $"{string.Join(", ", rows.Select(r => $"{r.DeviceId} {r.Component} {r.State}"))}\n{output}");
        Assert.AreEqual(Updated.Sum(u => u.Updates) + 1, rows.Count, $"one distribution per update, none repeated\n{output}");
        IReadOnlyList<DccAlertRecord> alerts = store.Read(s => s.Alerts.All());
        int Count(ulong device, string code) => alerts.Count(a => a.DeviceId?.Value == device && a.AlertCode == code);
        foreach ((ulong eui, int updates) in Updated)
        {
            foreach (string code in new[] { DccAlertCodes.CspDeliverySucceeded, DccAlertCodes.CommsHubFirmwareTransfer, DccAlertCodes.PpmidAlert })
            {
                Assert.AreEqual(updates, Count(eui, code), $"{eui:X16} {code}\n{output}");
            }
        }

        Assert.AreEqual(1, Count(StandardBench.HubEui, DccAlertCodes.CspDeliverySucceeded), output);
        Assert.AreEqual(1, Count(StandardBench.HubEui, DccAlertCodes.CommsHubFirmwareActivation), output);
    }
}
