using System.Diagnostics;

namespace HanBench.Host.Tests.Demo;

/// <summary><c>hanbench demo</c> as its own process: Ctrl-C or SIGTERM leaves no temporary inventory behind.</summary>
[TestClass]
public sealed class DemoSignalTests
{
    [TestMethod]
    public void Demo_SigtermMidRun_TemporaryInventoryDeleted()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("POSIX signals only");
        }

        string temp = Directory.CreateTempSubdirectory("hanbench-demo-signal-").FullName;
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hanbench.dll"));
            foreach (string arg in new[] { "demo", "--real-time", "--scale", "1" })
            {
                info.ArgumentList.Add(arg);
            }

            // The demo's temporary inventory goes under TMPDIR (Path.GetTempPath), so it lands in this test's folder.
            info.Environment["TMPDIR"] = temp;
            using Process demo = Process.Start(info)!;
            demo.OutputDataReceived += (_, _) => { };
            demo.ErrorDataReceived += (_, _) => { };
            demo.BeginOutputReadLine();
            demo.BeginErrorReadLine();
            var deadline = Stopwatch.StartNew();
            while (Directory.GetFiles(temp, "hanbench-dcc-*.db").Length == 0 && !demo.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(120))
            {
                Thread.Sleep(100);
            }

            Assert.IsFalse(demo.HasExited, "the demo ended before it was signalled");
            Assert.AreEqual(1, Directory.GetFiles(temp, "hanbench-dcc-*.db").Length, "the demo never made its temporary inventory");
            using (Process kill = Process.Start("kill", ["-TERM", demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.IsTrue(demo.WaitForExit(TimeSpan.FromSeconds(60)), "the demo did not stop on SIGTERM");
            string[] left = Directory.GetFiles(temp, "hanbench-dcc-*");
            Assert.AreEqual(0, left.Length, "left behind: " + string.Join(", ", left.Select(Path.GetFileName)));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
