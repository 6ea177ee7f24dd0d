using System.Diagnostics;
using HanBench.Tooling.Demo;

namespace HanBench.Host.Tests.Capture;

/// <summary>Runs <c>hanbench demo</c> as a process of its own and kills it (SIGKILL: no chance to close a file) midway.</summary>
public static class KilledDemo
{
    /// <summary>
    /// Starts <c>hanbench demo</c> with <paramref name="arguments"/>, waits (at most 5 minutes) until
    /// <paramref name="readyToKill"/> says enough was written, then kills it; fails when it ended first. Each line it
    /// prints goes to <paramref name="output"/>, when given.
    /// </summary>
    public static void RunAndKill(string[] arguments, Func<bool> readyToKill, string tooLittle, Action<string>? output = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hanbench.dll"));
        info.ArgumentList.Add("demo");
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var temp = new ChildTemporaryFolder(info);
        using Process demo = Process.Start(info) ?? throw new InvalidOperationException("the demo did not start");
        demo.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                output?.Invoke(text);
            }
        };
        demo.ErrorDataReceived += (_, _) => { };
        demo.BeginOutputReadLine();
        demo.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (!demo.HasExited && !readyToKill())
        {
            Assert.IsTrue(waited.Elapsed < TimeSpan.FromMinutes(5), $"{tooLittle} in 5 minutes");
            Thread.Sleep(50);
        }

        Assert.IsFalse(demo.HasExited, $"the demo ended (exit {(demo.HasExited ? demo.ExitCode : 0)}) before it could be killed");
        demo.Kill(entireProcessTree: true);
        demo.WaitForExit();
    }

    /// <summary>
    /// Starts <c>hanbench demo</c> with <paramref name="arguments"/> and the test hook <c>HANBENCH_TEST_KILL_AT</c> set to
    /// <paramref name="killPoint"/> (DemoKillPoint): the demo kills itself with SIGKILL at exactly that point, whatever the
    /// machine's load. Fails unless it ended that way (it finished first, or died of something else). Each line it prints
    /// goes to <paramref name="output"/>, when given.
    /// </summary>
    public static void RunUntilKilledAt(string[] arguments, string killPoint, Action<string>? output = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hanbench.dll"));
        info.ArgumentList.Add("demo");
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[DemoKillPoint.Variable] = killPoint;
        using var temp = new ChildTemporaryFolder(info);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using Process demo = Process.Start(info) ?? throw new InvalidOperationException("the demo did not start");
        demo.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                output?.Invoke(text);
            }
        };
        demo.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                errors.Enqueue(text);
            }
        };
        demo.BeginOutputReadLine();
        demo.BeginErrorReadLine();
        if (!demo.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            demo.Kill(entireProcessTree: true);
            demo.WaitForExit();
            Assert.Fail($"the demo did not reach kill point {killPoint} in 10 minutes");
        }

        demo.WaitForExit();
        string stderr = string.Join("\n", errors);
        StringAssert.Contains(stderr, $"test kill point {killPoint} reached", $"exit {demo.ExitCode}: the demo ended without reaching {killPoint}");

        // 128 + SIGKILL: the process was killed, nothing of it unwound.
        Assert.AreEqual(137, demo.ExitCode, stderr);
    }

    /// <summary>
    /// The killed demo's own TMPDIR, deleted once it is dead: a SIGKILLed process cleans nothing up (its temporary
    /// inventory, the runtime's diagnostic sockets), and what it leaves must not stay in the test run's folder.
    /// </summary>
    private sealed class ChildTemporaryFolder : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("hanbench-killed-demo-").FullName;

        public ChildTemporaryFolder(ProcessStartInfo info)
        {
            info.Environment["TMPDIR"] = _path;
        }

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}
