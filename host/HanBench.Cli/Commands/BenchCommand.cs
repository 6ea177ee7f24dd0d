using System.CommandLine;
using System.Globalization;
using HanBench.Bench.Capture;
using HanBench.Bench.Ota;
using HanBench.Bench.Radio;
using HanBench.Cli.Output;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench bench ota [--size N] [--json]</c>: the OTA transfer benchmark in virtual time (deterministic), on every link
/// model. The logic is <see cref="OtaBenchmark"/>; this prints it as a table or as JSON for scripts.
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var bench = new Command("bench", "Benchmarks that print figures: OTA transfer in virtual time (deterministic) and the inventory at SECMP0170 scale.");
        bench.Add(CreateOta(console));
        bench.Add(ScaleBenchCommand.Create(console));
        bench.Add(DuisLoadCommand.Create(console));
        bench.Add(BenchRunCommand.Create(console));
        return bench;
    }

    private static Command CreateOta(CliConsole console)
    {
        var size = new Option<int>("--size") { Description = "Image size in bytes.", DefaultValueFactory = _ => OtaBenchmark.DefaultImageBytes };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        Option<string?> capture = CaptureOption.Create();
        var device = new Option<string>("--device")
        {
            Description = "Boards at both ends whose CPU time is charged (estimates, see DeviceCpuModel): esp32, esp32-s3 or none.",
            DefaultValueFactory = _ => DeviceCpuModel.Esp32.Name,
        };
        var explain = new Option<bool>("--explain") { Description = "Print the ZigBee radio model's constants with their sources (IEEE 802.15.4-2006, ZigBee PRO, Smart Energy) and the calibration cases, then exit." };
        var command = new Command("ota", "Transfer an OTA image over each link model (UART 921,600 8N1; ZigBee Smart Energy over 802.15.4: pages, blocks, zigbee-herdsman's default server, pages via a router) and report time, goodput and efficiency, whether the line or the device CPU bounds it, and the model beside published transfers.") { size, json, device, capture, explain };
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(explain))
            {
                WriteExplain(console, parseResult.GetValue(json));
                return ExitCodes.Ok;
            }

            int bytes = parseResult.GetValue(size);
            if (bytes < 1024 || bytes > 16_000_000)
            {
                throw new CliException($"--size must be 1024 to 16000000 bytes, not {bytes}", ExitCodes.BadInput);
            }

            DeviceCpuModel model;
            try
            {
                model = DeviceCpuModel.Parse(parseResult.GetValue(device)!);
            }
            catch (ArgumentException e)
            {
                throw new CliException("--device: " + e.Message.Split(" (Parameter", 2)[0], ExitCodes.BadInput);
            }

            using HanCapture? file = CaptureOption.Open(parseResult.GetValue(capture), console);
            OtaBenchReport report = OtaBenchmark.Run(bytes, model, file);
            if (parseResult.GetValue(json))
            {
                CliJson.Write(console, OtaBenchJson.From(report));
            }
            else
            {
                WriteTable(console, report);
            }

            return report.Links.All(l => l.Completed) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    // The radio model's constants with their sources (issue 14): one record per line.
    private static void WriteExplain(CliConsole console, bool json)
    {
        IReadOnlyList<(string Name, string Value, string Source)> rows = ZigBeeStack.SmartEnergy.Explain();
        if (json)
        {
            CliJson.Write(console, RadioModelJson.From(rows));
            return;
        }

        var table = new Table().Border(TableBorder.None).Title("ZigBee Smart Energy radio model (802.15.4 hops)");
        foreach (string heading in new[] { "constant", "value", "source" })
        {
            table.AddColumn(new TableColumn(heading).NoWrap().PadLeft(0).PadRight(2));
        }

        foreach ((string name, string value, string source) in rows)
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value), Markup.Escape(source));
        }

        console.WriteTable(table);
        console.Out.WriteLine("Per frame: CSMA-CA backoff (seeded), CCA, turnaround, the frame, turnaround, MAC ACK, IFS; no ACK: retry after macAckWaitDuration.");
        console.Out.WriteLine("Unicasts: an APS ACK back over every NWK hop, APS retry after apscAckWaitDuration; loss applies to every frame on air.");
        console.Out.WriteLine("Sleepy end device: frames to it wait at its parent until its next poll (a MAC Data Request), discarded after macTransactionPersistenceTime.");
        console.Out.WriteLine("Calibration (bench ota prints the model's figures): b-parasite PR 192 (40-byte blocks 0.864 s apart on a sleepy end device); zigbee-herdsman's defaults (50 B, 250 ms: 200 B/s); esp-zigbee-sdk issue 833 (~50 B per secured frame, ~11,800 blocks for ~591 KB).");
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("F2", CultureInfo.InvariantCulture) + "%";

    // The same transfers with the boards' CPU time charged (DeviceCpuModel): what to expect on real boards.
    private static void WriteDeviceTable(CliConsole console, OtaBenchReport report)
    {
        DeviceCharge? first = report.Links.Select(r => r.Device).FirstOrDefault(d => d != null);
        if (first == null)
        {
            return;
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.None).Title($"On {first.Device} boards (device CPU charged; estimates)");
        foreach (string heading in new[] { "link", "mode", "sender s", "receiver s", "time s", "B/s", "bound" })
        {
            TableColumn column = new TableColumn(heading).NoWrap().PadLeft(0).PadRight(2);
            table.AddColumn(heading is "link" or "mode" or "bound" ? column : column.RightAligned());
        }

        foreach (OtaLinkResult r in report.Links.Where(r => r.Device != null))
        {
            DeviceCharge d = r.Device!;
            table.AddRow(
                Markup.Escape(r.Link),
                Markup.Escape(r.Mode),
                d.SenderSeconds.ToString("F3", inv),
                d.ReceiverSeconds.ToString("F3", inv),
                d.ExpectedSeconds.ToString("F3", inv),
                (r.ImageBytes / d.ExpectedSeconds).ToString("N0", inv),
                d.Bound);
        }

        console.Ansi.Write(table);
        console.Out.WriteLine("sender/receiver s: CPU time for the image at each end; page modes overlap line and CPUs, stop-and-wait adds them; bound: what sets the pace.");
    }

    // The ZigBee model set up like published transfers (issue 14), each within ±20 % of the published figure.
    private static void WriteCalibrationTable(CliConsole console, OtaBenchReport report)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.None).Title("ZigBee model against published transfers");
        foreach (string heading in new[] { "case", "quantity", "published", "model", "dev.", "source" })
        {
            TableColumn column = new TableColumn(heading).NoWrap().PadLeft(0).PadRight(2);
            table.AddColumn(heading is "published" or "model" or "dev." ? column.RightAligned() : column);
        }

        foreach (OtaCalibration c in report.Calibrations)
        {
            string deviation = c.Deviation.ToString("+0.0%;-0.0%", inv);
            table.AddRow(
                Markup.Escape(c.Case),
                Markup.Escape(c.Quantity),
                Markup.Escape(Figure(c.Published) + " " + c.Unit),
                Markup.Escape(Figure(c.Model) + " " + c.Unit),
                Math.Abs(c.Deviation) <= OtaCalibrations.Tolerance ? deviation : "[red]" + deviation + "[/]",
                Markup.Escape(c.Source));
        }

        console.WriteTable(table);
    }

    private static string Figure(double value) => value.ToString(value >= 1000 ? "N0" : "0.###", CultureInfo.InvariantCulture);

    private static void WriteTable(CliConsole console, OtaBenchReport report)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.None).Title($"OTA transfer of {report.ImageBytes.ToString("N0", inv)} bytes (virtual time)");
        foreach (string heading in new[] { "link", "mode", "block", "time s", "B/s", "eff.", "ceiling", "req." })
        {
            TableColumn column = new TableColumn(heading).NoWrap().PadLeft(0).PadRight(2);
            table.AddColumn(heading is "link" or "mode" ? column : column.RightAligned());
        }

        foreach (OtaLinkResult r in report.Links)
        {
            table.AddRow(
                Markup.Escape(r.Link),
                Markup.Escape(r.Mode),
                r.BlockSize.ToString(inv),
                r.SimulatedSeconds.ToString("F3", inv),
                r.GoodputBytesPerSecond.ToString("N0", inv),
                r.Completed ? Percent(r.Efficiency) : "[red]FAILED[/]",
                Percent(r.CeilingEfficiency),
                r.RoundTrips.ToString(inv));
        }

        console.WriteTable(table);
        foreach (OtaLinkResult r in report.Links.DistinctBy(r => r.Link))
        {
            console.Out.WriteLine(string.Create(inv, $"{r.Link}: efficiency against {r.LimitBytesPerSecond:N0} B/s, {r.LimitBasis}"));
        }

        console.Out.WriteLine("ceiling: the efficiency the block size and framing alone leave; acfc: link address compression in the stream framing.");
        WriteDeviceTable(console, report);
        console.Out.WriteLine(string.Create(inv, $"802.15.4 page requests vs zigbee-herdsman's default server (z2m-default): {report.ZigBeePageSpeedUp:F1}x faster"));
        WriteCalibrationTable(console, report);
        console.Out.WriteLine(string.Create(inv, $"allocated per block in steady state: server {report.AllocatedBytesPerServedBlock:F1} B, client {report.AllocatedBytesPerReceivedBlock:F1} B; peak image store {report.PeakImageStoreBytes:N0} B"));
    }
}
