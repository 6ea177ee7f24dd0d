using System.CommandLine;
using HanBench.Cli.Output;
using HanBench.Host.Inventory;
using HanBench.Host.Reports;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench report althanco|deployments [--format csv|json] [--json]</c> (SECMP0170 requirement 4: deployed firmware
/// versions per Alt HAN variant and component; requirement 5: per-device version history). The CLI's one convention:
/// <c>--json</c> on every command; <c>--format csv|json</c> where CSV makes sense too, <c>--json</c> then meaning
/// <c>--format json</c>.
/// </summary>
public static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("report", "Reports: AltHANCo deployed versions (requirement 4) and deployment records (requirement 5).");
        command.Add(CreateAltHanCo(console));
        command.Add(CreateDeployments(console));
        return command;
    }

    private static Option<string?> OutputOption() => new("--output", "-o") { Description = "Write to this file instead of the terminal." };

    private static Option<string?> FormatOption()
    {
        var format = new Option<string?>("--format") { Description = "csv (the default) or json (the same as --json)." };
        format.AcceptOnlyFromAmong("csv", "json");
        return format;
    }

    /// <summary>Whether JSON was asked for; <c>--json</c> with <c>--format csv</c> contradict each other (exit 2).</summary>
    private static bool AsJson(ParseResult parse, Option<string?> format, Option<bool> json) => (parse.GetValue(format), parse.GetValue(json)) switch
    {
        ("csv", true) => throw new CliException("--json and --format csv contradict each other", ExitCodes.BadInput),
        (_, true) or ("json", _) => true,
        _ => false,
    };

    private static Command CreateAltHanCo(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var format = FormatOption();
        var output = OutputOption();
        var command = new Command("althanco", "Deployed firmware versions per Alt HAN variant and component: devices per version and last change.") { format, output, db, json };
        command.SetAction(parse =>
        {
            bool asJson = AsJson(parse, format, json);
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            AltHanCoReport report = store.Read(AltHanCoReport.Build);
            Write(console, parse.GetValue(output), (writer, indented) =>
            {
                if (asJson)
                {
                    CliJson.Write(writer, indented, report.WriteJson);
                }
                else
                {
                    report.WriteCsv(writer);
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateDeployments(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var device = new Option<string?>("--device") { Description = "One device (default: every Alt HAN bridge)." };
        var format = FormatOption();
        var output = OutputOption();
        var command = new Command("deployments", "Firmware version history and distributions per device (CSV, or JSON with --json).") { device, format, output, db, json };
        command.SetAction(parse =>
        {
            bool asJson = AsJson(parse, format, json);
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            Eui64? only = parse.GetValue(device) is { } d ? InventoryAccess.ParseEui(d, "--device") : null;
            List<DeviceDeploymentRecord> records = store.Read(s =>
            {
                IEnumerable<Eui64> ids = only is { } one ? [one] : s.Devices.All().Where(x => x.IsAltHan).Select(x => x.DeviceId);
                return ids.Select(id => DeviceDeploymentRecord.For(s, id)).OfType<DeviceDeploymentRecord>().ToList();
            });
            if (only is { } missing && records.Count == 0)
            {
                throw InventoryAccess.NotInInventory(missing);
            }

            Write(console, parse.GetValue(output), (writer, indented) =>
            {
                if (asJson)
                {
                    CliJson.WriteArray(writer, indented, records, (w, r) => r.WriteJson(w));
                }
                else
                {
                    writer.WriteLine(DeviceDeploymentRecord.HistoryCsvHeader);
                    foreach (DeviceDeploymentRecord r in records)
                    {
                        r.WriteHistoryCsv(writer);
                    }
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Writes the report to standard output or to <paramref name="path"/>; JSON is indented only for a terminal (see <see cref="CliJson"/>).</summary>
    private static void Write(CliConsole console, string? path, Action<TextWriter, bool> write)
    {
        if (path is null)
        {
            write(console.Out, console.IsTerminal);
            return;
        }

        try
        {
            using var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
            write(file, false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {path}: {e.Message}", ExitCodes.BadInput);
        }

        console.Out.WriteLine($"wrote {path}");
    }
}
