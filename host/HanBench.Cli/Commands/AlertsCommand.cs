using System.CommandLine;
using HanBench.Cli.Output;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench alerts</c>: the DCC alerts issued (N39, N59–N62, N64/N999, …) with their delivery state;
/// <c>alerts deliver --to URL</c> POSTs the pending ones; <c>alerts service-user add|list</c> keeps the Service Users
/// table that routes alerts and picks N64 or N999 by DUIS version (SECMP0024 §4.1).
/// </summary>
public static class AlertsCommand
{
    /// <summary>Failed deliveries named one per line on stderr; the rest are counted (a dead receiver can leave thousands).</summary>
    private const int MaxFailuresShown = 20;

    public static Command Create(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var pending = new Option<bool>("--pending") { Description = "Only alerts not yet delivered." };
        var code = new Option<string?>("--code") { Description = "Only this DCC alert code (e.g. N39)." };
        var device = new Option<string?>("--device") { Description = "Only alerts about this device." };
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 1000 };
        var body = new Option<bool>("--body") { Description = "Include each alert's DUIS XML." };
        var command = new Command("alerts", "DCC alerts issued and their delivery; deliver pending ones; manage Service Users.")
        {
            pending, code, device, limit, body, db, json,
        };
        command.SetAction(parse =>
        {
            Eui64? about = parse.GetValue(device) is { } d ? InventoryAccess.ParseEui(d, "--device") : null;
            int max = parse.GetValue(limit) is > 0 and var l ? l : throw new CliException("--limit must be positive", ExitCodes.BadInput);
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            IReadOnlyList<IssuedDccAlert> alerts = store.Read(s => new DccAlertOutbox(s).List(parse.GetValue(pending), parse.GetValue(code), about, max));
            bool withBody = parse.GetValue(body);
            if (parse.GetValue(json))
            {
                CliJson.WriteList(console, alerts.Select(a => AlertJson.From(a, withBody)));
                return ExitCodes.Ok;
            }

            var table = new Table { Border = TableBorder.Rounded };
            foreach (string column in new[] { "#", "Code", "Device", "Request", "Recipient", "Raised", "Delivered", "Tries" })
            {
                table.AddColumn(column);
            }

            foreach (IssuedDccAlert a in alerts)
            {
                table.AddRow(
                    a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), a.AlertCode, Markup.Escape(a.DeviceId?.ToString() ?? string.Empty),
                    Markup.Escape(a.RequestId ?? string.Empty), Markup.Escape(a.RecipientId?.ToString() ?? "(default)"), InventoryAccess.Time(a.CreatedUtc),
                    a.DeliveredUtc is null ? Markup.Escape(a.LastDeliveryError ?? "pending") : InventoryAccess.Time(a.DeliveredUtc),
                    a.DeliveryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            console.WriteTable(table);
            console.WriteSummary($"{alerts.Count} alert(s)");
            console.WriteSummary($"{store.Read(s => s.GbcsRefusals.Total())} GBCS response(s)/alert(s) refused unauthenticated, raising nothing (hanbench alerts refused)");
            if (withBody)
            {
                foreach (IssuedDccAlert a in alerts)
                {
                    console.Out.WriteLine(a.Body);
                }
            }

            return ExitCodes.Ok;
        });
        command.Add(CreateDeliver(console));
        command.Add(CreateRefused(console));
        command.Add(CreateServiceUsers(console));
        return command;
    }

    private static Command CreateRefused(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var command = new Command("refused", "GBCS responses and alerts refused before acting (MAC or signature failed, unsolicited), counted per device and reason.") { db, json };
        command.SetAction(parse =>
        {
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            IReadOnlyList<GbcsRefusalCount> counts = store.Read(s => s.GbcsRefusals.All());
            if (parse.GetValue(json))
            {
                CliJson.WriteList(console, counts.Select(AlertRefusalJson.From));
                return ExitCodes.Ok;
            }

            var table = new Table { Border = TableBorder.Rounded };
            foreach (string column in new[] { "Originator", "Message", "Reason", "Count", "First", "Last" })
            {
                table.AddColumn(column);
            }

            foreach (GbcsRefusalCount c in counts)
            {
                table.AddRow(Markup.Escape(c.Originator), Markup.Escape(c.Message), Markup.Escape(c.Reason), c.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    InventoryAccess.Time(c.FirstUtc), InventoryAccess.Time(c.LastUtc));
            }

            console.WriteTable(table);
            console.WriteSummary($"{counts.Sum(c => c.Count)} refused");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateDeliver(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var to = new Option<string?>("--to") { Description = "URL for alerts whose recipient has no registered URL." };
        var command = new Command("deliver", "POST every pending alert to its Service User (retried; delivered ones are marked).") { to, db, json };
        command.SetAction(parse =>
        {
            Uri? url = ServeCommand.ParseUrl(parse.GetValue(to), "--to");
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            using var http = new HttpClient();
            AlertDeliveryReport report = new DccAlertDeliverer(store, http).DeliverPendingAsync(url).GetAwaiter().GetResult();
            // Why each alert is still pending is in its outbox row: say it, not just how many.
            IReadOnlyList<IssuedDccAlert> failing = report.Failed == 0
                ? []
                : store.Read(s => new DccAlertOutbox(s).List(pendingOnly: true)).Where(a => a.LastDeliveryError is not null).ToList();
            if (parse.GetValue(json))
            {
                CliJson.Write(console, AlertDeliveryJson.From(report, failing));
            }
            else
            {
                console.Out.WriteLine($"{report.Delivered} delivered, {report.Failed} still failing, {report.NoDestination} with nowhere to go");
            }

            foreach (IssuedDccAlert a in failing.Take(MaxFailuresShown))
            {
                console.Error.WriteLine($"hanbench: error: alert #{a.Id} {a.AlertCode} {a.DeviceId?.ToString() ?? string.Empty} not delivered after {a.DeliveryAttempts} attempt(s): {a.LastDeliveryError}");
            }

            if (failing.Count > MaxFailuresShown)
            {
                console.Error.WriteLine($"hanbench: error: … and {failing.Count - MaxFailuresShown} more (alerts --pending lists them)");
            }

            return report.Failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static Command CreateServiceUsers(CliConsole console)
    {
        var command = new Command("service-user", "Service Users: who gets alerts, at which URL, on which DUIS version.");
        {
            var db = InventoryAccess.DatabaseOption();
            var json = InventoryAccess.JsonOption();
            var id = new Option<string>("--id") { Description = "The Service User's EUI-64 (its RequestID originator).", Required = true };
            var name = new Option<string>("--name") { Description = "A name.", Required = true };
            var role = new Option<string>("--role") { Description = "Supplier (gets N64 for every Comms Hub; may send every DUIS request HanBench handles), NetworkOperator (may read firmware versions and the inventory) or Other (may read the inventory).", DefaultValueFactory = _ => "Supplier" };
            var duis = new Option<string>("--duis-version") { Description = "DUIS version it speaks; older than 5.4 gets N999 instead of N64.", DefaultValueFactory = _ => "5.4" };
            var url = new Option<string?>("--url") { Description = "Where its alerts are POSTed." };
            var add = new Command("add", "Add or replace a Service User.") { id, name, role, duis, url, db, json };
            add.SetAction(parse =>
            {
                var user = new ServiceUser(
                    InventoryAccess.ParseEui(parse.GetValue(id), "--id"),
                    parse.GetValue(name)!,
                    InventoryAccess.ParseEnum<ServiceUserRole>(parse.GetValue(role), "--role"),
                    parse.GetValue(duis)!,
                    ServeCommand.ParseUrl(parse.GetValue(url), "--url")?.ToString());
                if (!ServiceUserDirectory.TryParseDuisVersion(user.DuisVersion, out _))
                {
                    throw new CliException($"--duis-version '{user.DuisVersion}' is not a version such as 5.4", ExitCodes.BadInput);
                }

                using InventoryStore store = InventoryAccess.OpenOrCreate(console, parse.GetValue(db));
                store.Write(s => new ServiceUserDirectory(s).Put(user));
                if (parse.GetValue(json))
                {
                    CliJson.Write(console, ServiceUserJson.From(user));
                }
                else
                {
                    console.Out.WriteLine($"Service User {user.Id} ({user.Name}): {user.Role}, DUIS {user.DuisVersion}, alerts to {user.AlertUrl ?? "the default URL"}");
                }

                return ExitCodes.Ok;
            });
            command.Add(add);
        }

        {
            var db = InventoryAccess.DatabaseOption();
            var json = InventoryAccess.JsonOption();
            var list = new Command("list", "List Service Users.") { db, json };
            list.SetAction(parse =>
            {
                using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
                IReadOnlyList<ServiceUser> users = store.Read(s => new ServiceUserDirectory(s).All());
                if (parse.GetValue(json))
                {
                    CliJson.WriteList(console, users.Select(ServiceUserJson.From));
                    return ExitCodes.Ok;
                }

                var table = new Table { Border = TableBorder.Rounded };
                foreach (string column in new[] { "Service User", "Name", "Role", "DUIS", "Alert URL" })
                {
                    table.AddColumn(column);
                }

                foreach (ServiceUser u in users)
                {
                    table.AddRow(Markup.Escape(u.Id.ToString()), Markup.Escape(u.Name), u.Role.ToString(), Markup.Escape(u.DuisVersion), Markup.Escape(u.AlertUrl ?? string.Empty));
                }

                console.WriteTable(table);
                return ExitCodes.Ok;
            });
            command.Add(list);
        }

        {
            var db = InventoryAccess.DatabaseOption();
            var id = new Option<string>("--id") { Description = "The Service User's EUI-64.", Required = true };
            var remove = new Command("remove", "Remove a Service User: its signed DUIS requests are refused from then on.") { id, db };
            remove.SetAction(parse =>
            {
                Eui64 user = InventoryAccess.ParseEui(parse.GetValue(id), "--id");
                using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
                if (!store.Write(s => new ServiceUserDirectory(s).Delete(user)))
                {
                    throw new CliException($"{user} is not a Service User", ExitCodes.Failed);
                }

                console.Out.WriteLine($"removed Service User {user}");
                return ExitCodes.Ok;
            });
            command.Add(remove);
        }

        return command;
    }
}
