using System.CommandLine;
using HanBench.Cli.Output;
using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench inventory list|show|prenotify|update|add-to-han</c>: the Smart Metering Inventory through the same
/// handlers as DUIS 8.2, 12.2, 8.4 and 8.11, so a refusal here is the DUIS refusal (code and message, exit 1).
/// </summary>
public static class InventoryCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("inventory", "The Smart Metering Inventory: init, list, show, pre-notify (12.2), update (8.4), add to a HAN (8.11).");
        command.Add(CreateInit(console));
        command.Add(CreateList(console));
        command.Add(CreateShow(console));
        command.Add(CreatePrenotify(console));
        command.Add(CreateUpdate(console));
        command.Add(CreateAddToHan(console));
        return command;
    }

    private static Command CreateInit(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var command = new Command("init", "Create an empty inventory (reads never create one; the first write also does).") { db, json };
        command.SetAction(parse =>
        {
            string file = parse.GetValue(db) is { Length: > 0 } given ? given : InventoryAccess.DefaultDatabasePath;
            bool existed = File.Exists(file);
            InventoryAccess.OpenOrCreate(console, file).Dispose();

            if (parse.GetValue(json))
            {
                CliJson.Write(console, new InventoryInitJson(Path.GetFullPath(file), !existed));
            }
            else
            {
                console.Out.WriteLine(existed ? $"{file}: an inventory exists already; left as it is" : $"{file}: empty inventory created");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateList(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var variant = new Option<string?>("--variant") { Description = "Only Alt HAN bridges of this variant (B1–B4)." };
        var hub = new Option<string?>("--hub") { Description = "Only devices on this Comms Hub." };
        var limit = new Option<int>("--limit") { Description = "At most this many devices.", DefaultValueFactory = _ => 1000 };
        var command = new Command("list", "List devices with their status, variant, Comms Hub and firmware versions.") { db, json, variant, hub, limit };
        command.SetAction(parse =>
        {
            AltHanVariant? only = parse.GetValue(variant) is { } v ? InventoryAccess.ParseVariant(v, "--variant") : null;
            Eui64? onHub = parse.GetValue(hub) is { } h ? InventoryAccess.ParseEui(h, "--hub") : null;
            int max = parse.GetValue(limit) is > 0 and var l ? l : throw new CliException("--limit must be positive", ExitCodes.BadInput);
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            var rows = store.Read(s =>
            {
                IEnumerable<DeviceRecord> devices = onHub is { } hubId ? s.Devices.OnCommsHub(hubId) : s.Devices.All();
                return devices.Where(d => only is null || d.AltHanVariant == only).Take(max)
                    .Select(d => (Device: d, Versions: s.Devices.FirmwareVersions(d.DeviceId))).ToList();
            });
            if (parse.GetValue(json))
            {
                CliJson.WriteList(console, rows.Select(row => DeviceJson.From(row.Device, row.Versions)));
                return ExitCodes.Ok;
            }

            var table = new Table { Border = TableBorder.Rounded };
            table.AddColumn(new TableColumn("Device").NoWrap());
            foreach (string column in new[] { "Type", "Status", "Variant", "Comms Hub", "Model", "Firmware" })
            {
                table.AddColumn(column);
            }

            foreach (var (device, versions) in rows)
            {
                table.AddRow(
                    Markup.Escape(device.DeviceId.ToString()),
                    device.Type.ToString(),
                    device.Status.ToString(),
                    device.AltHanVariant?.ToString() ?? string.Empty,
                    Markup.Escape(device.CommsHubId?.ToString() ?? string.Empty),
                    Markup.Escape($"{device.Manufacturer}/{device.Model}"),
                    Markup.Escape(string.Join(" ", versions.Select(p => $"{p.Key}={p.Value}"))));
            }

            console.WriteTable(table);
            console.WriteSummary($"{rows.Count} device(s)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateShow(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var device = new Argument<string>("device") { Description = "The device's EUI-64." };
        var command = new Command("show", "One device: details, firmware versions, version history and distributions (requirement 5), SMKI certificates and their history (requirement 8).") { device, db, json };
        command.SetAction(parse =>
        {
            Eui64 id = InventoryAccess.ParseEui(parse.GetValue(device), "device");
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            DeviceDeploymentRecord record = store.Read(s => DeviceDeploymentRecord.For(s, id))
                ?? throw InventoryAccess.NotInInventory(id);
            if (parse.GetValue(json))
            {
                CliJson.Write(console, record.WriteJson);
                return ExitCodes.Ok;
            }

            DeviceRecord d = record.Device;
            var details = new Table { Border = TableBorder.Minimal, Title = new TableTitle(Markup.Escape(id.ToString())) };
            details.AddColumn("Field");
            details.AddColumn("Value");
            void Row(string field, string? value) => details.AddRow(Markup.Escape(field), Markup.Escape(value ?? string.Empty));
            Row("Type", d.IsAltHan ? $"{d.Type} (Alt HAN bridge {d.AltHanVariant})" : d.Type.ToString());
            Row("Status", d.Status.ToString());
            Row("Manufacturer", d.Manufacturer);
            Row("Model", d.Model);
            // SECMP0170 §4.4: the Alt HAN Device Variant is kept in the SMETS variant field; label it for what it is, and
            // leave the row out for a device that has none (a plain PPMID, a Comms Hub).
            if (!string.IsNullOrEmpty(d.SmetsVariant))
            {
                Row(d.IsAltHan ? "Alt HAN variant" : d.Type == DeviceType.ESME ? "ESME variant" : "SMETS variant", d.SmetsVariant);
            }

            Row("Comms Hub", d.CommsHubId?.ToString());
            Row("Commissioned", d.DateCommissioned?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            foreach ((string component, string version) in record.CurrentVersions)
            {
                Row($"Firmware {component}", version);
            }

            console.WriteTable(details);
            if (record.History.Count > 0)
            {
                var history = new Table { Border = TableBorder.Minimal, Title = new TableTitle("Version history") };
                foreach (string column in new[] { "When", "Component", "From", "To" })
                {
                    history.AddColumn(column);
                }

                foreach (FirmwareVersionChange change in record.History)
                {
                    history.AddRow(InventoryAccess.Time(change.AtUtc), Markup.Escape(change.Component), Markup.Escape(change.FromVersion ?? "-"), Markup.Escape(change.ToVersion));
                }

                console.WriteTable(history);
            }

            if (record.Deployments.Count > 0)
            {
                var deployments = new Table { Border = TableBorder.Minimal, Title = new TableTitle("Distributions") };
                foreach (string column in new[] { "Request", "SRV", "Component", "Version", "State" })
                {
                    deployments.AddColumn(column);
                }

                foreach (FirmwareDeployment deployment in record.Deployments)
                {
                    deployments.AddRow(Markup.Escape(deployment.RequestId), deployment.ServiceReferenceVariant, Markup.Escape(deployment.Component), Markup.Escape(deployment.FirmwareVersion), deployment.State.ToString());
                }

                console.WriteTable(deployments);
            }

            CredentialsCommand.WriteCertificates(console, record.Certificates);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreatePrenotify(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var device = new Option<string?>("--device") { Description = "EUI-64 of the device to pre-notify." };
        var type = new Option<string?>("--type") { Description = "DUIS device type: ESME, GSME, GPF, CHF, HCALCS, PPMID, IHD, CAD (an Alt HAN bridge is a PPMID)." };
        var manufacturer = new Option<string?>("--manufacturer") { Description = "DeviceManufacturer (1–30 characters)." };
        var model = new Option<string?>("--model") { Description = "DeviceModel (1–30 characters)." };
        var variant = new Option<string?>("--variant") { Description = "Alt HAN Device Variant B1–B4 (PPMID only, SECMP0170 §4.2)." };
        var firmware = new Option<string?>("--firmware-version") { Description = "FirmwareVersion (1–8 characters); on an Alt HAN bridge, its SiLabs image's version (the one CS08 reports)." };
        var broadcom = new Option<string?>("--broadcom-version") { Description = "An Alt HAN bridge B1–B3's Broadcom image version (1–8 characters); B1–B3 hold both images." };
        var from = new Option<string?>("--from") { Description = "Bulk: a CSV file with device,type,manufacturer,model[,variant[,firmware_version[,broadcom_version]]] per line." };
        var command = new Command("prenotify", "SRV 12.2 Device Pre-notification: add a device as Pending (or many from --from FILE).")
        {
            device, type, manufacturer, model, variant, firmware, broadcom, from, db, json,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(from) is { } file)
            {
                return Bulk(console, parse.GetValue(db), file, parse.GetValue(json));
            }

            string Need(Option<string?> option) => parse.GetValue(option) ?? throw new CliException($"{option.Name} is required (or give --from FILE)", ExitCodes.BadInput);
            Eui64 id = InventoryAccess.ParseEui(Need(device), "--device");
            DeviceType deviceType = InventoryAccess.ParseEnum<DeviceType>(Need(type), "--type");
            AltHanVariant? altHan = parse.GetValue(variant) is { } v ? InventoryAccess.ParseVariant(v, "--variant") : null;
            using InventoryStore store = InventoryAccess.OpenOrCreate(console, parse.GetValue(db));
            var request = new DevicePrenotificationRequest(
                InventoryAccess.NewRequestId(InventoryAccess.DefaultServiceUser, id), id, Need(manufacturer), Need(model), deviceType,
                FirmwareVersion: parse.GetValue(firmware), AltHanVariant: altHan, BroadcomVersion: parse.GetValue(broadcom));
            int exit = InventoryAccess.Finish(console, InventoryAccess.Handlers(store).DevicePrenotification.Handle(request), parse.GetValue(json));
            if (exit == ExitCodes.Ok && altHan is (AltHanVariant.B1 or AltHanVariant.B2 or AltHanVariant.B3) && request.FirmwareVersion is not null && request.BroadcomVersion is null)
            {
                // B1–B3 hold a SiLabs and a Broadcom image: one version given alone is most likely a forgotten second one.
                console.Error.WriteLine($"hanbench: note: a {altHan} holds a Broadcom image too; no Broadcom version was recorded (give --broadcom-version)");
            }

            return exit;
        });
        return command;
    }

    private static int Bulk(CliConsole console, string? db, string file, bool json)
    {
        if (!File.Exists(file))
        {
            throw new CliException($"pre-notification file not found: {file}", ExitCodes.BadInput);
        }

        var requests = new List<DevicePrenotificationRequest>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(file))
        {
            lineNumber++;
            string[] f = line.Split(',', StringSplitOptions.TrimEntries);
            if (line.Trim().Length == 0 || (lineNumber == 1 && f[0].Equals("device", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (f.Length < 4)
            {
                throw new CliException($"{file} line {lineNumber}: expected device,type,manufacturer,model[,variant[,firmware_version[,broadcom_version]]]", ExitCodes.BadInput);
            }

            string where = $"{file} line {lineNumber}";
            Eui64 id = InventoryAccess.ParseEui(f[0], where);
            requests.Add(new DevicePrenotificationRequest(
                InventoryAccess.NewRequestId(InventoryAccess.DefaultServiceUser, id), id, f[2], f[3], InventoryAccess.ParseEnum<DeviceType>(f[1], where),
                FirmwareVersion: f.Length > 5 && f[5].Length > 0 ? f[5] : null,
                AltHanVariant: f.Length > 4 && f[4].Length > 0 ? InventoryAccess.ParseVariant(f[4], where) : null,
                BroadcomVersion: f.Length > 6 && f[6].Length > 0 ? f[6] : null));
        }

        using InventoryStore store = InventoryAccess.OpenOrCreate(console, db);
        BulkPrenotificationResult result = new BulkPrenotificationHandler(store).Handle(requests);
        if (json)
        {
            CliJson.Write(console, BulkPrenotificationJson.From(result));
        }
        else
        {
            console.Out.WriteLine($"{result.Added} device(s) pre-notified as Pending, {result.Refused.Count} refused");
            foreach (BulkPrenotificationRefusal r in result.Refused)
            {
                console.Error.WriteLine($"hanbench: error: {r.ResponseCode}: {r.Message}");
            }
        }

        return result.Refused.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static Command CreateUpdate(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var device = new Argument<string>("device") { Description = "The device's EUI-64." };
        var status = new Option<string?>("--status") { Description = "New status (8.4 UpdateDeviceStatus)." };
        var variant = new Option<string?>("--variant") { Description = "Set or change the Alt HAN Device Variant (B1–B4)." };
        var firmware = new Option<string?>("--firmware-version") { Description = "New FirmwareVersion." };
        var manufacturer = new Option<string?>("--manufacturer") { Description = "New DeviceManufacturer." };
        var model = new Option<string?>("--model") { Description = "New DeviceModel." };
        var delete = new Option<bool>("--delete") { Description = "Delete the device (Pending only)." };
        var command = new Command("update", "SRV 8.4 Update Inventory: one change (status, details or delete).")
        {
            device, status, variant, firmware, manufacturer, model, delete, db, json,
        };
        command.SetAction(parse =>
        {
            Eui64 id = InventoryAccess.ParseEui(parse.GetValue(device), "device");
            bool details = parse.GetValue(variant) is not null || parse.GetValue(firmware) is not null || parse.GetValue(manufacturer) is not null || parse.GetValue(model) is not null;
            int kinds = (parse.GetValue(status) is not null ? 1 : 0) + (details ? 1 : 0) + (parse.GetValue(delete) ? 1 : 0);
            if (kinds != 1)
            {
                throw new CliException("give exactly one change: --status, details (--variant/--firmware-version/--manufacturer/--model) or --delete", ExitCodes.BadInput);
            }

            InventoryChange change = parse.GetValue(delete) ? new DeleteDeviceChange()
                : parse.GetValue(status) is { } s ? new StatusChange(InventoryAccess.ParseEnum<DeviceStatus>(s, "--status"))
                : new DetailsChange(
                    parse.GetValue(manufacturer),
                    parse.GetValue(model),
                    FirmwareVersion: parse.GetValue(firmware),
                    AltHanVariant: parse.GetValue(variant) is { } v ? InventoryAccess.ParseVariant(v, "--variant") : null);
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            var request = new UpdateInventoryRequest(InventoryAccess.NewRequestId(InventoryAccess.DefaultServiceUser, id), id, change);
            return InventoryAccess.Finish(console, InventoryAccess.Handlers(store).UpdateInventory.Handle(request), parse.GetValue(json));
        });
        return command;
    }

    private static Command CreateAddToHan(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var hub = new Option<string>("--hub") { Description = "The Comms Hub (CHF) EUI-64.", Required = true };
        var device = new Option<string>("--device") { Description = "The device to add (or remove).", Required = true };
        var join = new Option<int>("--join-period") { Description = "JoinTimePeriod in seconds (1–3600).", DefaultValueFactory = _ => 3600 };
        var installCode = new Option<string?>("--install-code") { Description = "Install code, 6–16 octets of hex (required to add)." };
        var remove = new Option<bool>("--remove") { Description = "Remove the device from the hub's whitelist instead." };
        var command = new Command("add-to-han", "SRV 8.11 Update HAN Device Log: whitelist a device on a Comms Hub (an Alt HAN bridge becomes Commissioned).")
        {
            hub, device, join, installCode, remove, db, json,
        };
        command.SetAction(parse =>
        {
            Eui64 hubId = InventoryAccess.ParseEui(parse.GetValue(hub), "--hub");
            Eui64 deviceId = InventoryAccess.ParseEui(parse.GetValue(device), "--device");
            bool removing = parse.GetValue(remove);
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            var request = new UpdateHanDeviceLogRequest(
                InventoryAccess.NewRequestId(InventoryAccess.DefaultServiceUser, hubId), hubId, deviceId,
                removing ? HanDeviceLogAction.Remove : HanDeviceLogAction.Add,
                removing ? null : parse.GetValue(join),
                removing ? null : parse.GetValue(installCode));
            return InventoryAccess.Finish(console, InventoryAccess.Handlers(store).UpdateHanDeviceLog.Handle(request), parse.GetValue(json));
        });
        return command;
    }
}
