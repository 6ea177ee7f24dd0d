using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HanBench.Bench.Capture;
using HanBench.Bench.Topology;
using HanBench.Cli.Output;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Tooling.Demo;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench demo</c>: the main job, with no hardware and no set-up. A standard bench (Comms Hub, PPMID, bridges B1–B4,
/// meter traffic behind them) runs in this process; <see cref="DemoRunner"/> (HanBench.Host) does every step; this
/// command only renders: live progress bars on a terminal (plain lines when output is redirected or NO_COLOR is set), the DCC alerts as they
/// arrive (N64 when the Comms Hub activates its own image last), and a table of versions before and after with timings
/// (the hub's row last), or <c>--json</c>.
/// </summary>
public static class DemoCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(CliConsole console)
    {
        var realTime = new Option<bool>("--real-time") { Description = "Pace the bench to the wall clock (see --scale) instead of running virtual time as fast as possible." };
        var virtualTime = new Option<bool>("--virtual-time") { Description = "Run in virtual time as fast as possible (the default)." };
        var scale = new Option<double>("--scale") { Description = "With --real-time: bench seconds per wall second (default 1; 20 makes a run of a few minutes).", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the bench and the images (default: fixed, so runs repeat).", DefaultValueFactory = _ => new DemoOptions().Seed };
        var json = new Option<bool>("--json") { Description = "Print only a machine-readable summary." };
        Option<string?> keystore = KeystoreOption.CreateForDevices();
        // --db, as every command that works on an inventory names it (issue 13 §2); --inventory, its name before, still works.
        var keep = new Option<string?>("--db", "--inventory") { Description = "Keep the inventory in this SQLite file (default: a temporary file, deleted at the end), the devices' state beside it in FILE.bench; run again on the same file, a stopped or killed demo resumes." };
        Option<string?> capture = CaptureOption.Create();
        Option<string?> gbcsLog = CaptureOption.CreateGbcsLog();
        Option<bool> insecureOption = InsecureOption.Create();
        var command = new Command("demo", "Run the main job on a virtual bench: commission, read versions, distribute SiLabs and Broadcom images, update and activate the Comms Hub's own firmware, show alerts and progress.")
        {
            realTime, virtualTime, scale, seed, json, keep, capture, gbcsLog, insecureOption, keystore,
        };
        command.SetAction(parse =>
        {
            bool paced = parse.GetValue(realTime);
            if (paced && parse.GetValue(virtualTime))
            {
                throw new CliException("--real-time and --virtual-time exclude each other", ExitCodes.BadInput);
            }

            double pace = parse.GetValue(scale);
            if (!(pace > 0) || double.IsInfinity(pace))
            {
                throw new CliException($"--scale must be a positive number, not {pace.ToString(CultureInfo.InvariantCulture)}", ExitCodes.BadInput);
            }

            if (!paced && parse.GetResult(scale) is { Implicit: false })
            {
                throw new CliException("--scale paces a --real-time demo; without --real-time the demo runs virtual time as fast as it can (give --real-time too)", ExitCodes.BadInput);
            }

            // Every path checked before anything is made (the keystore, a temporary folder): a mistyped folder loses nothing.
            string? inventory = parse.GetValue(keep);
            foreach ((string? given, string option) in new[] { (inventory, "--db"), (parse.GetValue(capture), "--capture"), (parse.GetValue(gbcsLog), "--gbcs-log") })
            {
                if (given is not null)
                {
                    FileArguments.RefuseUnplaceable(given, option);
                }
            }

            // A temporary inventory lives in a folder named after this process, deleted on the way out; one left by a
            // SIGKILLed demo goes when the next demo starts. A kept one resumes when it exists already: its devices' flash,
            // seed and clock are kept beside it (KeptDemoBench). Ctrl-C and SIGTERM stop the demo between two bench events
            // (StoppableDemoBench), so it ends as any end does: transactions finished, inventory closed, temporary deleted.
            using ProcessTemporaryFolder? temporary = inventory is null ? ProcessTemporaryFolder.Create("hanbench-demo-") : null;
            string path = temporary is null ? Path.GetFullPath(inventory!) : Path.Combine(temporary.Path, "inventory.db");
            using var stop = new StopSignal();
            using InventoryEngineLock? engineLock = inventory is null ? null : InventoryAccess.LockForEngine(path, "demo");
            KeptDemoBench? kept = null;
            if (inventory is not null)
            {
                try
                {
                    kept = KeptDemoBench.Open(path, parse.GetValue(seed), seedGiven: parse.GetResult(seed) is { Implicit: false });
                }
                catch (InvalidOperationException e)
                {
                    throw new CliException(e.Message, ExitCodes.BadInput);
                }
            }

            var options = new DemoOptions
            {
                Seed = kept?.Seed ?? parse.GetValue(seed),
                InventoryPath = path,
                KeepInventory = inventory is not null,
            };

            bool insecure = InsecureOption.Read(console, parse.GetValue(insecureOption));
            BoardProvisioning provisioning = KeystoreOption.Provisioning(console, parse.GetValue(keystore));
            // Devices that keep their state remember the GBCS counters they accepted: the host's come from the inventory.
            using InventoryStore? counterStore = kept is null ? null : InventoryStore.Open(path);
            var bench = new StandardDemoBench(new StandardBench(options.Seed, new StandardBenchOptions
            {
                Insecure = insecure, Provisioning = provisioning, StateDirectory = kept?.Directory, StartMs = kept?.StartMs ?? 0,
                Counters = counterStore is null ? null : new InventoryOriginatorCounter(counterStore),
            }), paced ? pace : null);
            kept?.KeepClock(bench.Bench.Scheduler);
            using HanCapture? file = CaptureOption.Open(parse.GetValue(capture), console);
            using GbcsTranscript? transcript = CaptureOption.OpenGbcsLog(parse.GetValue(gbcsLog), console, ClockTimeProvider.BenchEpoch);
            IFrameRecorder? taps = FrameRecorders.Combine(file, transcript);
            using MediumCapture? recording = taps is null ? null : new MediumCapture(bench.Bench.Medium, taps);
            bool asJson = parse.GetValue(json);
            var stoppable = new StoppableDemoBench(bench, stop.Requested);
            DemoReport report;
            try
            {
                if (asJson)
                {
                    report = new DemoRunner(stoppable, options, new SilentObserver()).Run();
                    CliJson.WriteNode(console, JsonSerializer.SerializeToNode(report, Json));
                }
                else
                {
                    console.WriteTitle($"[bold]HanBench demo[/]: Alt HAN firmware distribution on a virtual bench ({(paced ? $"real time ×{pace.ToString(CultureInfo.InvariantCulture)}" : "virtual time")}){(insecure ? ", [bold red]INSECURE: GBCS checks not enforced[/]" : string.Empty)}");
                    report = Live(console) ? RunLive(console, stoppable, options) : new DemoRunner(stoppable, options, new LineObserver(console)).Run();
                    WriteSummary(console, report, console.IsTerminal);
                }
            }
            catch (OperationCanceledException) when (stop.Signal is not null)
            {
                InsecureOption.Remind(console, insecure);
                return stop.ExitCode(console, "demo", ExitCodes.Failed);
            }

            InsecureOption.Remind(console, insecure);
            return stop.ExitCode(console, "demo", report.Succeeded ? ExitCodes.Ok : ExitCodes.Failed);
        });
        return command;
    }

    /// <summary>
    /// Progress bars only on a real terminal that takes escape codes (they redraw by moving the cursor); a redirected
    /// output, or a terminal with <c>NO_COLOR</c>, gets plain lines.
    /// </summary>
    private static bool Live(CliConsole console) => console.IsStyled;

    private static DemoReport RunLive(CliConsole console, IDemoBench bench, DemoOptions options)
    {
        using var display = new DemoLiveDisplay(console.Out, () => (console.Ansi.Profile.Width, console.Ansi.Profile.Height), TimeProvider.System);
        return new DemoRunner(bench, options, display).Run();
    }

    private static void WriteSummary(CliConsole console, DemoReport report, bool live)
    {
        string[] headers = ["Device", "Component", "Before", "After", "Inventory", "State", "Image", "HAN leg", "Total"];
        var rows = report.Devices.SelectMany(device => device.Components.Select(component => new[]
        {
            device.Name, component.Component, component.Before, component.After ?? "?", component.Inventory ?? "-", component.State,
            $"{component.ImageBytes / 1000.0:N0} KB", Seconds(component.HanTransferMs), Seconds(component.TotalMs),
        })).ToList();
        if (live)
        {
            var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle("Firmware before and after") };
            foreach (string header in headers)
            {
                table.AddColumn(new TableColumn(header).NoWrap());
            }

            foreach (string[] row in rows)
            {
                row[5] = row[5] == nameof(FirmwareProgressState.Activated) ? "[green]Activated[/]" : $"[red]{Markup.Escape(row[5])}[/]";
                table.AddRow(row.Select((cell, i) => i == 5 ? cell : Markup.Escape(cell)).ToArray());
            }

            console.WriteTable(table);
        }
        else
        {
            // Redirected output: an aligned plain table that never wraps, whatever the width.
            int[] widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
            console.Out.WriteLine("Firmware before and after");
            console.Out.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
            foreach (string[] row in rows)
            {
                console.Out.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
            }
        }

        string alerts = string.Join(", ", report.Alerts.GroupBy(a => a.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()}× {g.Key}"));
        console.Out.WriteLine($"DCC alerts: {alerts}");
        if (report.Refusal is { } refusal)
        {
            console.Out.WriteLine($"Refused: {refusal.ImageBytes:N0}-byte image, {refusal.Base64Characters:N0} Base64 characters → {refusal.ResponseCode}");
        }

        console.Out.WriteLine($"Meter reports during the run: {report.MeterReports:N0} delivered, {report.MeterReportsLost:N0} lost");
        console.Out.WriteLine($"Time: {report.VirtualMs / 1000.0:N1} s of bench time in {report.WallMs / 1000.0:N1} s of wall time");
        if (report.InventoryPath is { } path)
        {
            console.Out.WriteLine($"Inventory kept: {path}{(report.Resumed ? " (resumed from an earlier run)" : string.Empty)}");
        }

        if (report.FinishedBefore)
        {
            console.Out.WriteLine("The demo on this inventory had finished already: nothing was repeated; the table and the alert checks are the earlier run's outcome.");
        }

        if (report.Succeeded)
        {
            console.Out.WriteLine("Result: every update activated; every alert issued once.");
        }
        else
        {
            console.Error.WriteLine("hanbench: demo: expected steps failed:");
            foreach (string failure in report.Failures)
            {
                console.Error.WriteLine($"  - {failure}");
            }
        }
    }

    private static string Seconds(long? ms) => ms is { } value ? $"{value / 1000.0:N1} s" : "-";

    /// <summary>A device update in one line: device, component, state, leg, ETA (the live bars and the plain lines share it).</summary>
    internal static string Describe(DistributionProgress progress, string device)
    {
        string leg = progress.Leg switch
        {
            DistributionLeg.Hub => "CSP→hub",
            DistributionLeg.Han => "hub→HAN",
            _ => string.Empty,
        };
        string eta = progress.EtaMs is { } ms && !progress.IsFinished && progress.Leg != DistributionLeg.None ? $" ETA {ms / 1000.0:N0} s" : string.Empty;
        return $"{device,-5} {progress.Component,-8} {progress.State,-15} {leg,-7}{eta}";
    }

    private sealed class SilentObserver : IDemoObserver
    {
        public void Step(string text)
        {
        }

        public void Note(string text)
        {
        }

        public void Alert(IssuedDccAlert alert, string deviceName)
        {
        }

        public void Progress(DistributionProgress progress, string deviceName)
        {
        }
    }

    /// <summary>Plain lines: steps, notes, alerts, and a device's progress at each state change and every quarter of a leg.</summary>
    private sealed class LineObserver(CliConsole console) : IDemoObserver
    {
        private readonly Dictionary<(long, Eui64), (FirmwareProgressState, DistributionLeg, int)> _shown = [];

        public void Step(string text) => console.Out.WriteLine($"== {text}");

        public void Note(string text) => console.Out.WriteLine($"   {text}");

        public void Alert(IssuedDccAlert alert, string deviceName) =>
            console.Out.WriteLine($"   ALERT {alert.AlertCode} {deviceName} (request {alert.RequestId ?? "-"})");

        public void Progress(DistributionProgress progress, string deviceName)
        {
            var key = (progress.RequestRowId, progress.DeviceId);
            int quarter = (int)(progress.Percent / 25);
            var now = (progress.State, progress.Leg, quarter);
            if (_shown.TryGetValue(key, out var last) && last == now)
            {
                return;
            }

            _shown[key] = now;
            console.Out.WriteLine($"   {Describe(progress, deviceName)} {progress.Percent,5:N1} % ({progress.BytesDone:N0}/{progress.BytesTotal:N0} bytes)");
        }
    }
}
