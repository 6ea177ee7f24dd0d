using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HanBench.Bench.Topology;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Capture;

namespace HanBench.Host.Tests.Demo;

/// <summary>
/// <c>demo --inventory FILE</c> killed midway resumes (issue 13 §1 "Resume"): the demo runs as its own process, paced to
/// the wall clock, and is killed with SIGKILL the instant it prints a line of a chosen kill point (the PPMID's update
/// activated, the bridges' still under way); run again on the same file it keeps what was done and finishes the rest, every
/// distribution and every DCC alert exactly once; a third run says it had finished and repeats nothing.
/// </summary>
[TestClass]
public sealed class DemoResumeProcessTests
{
    private static readonly (ulong Eui, int Updates)[] Updated =
    [
        (StandardBench.PpmidEui, 1), (StandardBench.B1Eui, 2), (StandardBench.B2Eui, 2), (StandardBench.B3Eui, 2), (StandardBench.B4Eui, 1),
    ];

    /// <summary>
    /// Killed at <paramref name="killAt"/> (a regular expression over the demo's lines): the PPMID's first N39, or B2
    /// (behind B1) part-way through its download, where a resumed B2 asks for blocks before the host has sent the hub its
    /// request again and then waits behind the hub's download slots (it was failed with CCS08 code 3).
    /// </summary>
    [TestMethod]
    [DataRow("ALERT N39 PPMID")]
    [DataRow(@"B2\s+silabs\s+Transferring\s+hub→HAN.* [1-9][0-9]?\.[0-9] %")]
    public void Demo_KilledMidDistributionThenRunAgain_ResumesAndEveryDistributionAndAlertExactlyOnce(string killAt)
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
            var kill = new Regex(killAt, RegexOptions.CultureInvariant);
            KilledDemo.RunAndKill(["--real-time", "--scale", "100", "--inventory", db], () => lines.Any(kill.IsMatch),
                $"the demo printed no line matching {killAt}", lines.Enqueue);
            (int activated, int open) = Progress(db);
            Assert.IsTrue(activated >= 1 && open >= 1, $"killed with work left: {activated} updates activated, {open} under way\n{string.Join("\n", lines)}");
            Assert.IsTrue(Directory.Exists(db + ".bench"), "the devices' state is kept beside the inventory");

            CliResult resumed = CliRunner.Run("demo", "--inventory", db);
            Assert.AreEqual(0, resumed.ExitCode, resumed.Output + resumed.Error);
            StringAssert.Contains(resumed.Output, "Resuming on");
            StringAssert.Contains(resumed.Output, "was requested by the earlier run (Activated), kept");
            AssertEachOnce(db, resumed.Output);

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

    private static (int Activated, int Open) Progress(string db)
    {
        using InventoryStore store = InventoryStore.Open(db);
        IReadOnlyList<FirmwareProgressRecord> rows = store.Read(s => s.Firmware.Latest(100));
        return (rows.Count(r => r.State == FirmwareProgressState.Activated), rows.Count(r => !FirmwareProgressTransitions.IsTerminal(r.State)));
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
