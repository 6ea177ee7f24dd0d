using System.CommandLine;
using System.Diagnostics;
using HanBench.Bench.Capture;
using HanBench.Bench.Hil;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench bench run BENCH.json [--junit OUT.xml] [--db FILE]</c>: checks the bench file (a precise error and
/// exit 2 when it is wrong), starts what is virtual, opens the boards' ports, runs the scenario with live progress (the
/// DCC side through the inventory, the service requests and the distribution engine, on a temporary inventory unless
/// <c>--db</c> names one to keep), and writes JUnit XML (one test case per device step). Exit 0 when every step passed, 1 when one failed or the bench would not start;
/// Ctrl-C or SIGTERM stops it between two bench events (boards stopped, inventory closed, temporary files deleted) with
/// 130 or 143, as every command (<see cref="StopSignal"/>). Its temporary files live in one folder named after its
/// process (<see cref="ProcessTemporaryFolder"/>), so one a SIGKILLed run left goes when the next run starts. The
/// work is <see cref="BenchFileLoader"/>, <see cref="HilBench"/>, <see cref="BenchRunner"/> and <see cref="JUnitReport"/>.
/// </summary>
public static class BenchRunCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("bench") { Description = "Bench file (bench.json; see boards/benches/README.md)." };
        var junit = new Option<string?>("--junit") { Description = "Write the results as JUnit XML to this file." };
        var workDir = new Option<string?>("--work-dir") { Description = "Where board processes keep their state (default: a temporary folder, deleted afterwards)." };
        Option<string?> keystore = KeystoreOption.CreateForDevices();
        // --db, as every command that works on an inventory names it (issue 13 §2); --inventory, its name before, still works.
        var inventory = new Option<string?>("--db", "--inventory") { Description = "The DCC side's inventory (SQLite), kept after the run (default: a temporary one, deleted afterwards)." };
        Option<string?> capture = CaptureOption.Create();
        Option<string?> gbcsLog = CaptureOption.CreateGbcsLog();
        Option<bool> insecure = InsecureOption.Create();
        var command = new Command("run", "Run a bench file: virtual roles, board processes and real boards on serial ports, with the host as the medium between them.")
        {
            file, junit, workDir, inventory, capture, gbcsLog, insecure, keystore,
        };
        command.SetAction(parse => Run(console, parse.GetValue(file)!, parse.GetValue(junit), parse.GetValue(workDir), parse.GetValue(inventory), parse.GetValue(capture), parse.GetValue(gbcsLog), InsecureOption.Read(console, parse.GetValue(insecure)), parse.GetValue(keystore)));
        return command;
    }

    private static int Run(CliConsole console, string path, string? junitPath, string? workDir, string? inventoryPath, string? capturePath, string? gbcsLogPath, bool insecure, string? keystore)
    {
        FileArguments.RefuseFolder(path, "bench file");

        if (inventoryPath is not null)
        {
            FileArguments.RefuseUnplaceable(inventoryPath, "--db");
        }

        BenchFile bench;
        try
        {
            bench = BenchFileLoader.Load(path);
        }
        catch (BenchFileException ex)
        {
            throw new CliException(ex.Message, ExitCodes.BadInput);
        }

        // An inventory another engine works on is refused before anything is printed or made (the keystore, temporary
        // files); a bad bench file before the lock, whose file would be left beside an inventory never made.
        using InventoryEngineLock? engineLock = inventoryPath is null ? null : InventoryAccess.LockForEngine(inventoryPath, "bench run");

        BoardProvisioning provisioning = KeystoreOption.Provisioning(console, keystore);

        console.Out.WriteLine($"bench {bench.Name}: {bench.Nodes.Count} node(s) ({string.Join(", ", bench.Nodes.Select(n => $"{n.Name} {n.Run.ToString().ToLowerInvariant()}"))}), {bench.Steps.Count} step(s)");
        // The boards' state and a temporary inventory in a folder named after this process: deleted on the way out, Ctrl-C
        // and SIGTERM included (they stop the run through the bench's token); a SIGKILLed run's goes when the next one starts.
        using var stop = new StopSignal();
        using ProcessTemporaryFolder? temporary = workDir is null || inventoryPath is null ? ProcessTemporaryFolder.Create("hanbench-bench-") : null;
        string boards = workDir ?? Directory.CreateDirectory(Path.Combine(temporary!.Path, "boards")).FullName;
        string inventory = inventoryPath ?? Path.Combine(temporary!.Path, "inventory.db");
        var started = Stopwatch.StartNew();
        using HanCapture? capture = CaptureOption.Open(capturePath, console);
        using GbcsTranscript? transcript = CaptureOption.OpenGbcsLog(gbcsLogPath, console, ClockTimeProvider.BenchEpoch);
        IFrameRecorder? taps = FrameRecorders.Combine(capture, transcript);
        BenchReport? report;
        HilBench? hil = null;
        try
        {
            try
            {
                hil = HilBench.StartAsync(bench, new HilOptions { WorkDirectory = boards, Insecure = insecure, Provisioning = provisioning }, line => console.Out.WriteLine("  " + line), stop.Token).GetAwaiter().GetResult();
            }
            catch (HilStartException ex)
            {
                report = BenchRunner.StartFailure(bench, ex, started.Elapsed.TotalSeconds);
                WriteJUnit(console, report, junitPath);
                console.Error.WriteLine($"hanbench: bench {bench.Name} did not start: {ex.Message}");
                InsecureOption.Remind(console, insecure);
                return stop.ExitCode(console, "bench run", ExitCodes.Failed);
            }

            // Every frame the host's medium carries between the nodes (boards' links included), in real time.
            using MediumCapture? recording = taps is null ? null : new MediumCapture(hil.Medium, taps);
            report = BenchRunner.Run(hil, line => console.Out.WriteLine(line), inventory, keepInventory: inventoryPath is not null);
        }
        catch (OperationCanceledException) when (stop.Signal is not null)
        {
            report = null;
        }
        finally
        {
            hil?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (report is null)
        {
            InsecureOption.Remind(console, insecure);
            return stop.ExitCode(console, "bench run", ExitCodes.Failed);
        }

        WriteJUnit(console, report, junitPath);
        int passed = report.Cases.Count - report.Failures;
        console.Out.WriteLine($"bench {bench.Name}: {passed} of {report.Cases.Count} device step(s) passed in {report.Seconds:F1} s");
        foreach (BenchCaseResult failure in report.Cases.Where(c => !c.Passed))
        {
            console.Out.WriteLine($"  FAILED {failure.Device} {failure.Step}: {failure.Failure}");
        }

        InsecureOption.Remind(console, insecure);
        return stop.ExitCode(console, "bench run", report.Failures == 0 ? ExitCodes.Ok : ExitCodes.Failed);
    }

    private static void WriteJUnit(CliConsole console, BenchReport report, string? path)
    {
        if (path is null)
        {
            return;
        }

        JUnitReport.Write(report, path);
        console.Out.WriteLine($"JUnit XML: {Path.GetFullPath(path)}");
    }
}
