using System.CommandLine;
using HanBench.Cli.Output;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Ota;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench firmware submit|status|cancel</c>: SRV 11.4/11.1 through the same handler as DUIS (image limit, GBCS
/// layout, CPL check, one update per device), per-device progress, and cancellation (N61).
/// </summary>
public static class FirmwareCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("firmware", "Firmware distribution: submit (11.4/11.1), status, cancel.");
        command.Add(CreateSubmit(console));
        command.Add(CreateStatus(console));
        command.Add(CreateCancel(console));
        return command;
    }

    private static Command CreateSubmit(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var image = new Option<string>("--image") { Description = "The OTA image file (GBCS layout: unsigned for 11.4, supplier-signed for 11.1).", Required = true };
        var version = new Option<string>("--version") { Description = "DUIS FirmwareVersion of the image (1–8 characters).", Required = true };
        var devices = new Option<string?>("--devices") { Description = "Target devices, comma-separated EUI-64s." };
        var devicesFile = new Option<string?>("--devices-file") { Description = "A file of target EUI-64s (one per line or comma-separated)." };
        var srv = new Option<string>("--srv") { Description = "11.4 (PPMID, HCALCS, Alt HAN bridge) or 11.1 (ESME, GSME, Comms Hub).", DefaultValueFactory = _ => "11.4" };
        srv.AcceptOnlyFromAmong("11.4", "11.1");
        var serviceUser = new Option<string?>("--service-user") { Description = $"The Service User submitting (RequestID originator; alerts go to it). Default {InventoryAccess.DefaultServiceUser}." };
        var base64Limit = new Option<int>("--base64-limit")
        {
            Description = $"Largest FirmwareImage in Base64 characters (E110405; default {Base64Size.DefaultLimitCharacters:N0}).",
            DefaultValueFactory = _ => Base64Size.DefaultLimitCharacters,
        };
        var command = new Command("submit", "Validate an image and queue it for devices (SRV 11.4 / 11.1).")
        {
            image, version, devices, devicesFile, srv, serviceUser, base64Limit, db, json,
        };
        command.SetAction(parse =>
        {
            string list = parse.GetValue(devices) ?? string.Empty;
            if (parse.GetValue(devicesFile) is { } file)
            {
                list += "," + System.Text.Encoding.UTF8.GetString(ImageFiles.ReadInput(file, "devices file"));
            }

            IReadOnlyList<Eui64> targets = InventoryAccess.ParseEuiList(list, "--devices");
            Eui64 from = parse.GetValue(serviceUser) is { } su ? InventoryAccess.ParseEui(su, "--service-user") : InventoryAccess.DefaultServiceUser;
            int limit = parse.GetValue(base64Limit) is > 0 and var l ? l : throw new CliException("--base64-limit must be positive", ExitCodes.BadInput);
            byte[] bytes = ImageFiles.ReadOtaFile(parse.GetValue(image)!);
            // Refused before the inventory is opened, as a usage error (the DUIS path answers E110403/E110103).
            if (FirmwareVersionText.Disagreement(bytes, parse.GetValue(version)!, "--version") is { } mismatch)
            {
                throw new CliException($"{parse.GetValue(image)}: {mismatch}", ExitCodes.BadInput);
            }

            FirmwareUpdateKind kind = parse.GetValue(srv) == "11.1" ? FirmwareUpdateKind.UpdateFirmware : FirmwareUpdateKind.UpdatePpmidFirmware;

            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            // A mistyped EUI-64 is bad input refused before anything is queued (README exit codes); a device the inventory
            // holds but this SRV does not update stays a per-device E110401 outcome.
            InventoryAccess.RequireHeld(store, targets);
            // The DCC is the business target of a non-device request (DUIS: 11.4/11.1 are CV 8).
            var request = new FirmwareUpdateRequest(
                InventoryAccess.NewRequestId(from, DccAlertSettings.Default.DccId), kind, Convert.ToBase64String(bytes), parse.GetValue(version)!, targets);
            FirmwareUpdateResult result = InventoryAccess.Handlers(store, new ServiceRequestSettings { FirmwareImageBase64Limit = limit }).FirmwareUpdate.Handle(request);
            bool asJson = parse.GetValue(json);
            int exit = InventoryAccess.Finish(console, result, asJson ? FirmwareSubmitJson.From(request.RequestId, result) : null);
            if (!asJson && result.Devices.Count > 0)
            {
                var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape($"request {request.RequestId}")) };
                table.AddColumn(new TableColumn("Device").NoWrap());
                table.AddColumn("Outcome");
                table.AddColumn("Reason");
                foreach (FirmwareDeviceReport d in result.Devices)
                {
                    table.AddRow(Markup.Escape(d.DeviceId.ToString()), d.Outcome.ToString(), Markup.Escape(d.Reason));
                }

                console.WriteTable(table);
            }

            return exit;
        });
        return command;
    }

    private static Command CreateStatus(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var requestId = new Argument<string?>("request-id") { Description = "A request's RequestID: show each device's progress. Omitted: every request's summary.", Arity = ArgumentArity.ZeroOrOne };
        var watch = new Option<bool>("--watch") { Description = "With a request-id: follow it live, one line per device change (state, progress, time left) until every device is Activated or Failed (exit 1 if any failed)." };
        var interval = new Option<double>("--interval") { Description = "With --watch: seconds between looks at the inventory (default 1).", DefaultValueFactory = _ => 1.0 };
        var command = new Command("status", "Distribution progress: every request, or one request per device.") { requestId, watch, interval, db, json };
        command.SetAction((parse, cancellation) =>
        {
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            string? id = parse.GetValue(requestId);
            bool asJson = parse.GetValue(json);
            if (parse.GetValue(watch))
            {
                double seconds = parse.GetValue(interval);
                if (id is null || !(seconds > 0) || double.IsInfinity(seconds))
                {
                    throw new CliException(id is null ? "--watch follows one request: give its request-id" : "--interval must be a positive number of seconds", ExitCodes.BadInput);
                }

                return Task.FromResult(FirmwareWatch.Run(console, store, id, TimeSpan.FromSeconds(seconds), asJson, cancellation));
            }

            if (id is null)
            {
                IReadOnlyList<FirmwareRequestSummary> all = store.Read(FirmwareRequestSummary.All);
                if (asJson)
                {
                    CliJson.WriteList(console, all.Select(FirmwareRequestSummaryJson.From));
                    return Task.FromResult(ExitCodes.Ok);
                }

                var table = new Table { Border = TableBorder.Rounded };
                foreach (string column in new[] { "Request", "SRV", "Version", "Accepted", "Devices", "Progress" })
                {
                    table.AddColumn(column);
                }

                foreach (FirmwareRequestSummary s in all)
                {
                    table.AddRow(Markup.Escape(s.Request.RequestId), s.Request.ServiceReferenceVariant, Markup.Escape(s.Request.FirmwareVersion), InventoryAccess.Time(s.Request.CreatedUtc), s.Devices.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(s.ToString()));
                }

                console.WriteTable(table);
                console.WriteSummary($"{all.Count} request(s)");
                console.WriteSummary($"{store.Read(s => s.GbcsRefusals.Total())} GBCS response(s)/alert(s) refused unauthenticated (hanbench alerts refused)");
                return Task.FromResult(ExitCodes.Ok);
            }

            var (request, progress) = store.Read(s =>
            {
                FirmwareRequestRecord? r = s.Firmware.FindRequest(id);
                return (r, r is null ? [] : s.Firmware.Progress(r.RowId));
            });
            if (request is null)
            {
                throw new CliException($"no firmware request {id} (firmware status lists them)", ExitCodes.BadInput);
            }

            if (asJson)
            {
                CliJson.Write(console, FirmwareRequestStatusJson.From(request, progress));
                return Task.FromResult(ExitCodes.Ok);
            }

            var devices = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape($"{request.RequestId}: {request.ServiceReferenceVariant} version {request.FirmwareVersion}")) };
            devices.AddColumn(new TableColumn("Device").NoWrap());
            foreach (string column in new[] { "Comms Hub", "Component", "State", "Progress", "Attempts", "Reason" })
            {
                devices.AddColumn(column);
            }

            foreach (FirmwareProgressRecord p in progress)
            {
                double percent = p.BytesTotal == 0 ? 0 : 100.0 * p.BytesDone / p.BytesTotal;
                devices.AddRow(
                    Markup.Escape(p.DeviceId.ToString()), Markup.Escape(p.CommsHubId.ToString()), Markup.Escape(p.Component), p.State.ToString(),
                    $"{percent:0}% of {p.BytesTotal:N0} B", p.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(p.FailureReason ?? string.Empty));
            }

            console.WriteTable(devices);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command CreateCancel(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var requestId = new Argument<string>("request-id") { Description = "The RequestID of the distribution to cancel." };
        var device = new Option<string?>("--device") { Description = "Cancel for this device only." };
        var command = new Command("cancel", "Cancel a distribution: devices not yet Activated or Failed become Failed and get N61.") { requestId, device, db, json };
        command.SetAction(parse =>
        {
            string id = parse.GetValue(requestId)!;
            Eui64? only = parse.GetValue(device) is { } d ? InventoryAccess.ParseEui(d, "--device") : null;
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            // The one cancel (FirmwareCancellation): the `csp run` attached to the hub sees it and stops the transfer.
            IReadOnlyList<IssuedDccAlert> issued = (store.Write(s => FirmwareCancellation.CancelIfKnown(s, new FirmwareUpdateRecorder(), id, only))
                ?? throw new CliException($"no firmware request {id} (firmware status lists them)", ExitCodes.BadInput)).Issued;
            if (parse.GetValue(json))
            {
                CliJson.Write(console, FirmwareCancelJson.From(id, issued));
            }
            else
            {
                console.Out.WriteLine(issued.Count == 0
                    ? $"{id}: nothing to cancel (every device is Activated or Failed)"
                    : $"{id}: cancelled for {issued.Count} device(s); N61 issued for each");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
