using System.Collections.Concurrent;
using System.Runtime.Versioning;
using HanBench.Bench.Hil;

namespace HanBench.VirtualBoard.Tests.Hil;

/// <summary>
/// A bench starts its boards together, not one after another (issue 13 §2: <c>bench run</c> opened ports a second apart):
/// its board processes (each takes about a second to come up), and the ports of its real boards.
/// </summary>
[TestClass]
public sealed class HilStartTests
{
    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public void StartAsync_TwoBoardProcesses_StartedTogether()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("the barrier is a bash script");
        }

        string folder = Directory.CreateTempSubdirectory("hanbench-hil-start-").FullName;
        try
        {
            // Each board waits at a barrier until both have been started, then runs the real `hanbench board`: started
            // one after another, the first never gets past the barrier and the bench fails to start.
            string barrier = Directory.CreateDirectory(Path.Combine(folder, "barrier")).FullName;
            string script = Path.Combine(folder, "board-at-barrier.sh");
            File.WriteAllText(script, $$"""
                touch '{{barrier}}/started-'$$
                for i in $(seq 1 1200); do
                    [ "$(ls '{{barrier}}' | grep -c '^started-')" -ge 2 ] && exec dotnet '{{Path.Combine(AppContext.BaseDirectory, "hanbench.dll")}}' "$@"
                    sleep 0.05
                done
                echo "the other board was never started" >&2
                exit 3
                """);
            string benchFile = Path.Combine(folder, "bench.json");
            File.WriteAllText(benchFile, BenchFiles.HubAndPpmid("00020000"));
            var options = new HilOptions
            {
                WorkDirectory = Path.Combine(folder, "work"),
                BoardCommand = new BoardCommandLine("bash", [script]),
                StartPatience = TimeSpan.FromSeconds(45),
            };

            HilBench bench = HilBench.StartAsync(BenchFileLoader.Load(benchFile), options, _ => { }, CancellationToken.None).GetAwaiter().GetResult();
            bench.DisposeAsync().AsTask().GetAwaiter().GetResult();

            Assert.AreEqual(2, Directory.GetFiles(barrier, "started-*").Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    [SupportedOSPlatform("linux")]
    public async Task StartAsync_SerialBoardsNotPluggedInYet_EveryPortTriedBeforeAnyIsThere()
    {
        // Every board's port is tried (and found missing) before any exists; only then are they plugged in (socat pty
        // pairs) and the bench starts. Opened in turn, the next port would be tried only once the one before had
        // connected, which it cannot: the bench would never start.
        string dir = TestFolders.Create("hanbench-hil-ports-");
        string Port(string name) => Path.Combine(dir, name + "-a");
        string benchFile = Path.Combine(dir, "bench.json");
        File.WriteAllText(benchFile, $$"""
            {
              "format": "hanbench-bench/1",
              "name": "two-boards-on-ports",
              "nodes": [
                { "name": "CH", "role": "hub", "eui64": "00DB000000000001", "run": "serial", "links": { "wan": "serial:{{Port("chwan")}}", "han": "serial:{{Port("chhan")}}" } },
                { "name": "PPMID", "role": "ppmid", "eui64": "00DB000000000010", "run": "serial", "links": { "han": "serial:{{Port("ppmidhan")}}" } }
              ],
              "hops": [ { "kind": "zigbee", "between": ["CH", "PPMID"] } ],
              "steps": [ { "join": "all", "timeoutSeconds": 20 } ]
            }
            """);
        var log = new ConcurrentQueue<string>();
        Task<HilBench> starting = HilBench.StartAsync(BenchFileLoader.Load(benchFile), new HilOptions { WorkDirectory = Path.Combine(dir, "work"), StartPatience = TimeSpan.FromMinutes(2) }, log.Enqueue, CancellationToken.None);

        string[] links = ["CH link 0: ", "CH link 1: ", "PPMID link 0: "];
        await Eventually.WaitAsync(
            () => Task.FromResult(starting.IsCompleted || links.All(link => log.Any(l => l.StartsWith(link, StringComparison.Ordinal) && l.Contains(": cannot open (", StringComparison.Ordinal)))),
            "every board's port to be tried", TimeSpan.FromMinutes(2));
        Assert.IsFalse(starting.IsCompleted, $"the bench started (or failed) with no port there\n{string.Join("\n", log)}");

        await using SocatPair chWan = await SocatPair.StartAsync(dir, "chwan");
        await using SocatPair chHan = await SocatPair.StartAsync(dir, "chhan");
        await using SocatPair ppmidHan = await SocatPair.StartAsync(dir, "ppmidhan");
        HilBench bench = await starting;
        await bench.DisposeAsync();
        foreach (string link in links)
        {
            Assert.IsTrue(log.Any(l => l.StartsWith(link, StringComparison.Ordinal) && l.EndsWith(": connected", StringComparison.Ordinal)), $"{link}connected\n{string.Join("\n", log)}");
        }
    }
}
