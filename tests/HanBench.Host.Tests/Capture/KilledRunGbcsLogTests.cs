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
        try
        {
            KilledDemo.RunAndKill(["--real-time", "--scale", "20", "--gbcs-log", file], () => Lines(file) >= KillAfterLines, "the demo logged too few GBCS messages");

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
