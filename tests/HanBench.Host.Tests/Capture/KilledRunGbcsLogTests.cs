using System.Diagnostics;
using System.Text.Json;

namespace HanBench.Host.Tests.Capture;

/// <summary>Issue 8 §3: the GBCS transcript of a run killed midway (SIGKILL, no chance to close the file) holds only whole lines.</summary>
[TestClass]
public sealed class KilledRunGbcsLogTests
{
    /// <summary>Lines to wait for before the kill: past the first 11.2 reads, into the distribution.</summary>
    private const int KillAfterLines = 20;

    [TestMethod]
    public void DemoGbcsLog_ProcessKilledMidRun_EveryLineWrittenIsWholeJson()
    {
        string dir = Directory.CreateTempSubdirectory("hanbench-killed-gbcs-").FullName;
        string file = Path.Combine(dir, "killed.jsonl");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "hanbench.dll"), "demo", "--real-time", "--scale", "20", "--gbcs-log", file })
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using (Process demo = Process.Start(info) ?? throw new InvalidOperationException("the demo did not start"))
            {
                demo.OutputDataReceived += (_, _) => { };
                demo.ErrorDataReceived += (_, _) => { };
                demo.BeginOutputReadLine();
                demo.BeginErrorReadLine();
                var waited = Stopwatch.StartNew();
                while (!demo.HasExited && Lines(file) < KillAfterLines)
                {
                    Assert.IsTrue(waited.Elapsed < TimeSpan.FromMinutes(5), "the demo logged too few GBCS messages in 5 minutes");
                    Thread.Sleep(50);
                }

                Assert.IsFalse(demo.HasExited, $"the demo ended (exit {(demo.HasExited ? demo.ExitCode : 0)}) before it could be killed");
                demo.Kill(entireProcessTree: true);
                demo.WaitForExit();
            }

            string text = File.ReadAllText(file);
            Assert.IsTrue(text.EndsWith('\n'), "the last line is whole");
            string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.IsTrue(lines.Length >= KillAfterLines, $"{lines.Length} lines");
            foreach (string line in lines)
            {
                using JsonDocument parsed = JsonDocument.Parse(line);
                Assert.IsTrue(parsed.RootElement.GetProperty("hex").GetString()!.Length > 0, line);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Lines(string file)
    {
        if (!File.Exists(file))
        {
            return 0;
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        int lines = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            lines += b == '\n' ? 1 : 0;
        }

        return lines;
    }
}
