using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HanBench.Cli;

namespace HanBench.VirtualBoard.Tests.Hil;

/// <summary>
/// <c>hanbench bench run</c> as its own process with a private temporary folder (TMPDIR, which its board processes
/// inherit): once it has finished, nothing is left there, neither its own temporary state nor the .NET runtime's
/// <c>clr-debug-pipe-*</c>/<c>dotnet-diagnostic-*</c> of the board processes, which used to be killed and leave them.
/// </summary>
[TestClass]
public sealed class BenchRunTemporaryFilesProcessTests
{
    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public void BenchRun_HubAndPpmidProcesses_LeavesNothingInItsTemporaryFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("POSIX TMPDIR only");
        }

        string folder = TestFolders.Create("hanbench-bench-tmp-");
        string file = Path.Combine(folder, "bench.json");
        File.WriteAllText(file, BenchFiles.HubAndPpmid(expectedVersion: "00020000"));
        string temp = Directory.CreateDirectory(Path.Combine(folder, "tmp")).FullName;

        var lines = new ConcurrentQueue<string>();
        using Process bench = Start(temp, lines, file);
        if (!bench.WaitForExit(TimeSpan.FromSeconds(170)))
        {
            bench.Kill(entireProcessTree: true);
            Assert.Fail($"bench run did not finish:\n{string.Join("\n", lines)}");
        }

        bench.WaitForExit();
        Assert.AreEqual(ExitCodes.Ok, bench.ExitCode, string.Join("\n", lines));
        string[] left = Directory.GetFileSystemEntries(temp);
        Assert.IsEmpty(left, "left behind: " + string.Join(", ", left.Select(Path.GetFileName)));
    }

    /// <summary>
    /// Audit N1: stopped by Ctrl-C or SIGTERM, <c>bench run</c> ended by the signal's default action, leaving its board
    /// folder and temporary inventory (names without a process id, never swept). Now it stops as every command does:
    /// boards stopped, the stopped line, 128 + the signal, nothing left in its temporary folder.
    /// </summary>
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    [DataRow("INT", 130)]
    [DataRow("TERM", 143)]
    public void BenchRun_SignalledWhileRunningItsSteps_StopsItsBoardsSaysSoAndLeavesNothing(string signal, int exitCode)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("POSIX TMPDIR and signals only");
        }

        string folder = TestFolders.Create("hanbench-bench-signal-");
        string temp = Directory.CreateDirectory(Path.Combine(folder, "tmp")).FullName;
        var lines = new ConcurrentQueue<string>();
        using Process bench = StartedUntilItsFirstStep(temp, lines, BenchFiles.PathOf("virtual-bench.json"));

        // Its hub and PPMID board processes keep their state under this TMPDIR: that names them.
        Assert.HasCount(2, BoardsUnder(temp), $"the bench's board processes while it runs\n{string.Join("\n", lines)}");
        using (Process kill = Process.Start("kill", ["-" + signal, bench.Id.ToString(CultureInfo.InvariantCulture)]) ?? throw new InvalidOperationException("kill did not start"))
        {
            kill.WaitForExit();
        }

        if (!bench.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            bench.Kill(entireProcessTree: true);
            Assert.Fail($"bench run did not stop on SIG{signal}:\n{string.Join("\n", lines)}");
        }

        bench.WaitForExit();
        string output = string.Join("\n", lines);
        Assert.AreEqual(exitCode, bench.ExitCode, output);
        StringAssert.Contains(output, $"hanbench: bench run: stopped by SIG{signal}");
        Assert.IsEmpty(BoardsUnder(temp), "board processes left running after the bench stopped");
        string[] left = Directory.GetFileSystemEntries(temp, "hanbench-*");
        Assert.IsEmpty(left, "left behind: " + string.Join(", ", left.Select(Path.GetFileName)) + "\n" + output);
    }

    /// <summary>
    /// Audit N1: a SIGKILLed <c>bench run</c> cannot clean up, and its files were named without a process id, so none
    /// was ever removed; now they are in its <c>hanbench-bench-PID-*</c> folder, which the next run removes.
    /// </summary>
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void BenchRun_KilledThenRunAgain_TheKilledRunsFilesRemoved()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("POSIX TMPDIR and signals only");
        }

        string folder = TestFolders.Create("hanbench-bench-kill-");
        string file = Path.Combine(folder, "bench.json");
        File.WriteAllText(file, BenchFiles.HubAndPpmid(expectedVersion: "00020000"));
        string temp = Directory.CreateDirectory(Path.Combine(folder, "tmp")).FullName;
        var lines = new ConcurrentQueue<string>();
        using (Process killed = StartedUntilItsFirstStep(temp, lines, file))
        {
            killed.Kill();
            killed.WaitForExit();
        }

        Assert.IsNotEmpty(Directory.GetFileSystemEntries(temp, "hanbench-*"), "SIGKILL runs no cleanup");

        // Its boards stop as their standard input closes with it; the next run starts once they have.
        var waited = Stopwatch.StartNew();
        while (BoardsUnder(temp).Length > 0)
        {
            Assert.IsTrue(waited.Elapsed < TimeSpan.FromMinutes(2), "the killed run's boards did not stop as their input closed");
            Thread.Sleep(100);
        }

        var again = new ConcurrentQueue<string>();
        using Process next = Start(temp, again, file);
        if (!next.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            next.Kill(entireProcessTree: true);
            Assert.Fail($"the next bench run did not finish:\n{string.Join("\n", again)}");
        }

        next.WaitForExit();
        Assert.AreEqual(ExitCodes.Ok, next.ExitCode, string.Join("\n", again));
        string[] left = Directory.GetFileSystemEntries(temp, "hanbench-*");
        Assert.IsEmpty(left, "left behind: " + string.Join(", ", left.Select(Path.GetFileName)));
    }

    /// <summary>As <see cref="Start"/>, returning once the run prints its first step (its boards and inventory exist).</summary>
    private static Process StartedUntilItsFirstStep(string temp, ConcurrentQueue<string> lines, string file)
    {
        Process bench = Start(temp, lines, file);
        var waited = Stopwatch.StartNew();
        while (!lines.Any(l => l.Contains("] step ", StringComparison.Ordinal)))
        {
            if (bench.HasExited || waited.Elapsed > TimeSpan.FromMinutes(4))
            {
                bench.Kill(entireProcessTree: true);
                Assert.Fail($"bench run did not reach its first step:\n{string.Join("\n", lines)}");
            }

            Thread.Sleep(50);
        }

        return bench;
    }

    /// <summary><c>hanbench bench run FILE</c> with TMPDIR on <paramref name="temp"/>, every line it prints put in <paramref name="lines"/>.</summary>
    private static Process Start(string temp, ConcurrentQueue<string> lines, string file)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "hanbench.dll"), "bench", "run", file })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TMPDIR"] = temp;
        Process bench = Process.Start(info) ?? throw new InvalidOperationException("bench run did not start");
        bench.OutputDataReceived += (_, line) => { if (line.Data is { } text) { lines.Enqueue(text); } };
        bench.ErrorDataReceived += (_, line) => { if (line.Data is { } text) { lines.Enqueue(text); } };
        bench.BeginOutputReadLine();
        bench.BeginErrorReadLine();
        return bench;
    }

    /// <summary>The running processes whose command line names <paramref name="temp"/> (board processes get <c>--state</c> under it).</summary>
    private static string[] BoardsUnder(string temp)
    {
        var info = new ProcessStartInfo("ps") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[] { "-eww", "-o", "pid=,args=" })
        {
            info.ArgumentList.Add(argument);
        }

        using Process ps = Process.Start(info) ?? throw new InvalidOperationException("ps did not start");
        string all = ps.StandardOutput.ReadToEnd();
        ps.WaitForExit();
        return [.. all.Split('\n').Where(l => l.Contains(temp, StringComparison.Ordinal) && l.Contains(" board ", StringComparison.Ordinal))];
    }
}
