using System.Collections.Concurrent;
using System.Diagnostics;
using HanBench.Host.Tests.Cli;

namespace HanBench.Host.Tests.Demo;

/// <summary>
/// <c>hanbench demo</c> as its own process: Ctrl-C or SIGTERM leaves no temporary inventory behind, stops a kept one
/// cleanly so that it resumes, and the folder of one killed with SIGKILL (which runs no cleanup) goes when the next demo starts.
/// </summary>
[TestClass]
public sealed class DemoSignalTests
{
    [TestMethod]
    public void Demo_SigtermMidRun_TemporaryInventoryAndRuntimeFilesDeleted()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("POSIX signals only");
        }

        string temp = Directory.CreateTempSubdirectory("hanbench-demo-signal-").FullName;
        try
        {
            using Process demo = StartedWithItsInventory(temp, "--real-time", "--scale", "1");
            using (Process kill = Process.Start("kill", ["-TERM", demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.IsTrue(demo.WaitForExit(TimeSpan.FromSeconds(60)), "the demo did not stop on SIGTERM");
            Assert.AreEqual(128 + 15, demo.ExitCode, "the status a shell reports for SIGTERM");

            // Nothing at all: also not the runtime's clr-debug-pipe-* and dotnet-diagnostic-* of the demo's process.
            string[] left = Directory.GetFileSystemEntries(temp);
            Assert.AreEqual(0, left.Length, "left behind: " + string.Join(", ", left.Select(Path.GetFileName)));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [TestMethod]
    public void Demo_KeptInventory_SigintMidRun_StopsCleanlyAndTheNextDemoResumes()
    {
        // Review F14: a kept inventory's demo was ended from the signal handler, wherever it was; now it stops between
        // two bench events, every transaction finished, the inventory closed, and says so.
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("POSIX signals only");
        }

        string temp = Directory.CreateTempSubdirectory("hanbench-demo-signal-").FullName;
        string db = Path.Combine(temp, "k.db");
        try
        {
            var lines = new ConcurrentQueue<string>();
            using Process demo = Started(temp, lines, "--inventory", db, "--real-time", "--scale", "20");
            var waited = Stopwatch.StartNew();
            while (!lines.Any(l => l.Contains("joined the hub's HAN", StringComparison.Ordinal)))
            {
                Assert.IsFalse(demo.HasExited, $"the demo ended before it was signalled\n{string.Join("\n", lines)}");
                Assert.IsTrue(waited.Elapsed < TimeSpan.FromMinutes(5), $"the demo did not commission its devices in 5 minutes\n{string.Join("\n", lines)}");
                Thread.Sleep(50);
            }

            using (Process kill = Process.Start("kill", ["-INT", demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.IsTrue(demo.WaitForExit(TimeSpan.FromMinutes(2)), "the demo did not stop on SIGINT");
            demo.WaitForExit();
            string output = string.Join("\n", lines);
            Assert.AreEqual(128 + 2, demo.ExitCode, output);
            StringAssert.Contains(output, "hanbench: demo: stopped by SIGINT");
            StoppedInventory.AssertClosedAndIntact(db, output);

            CliResult resumed = CliRunner.Run("demo", "--inventory", db);
            Assert.AreEqual(0, resumed.ExitCode, resumed.Output + resumed.Error);
            StringAssert.Contains(resumed.Output, "Resuming on");
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [TestMethod]
    public void Demo_SigkillMidRunThenAnotherDemo_TheKilledDemosFolderRemoved()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("POSIX signals only");
        }

        string temp = Directory.CreateTempSubdirectory("hanbench-demo-signal-").FullName;
        try
        {
            using (Process killed = StartedWithItsInventory(temp, "--real-time", "--scale", "1"))
            {
                killed.Kill();
                killed.WaitForExit();
            }

            Assert.AreEqual(1, Directory.GetDirectories(temp, "hanbench-demo-*").Length, "SIGKILL runs no cleanup");
            using Process next = Started(temp, "--json");
            Assert.IsTrue(next.WaitForExit(TimeSpan.FromMinutes(10)), "the next demo did not finish");
            string[] left = Directory.GetFileSystemEntries(temp, "hanbench-*");
            Assert.AreEqual(0, left.Length, "left behind: " + string.Join(", ", left.Select(Path.GetFileName)));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>A demo whose TMPDIR is <paramref name="temp"/>, once its temporary inventory exists there.</summary>
    private static Process StartedWithItsInventory(string temp, params string[] arguments)
    {
        Process demo = Started(temp, arguments);
        var deadline = Stopwatch.StartNew();
        while (Inventories(temp) == 0 && !demo.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            Thread.Sleep(100);
        }

        Assert.IsFalse(demo.HasExited, "the demo ended before it was signalled");
        Assert.AreEqual(1, Inventories(temp), "the demo never made its temporary inventory");
        return demo;
    }

    private static int Inventories(string temp) =>
        Directory.GetDirectories(temp, "hanbench-demo-*").Count(folder => File.Exists(Path.Combine(folder, "inventory.db")));

    /// <summary>A demo process whose temporary files go under <paramref name="temp"/> (TMPDIR, what Path.GetTempPath reads).</summary>
    private static Process Started(string temp, params string[] arguments) => Started(temp, null, arguments);

    /// <summary>As <see cref="Started(string, string[])"/>, every line it prints (stdout and stderr) put in <paramref name="lines"/> when given.</summary>
    private static Process Started(string temp, ConcurrentQueue<string>? lines, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hanbench.dll"));
        info.ArgumentList.Add("demo");
        foreach (string arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TMPDIR"] = temp;
        Process demo = Process.Start(info)!;
        demo.OutputDataReceived += (_, line) => { if (line.Data is { } text) { lines?.Enqueue(text); } };
        demo.ErrorDataReceived += (_, line) => { if (line.Data is { } text) { lines?.Enqueue(text); } };
        demo.BeginOutputReadLine();
        demo.BeginErrorReadLine();
        return demo;
    }
}
