using System.Collections.Concurrent;
using System.Diagnostics;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// <c>csp run</c> keeps its board state in a temporary folder while it runs (issue 13 §1 "Resume"): one killed with
/// SIGKILL cannot remove it, so the next run removes the folders of runs whose process is gone. Each run here is its own
/// process with a private temporary folder (TMPDIR), so nothing else's folders are counted or touched.
/// </summary>
[TestClass]
public sealed class CspTemporaryFolderProcessTests
{
    [TestMethod]
    public void CspRun_KilledThenRunAgain_TheKilledRunsFolderIsRemoved()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("POSIX TMPDIR and signals only");
        }

        using var folder = new CliTempFolder();
        folder.Ok("inventory", "init");
        string temp = Directory.CreateDirectory(folder.File("tmp")).FullName;

        int first = StartAndKill(folder.Db, temp, out _);
        string[] left = CspFolders(temp);
        Assert.HasCount(1, left, "the SIGKILLed run leaves its folder (it runs no cleanup)");
        StringAssert.StartsWith(Path.GetFileName(left[0]), $"hanbench-csp-{first}-");

        int second = StartAndKill(folder.Db, temp, out string[] whileSecondRan);
        Assert.HasCount(1, whileSecondRan, string.Join(", ", whileSecondRan));
        StringAssert.StartsWith(Path.GetFileName(whileSecondRan[0]), $"hanbench-csp-{second}-", "only the running one's folder is left");
    }

    private static string[] CspFolders(string temp) => Directory.GetDirectories(temp, "hanbench-csp-*");

    /// <summary>Starts <c>csp run</c> with TMPDIR <paramref name="temp"/>, waits until it runs, notes the folders then and kills it.</summary>
    private static int StartAndKill(string db, string temp, out string[] foldersWhileRunning)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "hanbench.dll"), "csp", "run", "--db", db, "--hub", "00-DB-00-00-00-00-00-01", "--link", "listen:0" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TMPDIR"] = temp;
        var lines = new ConcurrentQueue<string>();
        using Process csp = Process.Start(info) ?? throw new InvalidOperationException("csp run did not start");
        csp.OutputDataReceived += (_, line) => { if (line.Data is { } text) { lines.Enqueue(text); } };
        csp.ErrorDataReceived += (_, line) => { if (line.Data is { } text) { lines.Enqueue(text); } };
        csp.BeginOutputReadLine();
        csp.BeginErrorReadLine();
        try
        {
            // Running: it printed its start line (the folder is made and the stale ones are gone before it).
            var waited = Stopwatch.StartNew();
            while (!lines.Any(l => l.StartsWith("csp: hub ", StringComparison.Ordinal)))
            {
                Assert.IsFalse(csp.HasExited, $"csp run ended (exit {(csp.HasExited ? csp.ExitCode : 0)}):\n{string.Join("\n", lines)}");
                Assert.IsTrue(waited.Elapsed < TimeSpan.FromMinutes(5), $"csp run did not start in 5 minutes:\n{string.Join("\n", lines)}");
                Thread.Sleep(50);
            }

            foldersWhileRunning = CspFolders(temp);
            return csp.Id;
        }
        finally
        {
            csp.Kill(entireProcessTree: true);
            csp.WaitForExit();
        }
    }
}
