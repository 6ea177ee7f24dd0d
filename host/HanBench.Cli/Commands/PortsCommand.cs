using System.CommandLine;
using System.Text.Json;
using HanBench.Host.Boards;
using HanBench.Transports.Serial;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench ports</c>: the serial ports of this machine, as a table or JSON. Asking each port whether a
/// HanBench board answers goes through <see cref="IBoardProber"/>; until the management frames exist the
/// <see cref="NoBoardProber"/> is used and the Board column says "not probed".
/// </summary>
public static class PortsCommand
{
    public static Command Create(CliConsole console) => Create(console, new NoBoardProber(), "/dev");

    public static Command Create(CliConsole console, IBoardProber prober, string deviceRoot)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (an array of ports) instead of a table." };
        var command = new Command("ports", "List serial ports (USB serial adapters, USB CDC boards, UARTs that answer).") { json };
        command.SetAction(parse => Run(console, prober, deviceRoot, parse.GetValue(json)));
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

        var boards = new Dictionary<string, BoardProbeResult?>();
        foreach (SerialPortInfo port in ports)
        {
            boards[port.Path] = prober.Probes && port.Status == "ok" ? prober.ProbeAsync(port.Path, CancellationToken.None).GetAwaiter().GetResult() : null;
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
                board = boards[p.Path] is { } b ? new { id = b.BoardId, role = b.Role.ToName(), eui64 = b.Eui64 } : null,
            });
            console.Out.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
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
            string board = !prober.Probes ? "not probed" : boards[port.Path] is { } b ? $"{b.BoardId} {b.Role.ToName()} {b.Eui64}" : "-";
            table.AddRow(Markup.Escape(port.Path), port.Kind, Markup.Escape(port.Status), Markup.Escape(string.Join("\n", port.StableNames)), board);
        }

        console.Ansi.Write(table);
        return ExitCodes.Ok;
    }
}
