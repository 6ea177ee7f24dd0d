using System.Diagnostics;

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
}
