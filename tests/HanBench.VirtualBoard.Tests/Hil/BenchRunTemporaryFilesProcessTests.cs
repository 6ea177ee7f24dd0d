using System.Collections.Concurrent;
using System.Diagnostics;
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

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "hanbench.dll"), "bench", "run", file })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TMPDIR"] = temp;
        var lines = new ConcurrentQueue<string>();
        using Process bench = Process.Start(info) ?? throw new InvalidOperationException("bench run did not start");
        bench.OutputDataReceived += (_, line) => { if (line.Data is { } text) { lines.Enqueue(text); } };
        bench.ErrorDataReceived += (_, line) => { if (line.Data is { } text) { lines.Enqueue(text); } };
        bench.BeginOutputReadLine();
        bench.BeginErrorReadLine();
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
}
