using System.CommandLine;
using System.Text.Json;
using HanBench.Cli.Output;
using HanBench.Tooling.Boards;
using HanBench.Host.Inventory;
using HanBench.Transports.Serial;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench ports</c>: the serial ports of this machine, as a table or JSON, and on each the HanBench board that
/// answers a management Ping (<see cref="ManagementBoardProber"/>: role, EUI-64, variant, versions), all ports probed
/// at once with a short bounded wait each. <c>--no-probe</c> lists without sending anything.
/// </summary>
public static class PortsCommand
{
    public static Command Create(CliConsole console) => Create(console, new ManagementBoardProber(), "/dev");

    public static Command Create(CliConsole console, IBoardProber prober, string deviceRoot)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (an array of ports) instead of a table." };
        var noProbe = new Option<bool>("--no-probe") { Description = "Only list the ports; send nothing to them." };
        var command = new Command("ports", "List serial ports (USB serial adapters, USB CDC boards, UARTs that answer) and the HanBench board on each.") { json, noProbe };
        command.SetAction(parse => Run(console, parse.GetValue(noProbe) ? new NoBoardProber() : prober, deviceRoot, parse.GetValue(json)));
        return command;
    }

    private static int Run(CliConsole console, IBoardProber prober, string deviceRoot, bool asJson)
    {
        IReadOnlyList<SerialPortInfo> ports;
        try
        {
            ports = SerialPortEnumerator.List(deviceRoot);
        }
        catch (PlatformNotSupportedException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Failed);
        }

        // Every port at once: the wait per port is bounded, so the listing takes one probe's time, not one per port.
        Task<BoardProbeResult?>[] probes = [.. ports.Select(p => prober.Probes && p.Status == "ok" ? prober.ProbeAsync(p.Path, CancellationToken.None) : Task.FromResult<BoardProbeResult?>(null))];
        Task.WaitAll(probes);
        var boards = new Dictionary<string, BoardProbeResult?>();
        for (int i = 0; i < ports.Count; i++)
        {
            boards[ports[i].Path] = probes[i].Result;
        }

        if (asJson)
        {
            var rows = ports.Select(p => new
            {
                path = p.Path,
                kind = p.Kind,
                status = p.Status,
                stableNames = p.StableNames,
                probed = prober.Probes,
                board = boards[p.Path] is { } b
                    ? new
                    {
                        role = b.Role.ToName(),
                        eui64 = b.Eui64,
                        variant = b.Variant,
                        state = b.State,
                        hardwareVersion = b.HardwareVersion,
                        components = b.Components.Select(c => new { component = c.Component, imageType = c.ImageType.ToString("X4", System.Globalization.CultureInfo.InvariantCulture), version = FirmwareVersionText.Of(c.Version) }),
                    }
                    : null,
            });
            CliJson.WriteNode(console, JsonSerializer.SerializeToNode(rows));
            return ExitCodes.Ok;
        }

        if (ports.Count == 0)
        {
            console.Out.WriteLine("no serial ports found");
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("Port", "Kind", "Status", "Stable name", "Board");
        foreach (SerialPortInfo port in ports)
        {
            string board = !prober.Probes ? "not probed" : boards[port.Path] is { } b ? $"{b.Role.ToName()}{(b.Variant is null ? string.Empty : " " + b.Variant)} {b.Eui64} ({b.DescribeVersions()}, {b.State})" : "-";
            table.AddRow(Markup.Escape(port.Path), port.Kind, Markup.Escape(port.Status), Markup.Escape(string.Join("\n", port.StableNames)), board);
        }

        console.WriteTable(table);
        return ExitCodes.Ok;
    }
}
