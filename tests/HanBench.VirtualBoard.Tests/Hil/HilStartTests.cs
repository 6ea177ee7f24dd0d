using HanBench.Bench.Hil;

namespace HanBench.VirtualBoard.Tests.Hil;

/// <summary>A bench starts its board processes together, not one after another (each takes about a second to come up).</summary>
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
}
