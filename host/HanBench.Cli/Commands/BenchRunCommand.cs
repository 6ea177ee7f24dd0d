using System.CommandLine;
using System.Diagnostics;
using HanBench.Bench.Capture;
using HanBench.Bench.Hil;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench bench run BENCH.json [--junit OUT.xml] [--inventory FILE]</c>: checks the bench file (a precise error and
/// exit 2 when it is wrong), starts what is virtual, opens the boards' ports, runs the scenario with live progress (the
/// DCC side through the inventory, the service requests and the distribution engine, on a temporary inventory unless
/// <c>--inventory</c> names one to keep), and writes JUnit XML (one test case per device step). Exit 0 when every step passed, 1 when one failed or the bench would not start. The
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
        var inventory = new Option<string?>("--inventory") { Description = "The DCC side's inventory (SQLite), kept after the run (default: a temporary one, deleted afterwards)." };
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
        BenchFile bench;
        try
        {
            bench = BenchFileLoader.Load(path);
        }
        catch (BenchFileException ex)
        {
            throw new CliException(ex.Message, ExitCodes.BadInput);
        }

        BoardProvisioning provisioning = KeystoreOption.Provisioning(console, keystore);

        console.Out.WriteLine($"bench {bench.Name}: {bench.Nodes.Count} node(s) ({string.Join(", ", bench.Nodes.Select(n => $"{n.Name} {n.Run.ToString().ToLowerInvariant()}"))}), {bench.Steps.Count} step(s)");
        using InventoryEngineLock? engineLock = inventoryPath is null ? null : InventoryAccess.LockForEngine(inventoryPath, "bench run");
        var started = Stopwatch.StartNew();
        using HanCapture? capture = CaptureOption.Open(capturePath, console);
        using GbcsTranscript? transcript = CaptureOption.OpenGbcsLog(gbcsLogPath, console, ClockTimeProvider.BenchEpoch);
        IFrameRecorder? taps = FrameRecorders.Combine(capture, transcript);
        BenchReport report;
        HilBench? hil = null;
        try
        {
            try
            {
                hil = HilBench.StartAsync(bench, new HilOptions { WorkDirectory = workDir, Insecure = insecure, Provisioning = provisioning }, line => console.Out.WriteLine("  " + line), CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (HilStartException ex)
            {
                report = BenchRunner.StartFailure(bench, ex, started.Elapsed.TotalSeconds);
                WriteJUnit(console, report, junitPath);
                console.Error.WriteLine($"hanbench: bench {bench.Name} did not start: {ex.Message}");
                InsecureOption.Remind(console, insecure);
                return ExitCodes.Failed;
            }

            // Every frame the host's medium carries between the nodes (boards' links included), in real time.
            using MediumCapture? recording = taps is null ? null : new MediumCapture(hil.Medium, taps);
            report = BenchRunner.Run(hil, line => console.Out.WriteLine(line), inventoryPath);
        }
        finally
        {
            hil?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        WriteJUnit(console, report, junitPath);
        int passed = report.Cases.Count - report.Failures;
        console.Out.WriteLine($"bench {bench.Name}: {passed} of {report.Cases.Count} device step(s) passed in {report.Seconds:F1} s");
        foreach (BenchCaseResult failure in report.Cases.Where(c => !c.Passed))
        {
            console.Out.WriteLine($"  FAILED {failure.Device} {failure.Step}: {failure.Failure}");
        }

        InsecureOption.Remind(console, insecure);
        return report.Failures == 0 ? ExitCodes.Ok : ExitCodes.Failed;
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
