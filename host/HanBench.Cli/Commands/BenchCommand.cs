using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HanBench.Bench.Capture;
using HanBench.Bench.Ota;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench bench ota [--size N] [--json]</c>: the OTA transfer benchmark in virtual time (deterministic), on every link
/// model. The logic is <see cref="OtaBenchmark"/>; this prints it as a table or as JSON for scripts.
/// </summary>
public static class BenchCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

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
        var command = new Command("ota", "Transfer an OTA image over each link model (UART 921,600 8N1; 802.15.4 pages, blocks, Zigbee2MQTT-like default) and report time, goodput and efficiency, and whether the line or the device CPU bounds it.") { size, json, device, capture };
        command.SetAction(parseResult =>
        {
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
                console.Out.WriteLine(ToJson(report).ToJsonString(Indented));
            }
            else
            {
                WriteTable(console, report);
            }

            return report.Links.All(l => l.Completed) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>The report as JSON: one object per link with an <c>efficiency</c> figure (a fraction of the link's limit).</summary>
    public static JsonObject ToJson(OtaBenchReport report)
    {
        var links = new JsonArray();
        foreach (OtaLinkResult r in report.Links)
        {
            links.Add(new JsonObject
            {
                ["link"] = r.Link,
                ["mode"] = r.Mode,
                ["completed"] = r.Completed,
                ["imageBytes"] = r.ImageBytes,
                ["blockSize"] = r.BlockSize,
                ["simulatedSeconds"] = Math.Round(r.SimulatedSeconds, 6),
                ["goodputBytesPerSecond"] = Math.Round(r.GoodputBytesPerSecond, 3),
                ["limitBytesPerSecond"] = Math.Round(r.LimitBytesPerSecond, 3),
                ["limitBasis"] = r.LimitBasis,
                ["efficiency"] = Math.Round(r.Efficiency, 6),
                ["ceilingEfficiency"] = Math.Round(r.CeilingEfficiency, 6),
                ["framesToClient"] = r.FramesToClient,
                ["framesToServer"] = r.FramesToServer,
                ["roundTrips"] = r.RoundTrips,
                ["lineBytes"] = r.LineBytes,
                ["device"] = r.Device == null ? null : new JsonObject
                {
                    ["name"] = r.Device.Device,
                    ["senderCpuSeconds"] = Math.Round(r.Device.SenderSeconds, 6),
                    ["receiverCpuSeconds"] = Math.Round(r.Device.ReceiverSeconds, 6),
                    ["expectedSeconds"] = Math.Round(r.Device.ExpectedSeconds, 6),
                    ["bound"] = r.Device.Bound,
                },
            });
        }

        return new JsonObject
        {
            ["imageBytes"] = report.ImageBytes,
            ["links"] = links,
            ["zigbeePageSpeedUpOverDefault"] = Math.Round(report.ZigBeePageSpeedUp, 3),
            ["allocatedBytesPerServedBlock"] = report.AllocatedBytesPerServedBlock,
            ["allocatedBytesPerReceivedBlock"] = report.AllocatedBytesPerReceivedBlock,
            ["peakImageStoreBytes"] = report.PeakImageStoreBytes,
        };
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
        console.Out.WriteLine(string.Create(inv, $"802.15.4 page requests vs the Zigbee2MQTT-like default: {report.ZigBeePageSpeedUp:F1}x faster"));
        console.Out.WriteLine(string.Create(inv, $"allocated per block in steady state: server {report.AllocatedBytesPerServedBlock:F1} B, client {report.AllocatedBytesPerReceivedBlock:F1} B; peak image store {report.PeakImageStoreBytes:N0} B"));
    }
}
