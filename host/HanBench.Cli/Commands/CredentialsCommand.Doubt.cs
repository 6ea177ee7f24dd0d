using System.CommandLine;
using HanBench.Cli.Output;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// The credential changes whose outcome the inventory has not recorded (issue 8 §4): how <c>show</c> and
/// <c>requests</c> describe them (in doubt since when, read-backs tried, what is held behind), and <c>settle</c>, the
/// operator's audited way out of one no read-back could settle (<see cref="CredentialDoubtSettlement"/>).
/// </summary>
public static partial class CredentialsCommand
{
    /// <summary>
    /// The device's credential changes sent and not yet recorded: a future-dated CS02b pending until its alert or its
    /// expiry, a change a CSP is reading back (in doubt), or one it gave up on (unresolved, waiting for <c>settle</c>).
    /// </summary>
    private static void WriteUnsettled(CliConsole console, IReadOnlyList<(CredentialIntentRecord Intent, string Held)> unsettled, DateTimeOffset now)
    {
        if (unsettled.Count == 0)
        {
            return;
        }

        var table = new Table { Border = TableBorder.Minimal, Title = new TableTitle("Credential changes not yet settled") };
        foreach (string column in new[] { "Request", "Use case", "State", "Carried out at", "Pending until", "Last read-back", "Held behind it" })
        {
            table.AddColumn(column);
        }

        foreach ((CredentialIntentRecord intent, string held) in unsettled)
        {
            table.AddRow(Markup.Escape(intent.RequestId), intent.UseCase, Markup.Escape(intent.Describe(now)), InventoryAccess.Time(intent.Execution),
                InventoryAccess.Time(intent.Expires), Markup.Escape(intent.LastReadBack ?? "-"), Markup.Escape(held));
        }

        console.WriteTable(table);
    }

    /// <summary>The work for the change's device that waits for it (or, once unresolved, is refused): open credential requests and the firmware update in progress.</summary>
    private static string HeldBehind(InventorySession session, CredentialIntentRecord intent)
    {
        List<string> held = [.. session.Credentials.Latest(intent.DeviceId).Where(r => !r.IsFinished && r.RequestId != intent.RequestId).Select(r => $"{r.UseCase} {r.RequestId}")];
        if (session.Firmware.ActiveFor(intent.DeviceId) is { } update)
        {
            held.Add($"firmware update (request row {update.RequestRowId}, {update.State})");
        }

        return held.Count == 0 ? "nothing queued" : string.Join(", ", held);
    }

    private static void WriteJson(System.Text.Json.Utf8JsonWriter w, CredentialIntentRecord intent, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("requestId", intent.RequestId);
        w.WriteString("state", intent.Describe(now));
        w.WriteBoolean("inDoubt", intent.IsInDoubt);
        WriteTime(w, "doubtSince", intent.DoubtSince);
        w.WriteNumber("readBacks", intent.ReadBacks);
        WriteTime(w, "nextReadBack", intent.NextReadBack);
        WriteTime(w, "unresolved", intent.Unresolved);
        w.WriteString("lastReadBack", intent.LastReadBack);
        w.WriteEndObject();
    }

    private static void WriteTime(System.Text.Json.Utf8JsonWriter w, string name, DateTimeOffset? at)
    {
        if (at is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, InventoryAccess.Time(at));
        }
    }

    private static Command CreateSettle(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var request = new Argument<string>("request") { Description = "The RequestID of the change in doubt (credentials show lists it)." };
        var keys = new Option<string>("--keys") { Description = "Which credentials the device holds: new (the change took) or old (it did not).", Required = true };
        keys.AcceptOnlyFromAmong("new", "old");
        var who = new Option<string?>("--operator") { Description = "Who settles it, for the audit log (default: the user running the command)." };
        var command = new Command("settle", "End a CS02b/CS02d change a CSP holds in doubt (or gave up reading back): the inventory records the keys you name, held commands go on; audited.")
        {
            request, keys, who, db, json,
        };
        command.SetAction(parse =>
        {
            string id = parse.GetValue(request)!;
            string name = parse.GetValue(who) is { Length: > 0 } given ? given : Environment.UserName;
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            CredentialSettlementResult result = CredentialDoubtSettlement.Settle(InventoryAccess.Handlers(store), id, parse.GetValue(keys) == "new", name);
            if (parse.GetValue(json))
            {
                CliJson.Write(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("requestId", id);
                    w.WriteBoolean("settled", result.Settled);
                    w.WriteString("message", result.Message);
                    w.WriteString("responseCode", result.Outcome?.ResponseCode);
                    w.WriteEndObject();
                });
            }

            if (!result.Settled)
            {
                throw new CliException(result.Message, result.UnknownRequest ? ExitCodes.BadInput : ExitCodes.Failed);
            }

            if (!parse.GetValue(json))
            {
                console.Out.WriteLine(result.Message);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
