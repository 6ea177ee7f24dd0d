using System.CommandLine;
using System.Globalization;
using HanBench.Cli.Output;
using HanBench.Host.Inventory;
using HanBench.Tooling.Benchmarks;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench bench scale [--devices N]</c>: runs <see cref="ScaleBenchmark"/> (the inventory at SECMP0170 §4.3
/// volumetrics) on a fresh database file and prints its figures as a table or JSON. Nothing here asserts a time.
/// </summary>
public static class ScaleBenchCommand
{
    /// <summary>The <c>scale</c> subcommand of <c>hanbench bench</c>.</summary>
    public static Command Create(CliConsole console)
    {
        var devices = new Option<long>("--devices") { Description = "Alt HAN bridges in all, split B1–B4 as SECMP0170 §4.3 (default 1,602,584).", DefaultValueFactory = _ => ScaleBenchmark.SeedVolumes.Sum() };
        var db = new Option<string?>("--db") { Description = "Database file to build, deleted afterwards unless --keep (default: a temporary file)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the --db file afterwards." };
        var json = InventoryAccess.JsonOption();
        var scale = new Command("scale", "Inventory at SECMP0170 volumetrics: pre-notify, one 11.4 for 100,000 bridges, AltHANCo report, database size.") { devices, db, keep, json };
        scale.SetAction(parse =>
        {
            long n = parse.GetValue(devices);
            if (n < 4)
            {
                throw new CliException("--devices must be at least 4 (one bridge of each variant)", ExitCodes.BadInput);
            }

            // Without --db the database (1.3 GB at full volume) lives in a folder named after this process: Ctrl-C and
            // SIGTERM delete it on their way out, and one left by a SIGKILLed run goes when the next run starts (issue 13 §1).
            string? given = parse.GetValue(db);
            bool kept = parse.GetValue(keep);
            if (given is null && kept)
            {
                throw new CliException("--keep needs --db FILE: without it the database is a temporary file, always deleted", ExitCodes.BadInput);
            }

            if (given is not null)
            {
                FileArguments.RefuseUnplaceable(given, "--db");
            }

            if (given is not null && File.Exists(given))
            {
                throw new CliException($"{given} exists; the benchmark builds a fresh database", ExitCodes.BadInput);
            }

            using ProcessTemporaryFolder? temporary = given is null ? ProcessTemporaryFolder.Create("hanbench-scale-") : null;
            string path = given ?? Path.Combine(temporary!.Path, "inventory.db");
            string[] files = kept ? [] : InventoryStore.FilesOf(path);

            // A database that goes anyway (temporary, or --db without --keep) is deleted at once on Ctrl-C or SIGTERM, and
            // the process ends there. A kept one (review F14) stops cleanly instead: at the next step, which the benchmark
            // announces outside any transaction, so every transaction finishes and the database is closed (StopSignal).
            using TemporaryFilesOnSignal? cleanup = kept ? null : new(temporary is null ? files : [temporary.Path], console, "bench scale");
            using StopSignal? stop = kept ? new StopSignal() : null;
            _ = stop?.Requested.ContinueWith(_ => console.Error.WriteLine("hanbench: bench scale: stopping once the step under way has finished (--db is kept)"), TaskScheduler.Default);
            ScaleFigures figures;
            try
            {
                figures = ScaleBenchmark.Run(path, n, line =>
                {
                    if (stop?.Signal is not null)
                    {
                        throw new OperationCanceledException("bench scale was asked to stop");
                    }

                    if (!parse.GetValue(json))
                    {
                        console.Error.WriteLine(line);
                    }
                });
            }
            catch (ScaleBenchmarkException e)
            {
                throw new CliException(e.Message, ExitCodes.Failed);
            }
            catch (OperationCanceledException) when (stop?.Signal is not null)
            {
                return stop.ExitCode(console, "bench scale", ExitCodes.Failed);
            }
            finally
            {
                foreach (string file in files)
                {
                    File.Delete(file);
                }
            }

            if (parse.GetValue(json))
            {
                CliJson.Write(console, figures.WriteJson);
            }
            else
            {
                WriteTable(console, figures);
            }

            return stop?.ExitCode(console, "bench scale", ExitCodes.Ok) ?? ExitCodes.Ok;
        });
        return scale;
    }

    private static void WriteTable(CliConsole console, ScaleFigures figures)
    {
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape($"{figures.BridgesPerVariant.Sum():N0} bridges (B1 {figures.BridgesPerVariant[0]:N0} · B2 {figures.BridgesPerVariant[1]:N0} · B3 {figures.BridgesPerVariant[2]:N0} · B4 {figures.BridgesPerVariant[3]:N0}) on {figures.CommsHubs:N0} Comms Hubs")) };
        table.AddColumn("Step");
        table.AddColumn(new TableColumn("Items").RightAligned());
        table.AddColumn(new TableColumn("Seconds").RightAligned());
        table.AddColumn(new TableColumn("CPU s").RightAligned());
        table.AddColumn($"< {ScaleFigures.GoalSeconds:0} s");
        foreach (ScaleStep step in figures.Steps)
        {
            table.AddRow(Markup.Escape(step.Description), step.Items.ToString("N0", CultureInfo.InvariantCulture), step.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), step.Cpu.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), step.Elapsed.TotalSeconds < ScaleFigures.GoalSeconds ? "yes" : "NO");
        }

        console.WriteTable(table);
        console.Out.WriteLine($"database: {figures.DatabaseBytes / 1048576.0:0.0} MiB ({figures.DatabaseBytes:N0} bytes)");
    }
}
