using System.CommandLine;
using HanBench.Cli.Output;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Ota;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench cpl add|list</c>: the Central Product List. <c>add</c> hashes the Manufacturer Image of an image file,
/// the hash requirement 12 checks every distribution against (SECMP0170 §3.4).
/// </summary>
public static class CplCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("cpl", "The Central Product List: known firmware images per device model (requirement 12).");
        command.Add(CreateAdd(console));
        command.Add(CreateList(console));
        return command;
    }

    private static Command CreateAdd(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var image = new Option<string>("--image") { Description = "The OTA image file; its Manufacturer Image is hashed.", Required = true };
        var manufacturer = new Option<string>("--manufacturer") { Description = "DeviceManufacturer the image is for.", Required = true };
        var model = new Option<string>("--model") { Description = "DeviceModel the image is for.", Required = true };
        var component = new Option<string>("--component") { Description = "Firmware component: silabs, broadcom or main.", DefaultValueFactory = _ => FirmwareComponents.Main };
        var version = new Option<string>("--version") { Description = "DUIS FirmwareVersion of the image (1–8 characters).", Required = true };
        var layout = new Option<string>("--layout") { Description = "auto, gbcs (unsigned, 11.4) or gbcs-signed (11.1).", DefaultValueFactory = _ => "auto" };
        layout.AcceptOnlyFromAmong("auto", "gbcs", "gbcs-signed");
        var command = new Command("add", "Add an image to the CPL for a model (hashing its Manufacturer Image).") { image, manufacturer, model, component, version, layout, db, json };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(image)!;
            byte[] bytes = ImageFiles.ReadInput(path, "image file");
            OtaImageLayout expected = parse.GetValue(layout) switch
            {
                "gbcs" => OtaImageLayout.Gbcs,
                "gbcs-signed" => OtaImageLayout.GbcsSigned,
                _ => OtaImageLayout.Unknown,
            };
            if (!new OtaManufacturerImageHasher().TryHash(bytes, expected, out byte[]? sha256, out string? problem))
            {
                throw new CliException($"{path}: {problem}", ExitCodes.BadInput);
            }

            string v = parse.GetValue(version)!;
            if (v.Length is < 1 or > 8)
            {
                throw new CliException($"--version '{v}' must be 1–8 characters (DUIS FirmwareVersion)", ExitCodes.BadInput);
            }

            // A CPL entry names the version the device will run: the file version in the image's OTA header.
            if (FirmwareVersionText.Disagreement(bytes, v, "--version") is { } mismatch)
            {
                throw new CliException($"{path}: {mismatch}", ExitCodes.BadInput);
            }

            // Stored as the inventory writes versions (FirmwareVersionText: upper-case hex), whatever case was typed.
            var entry = new CplEntry(parse.GetValue(manufacturer)!, parse.GetValue(model)!, parse.GetValue(component)!, v.ToUpperInvariant(), Convert.ToHexStringLower(sha256));
            using InventoryStore store = InventoryAccess.OpenOrCreate(console, parse.GetValue(db));
            store.Write(s => s.Cpl.Put(entry));
            if (parse.GetValue(json))
            {
                CliJson.Write(console, CplEntryJson.From(entry));
            }
            else
            {
                console.Out.WriteLine($"CPL: {entry.Manufacturer}/{entry.Model} {entry.Component} {entry.FirmwareVersion} = Manufacturer Image SHA-256 {entry.ManufacturerImageHash}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateList(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var command = new Command("list", "List the CPL.") { db, json };
        command.SetAction(parse =>
        {
            using InventoryStore store = InventoryAccess.OpenExisting(parse.GetValue(db));
            IReadOnlyList<CplEntry> entries = store.Read(s => s.Cpl.All());
            if (parse.GetValue(json))
            {
                CliJson.WriteList(console, entries.Select(CplEntryJson.From));
                return ExitCodes.Ok;
            }

            var table = new Table { Border = TableBorder.Rounded };
            foreach (string column in new[] { "Manufacturer", "Model", "Component", "Version", "Status", "Manufacturer Image SHA-256" })
            {
                table.AddColumn(column);
            }

            foreach (CplEntry e in entries)
            {
                table.AddRow(Markup.Escape(e.Manufacturer), Markup.Escape(e.Model), Markup.Escape(e.Component), Markup.Escape(e.FirmwareVersion), e.Status.ToString(), e.ManufacturerImageHash);
            }

            console.WriteTable(table);
            console.WriteSummary($"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
