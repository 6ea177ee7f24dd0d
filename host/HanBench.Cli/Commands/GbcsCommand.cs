using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HanBench.Cli.Output;
using HanBench.Host.Gbcs;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench gbcs decode|verify HEX|FILE [--keystore DIR] [--acb EUI] [--json]</c>: every Grouping Header field of a
/// GBCS message, and whether its MAC and signature verify and with which keys (<see cref="GbcsInspection"/>).
/// Exit 0: decoded (<c>decode</c>) or every protection it carries verified (<c>verify</c>); 1: for <c>verify</c> a check
/// failed or could not be made, for <c>decode</c> a check failed with keys the user named (<c>--keystore</c>); 2: not a
/// GBCS message. <c>decode</c> without <c>--keystore</c> checks with the default keystore when it exists, but those are
/// HanBench's own keys: a message another system protected (the RTDS's, DCC Boxed's) cannot verify with them, so there a
/// failed check is reported, naming the keystore and why, and the decode still succeeds.
/// </summary>
public static class GbcsCommand
{
    public static Command Create(CliConsole console)
    {
        var gbcs = new Command("gbcs", "Decode GBCS messages and verify their MACs and signatures.");
        gbcs.Add(CreateSubcommand(console, "decode", "Print every Grouping Header field, and the MAC and signature checks the keystore allows; exits 1 on a failed check only with --keystore (the default keystore's own keys need not be the message's).", false));
        gbcs.Add(CreateSubcommand(console, "verify", "Check the message's MAC and signature; exit 0 only when every one it carries verifies.", true));
        return gbcs;
    }

    private static Command CreateSubcommand(CliConsole console, string name, string description, bool verify)
    {
        var input = new Argument<string>("message") { Description = "The message as hex (spaces, ':' and '-' allowed), or a file holding it (hex text, e.g. an RTDS *_GBCS.HEX, or raw octets)." };
        Option<string?> keystore = KeystoreOption.Create("Folder of <eui>-ds.pem|-ka.pem|-ds.key|-ka.key credentials: the RTDS keystore layout, `keys export`'s, or a keystore; the default one when it exists");
        var acb = new Option<string?>("--acb") { Description = $"EUI-64 of the Access Control Broker that MACs remote parties' commands (default {GbcsInspection.RtdsAccessControlBroker:X16})." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command(name, description) { input, keystore, acb, json };
        command.SetAction(parseResult =>
        {
            byte[] message = ReadMessage(parseResult.GetValue(input) ?? string.Empty);
            string? given = parseResult.GetValue(keystore);
            GbcsKeyFolder? keys = OpenKeys(given);
            bool defaultKeys = keys != null && string.IsNullOrWhiteSpace(given);
            ulong broker = ParseEui(parseResult.GetValue(acb)) ?? GbcsInspection.RtdsAccessControlBroker;
            GbcsInspection inspection;
            try
            {
                inspection = GbcsInspection.Inspect(message, keys, broker, out string? problem)
                    ?? throw new CliException(problem!, ExitCodes.BadInput);
            }
            catch (InvalidDataException ex)
            {
                throw new CliException(ex.Message, ExitCodes.BadInput);
            }

            // Only a check the user asked for fails the command: verify always, decode with keys they named.
            bool checksCount = verify || !defaultKeys;
            bool ok = verify ? inspection.FullyVerified : inspection.NoCheckFailed || !checksCount;
            string? keysUsed = keys == null ? null : defaultKeys ? $"{keys.Directory} (the default keystore: HanBench's own keys)" : keys.Directory;
            if (parseResult.GetValue(json))
            {
                JsonObject fields = ToJson(inspection);
                fields["keystore"] = keysUsed;
                fields["ok"] = ok;
                CliJson.WriteNode(console, fields);
            }
            else
            {
                WriteLines(console.Out, inspection, keysUsed);
            }

            if (!ok)
            {
                string hint = defaultKeys ? $"; checked with {keysUsed}: --keystore DIR checks with the keys that protected the message" : string.Empty;
                console.Error.WriteLine($"{name} failed: {Failure(inspection)}{hint}");
                return ExitCodes.Failed;
            }

            if (!inspection.NoCheckFailed)
            {
                console.Error.WriteLine(
                    $"{name}: not verified with {keysUsed}: {Failure(inspection)}; a message protected with other keys (e.g. the RTDS's) cannot verify " +
                    "with them, so this is no failure of the decode: 'gbcs verify --keystore DIR' with the sender's keys checks it");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Failure(GbcsInspection inspection)
    {
        var reasons = new[] { inspection.Mac, inspection.Signature }
            .Where(c => c.Outcome is GbcsCheckOutcome.Failed or GbcsCheckOutcome.NoKeys)
            .Select(c => $"{c.Name} {(c.Outcome == GbcsCheckOutcome.Failed ? "failed" : "not checked")}: {c.Detail}")
            .ToList();
        return reasons.Count > 0 ? string.Join("; ", reasons) : "the message is neither MAC'd nor signed";
    }

    private static byte[] ReadMessage(string text)
    {
        if (File.Exists(text))
        {
            byte[] raw = File.ReadAllBytes(text);
            string content = System.Text.Encoding.ASCII.GetString(raw).Trim();
            return Hex.TryDecode(content, out byte[] fromFile) && fromFile.Length > 0 ? fromFile : raw;
        }

        if (!Hex.TryDecode(text.Trim(), out byte[] bytes))
        {
            throw new CliException($"not hex and not a file: '{(text.Length <= 40 ? text : text[..40] + "…")}'");
        }

        return bytes;
    }

    // No --keystore: the keystore every command shares (KeystoreOption), so a demo's transcript verifies as it is; none
    // when no command made it yet.
    private static GbcsKeyFolder? OpenKeys(string? directory)
    {
        if (directory == null)
        {
            if (!Directory.Exists(KeystoreOption.DefaultPath))
            {
                return null;
            }

            directory = KeystoreOption.DefaultPath;
        }

        try
        {
            return new GbcsKeyFolder(directory);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or InvalidDataException)
        {
            throw new CliException(ex.Message);
        }
    }

    private static ulong? ParseEui(string? text)
    {
        if (text == null)
        {
            return null;
        }

        string digits = text.Replace("-", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal);
        return digits.Length == 16 && ulong.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong eui)
            ? eui
            : throw new CliException($"--acb: not an EUI-64: '{text}'");
    }

    private static JsonObject ToJson(GbcsInspection inspection)
    {
        GbcsEnvelope e = inspection.Envelope;
        var fields = new JsonObject
        {
            ["form"] = e.IsPreCommand ? "pre-command" : e.HasGeneralCiphering ? "general-ciphering" : "general-signing",
            ["craFlag"] = e.CraFlag.ToString(),
            ["originatorCounter"] = e.OriginatorCounter.ToString("X16", CultureInfo.InvariantCulture),
            ["originator"] = e.OriginatorSystemTitle.ToString("X16", CultureInfo.InvariantCulture),
            ["recipient"] = e.RecipientSystemTitle.ToString("X16", CultureInfo.InvariantCulture),
            ["dateTime"] = DateTimeText(e),
            ["messageCode"] = e.MessageCode.ToString("X4", CultureInfo.InvariantCulture),
            ["messageName"] = inspection.MessageName,
        };
        if (e.HasSupplementaryRemotePartyId)
        {
            fields["supplementaryRemotePartyId"] = e.SupplementaryRemotePartyId.ToString("X16", CultureInfo.InvariantCulture);
        }

        if (e.HasSupplementaryRemotePartyCounter)
        {
            fields["supplementaryRemotePartyCounter"] = e.SupplementaryRemotePartyCounter.ToString("X16", CultureInfo.InvariantCulture);
        }

        if (e.HasSupplementaryOriginatorCounter)
        {
            fields["supplementaryOriginatorCounter"] = e.SupplementaryOriginatorCounter.ToString("X16", CultureInfo.InvariantCulture);
        }

        fields["payloadLength"] = e.ContentLength;
        fields["payload"] = Hex.Encode(e.ContentBuffer, e.ContentOffset, e.ContentLength);
        fields["signatureLength"] = e.IsPreCommand ? null : e.SignatureLength;
        fields["mac"] = CheckJson(inspection.Mac);
        fields["signature"] = CheckJson(inspection.Signature);
        return fields;
    }

    private static JsonObject CheckJson(GbcsCheck check) => new() { ["outcome"] = check.Outcome.ToString(), ["detail"] = check.Detail };

    private static string? DateTimeText(GbcsEnvelope e)
    {
        if (!e.HasDateTime)
        {
            return null;
        }

        string hex = Hex.Encode(e.DateTimeBuffer, e.DateTimeOffset, GbcsEnvelope.DateTimeLength);
        return GbcsDlmsDateTime.TryRead(e.DateTimeBuffer, e.DateTimeOffset, out GbcsTimestamp time) ? $"{time} ({hex})" : hex;
    }

    private static void WriteLines(TextWriter output, GbcsInspection inspection, string? keysUsed)
    {
        JsonObject fields = ToJson(inspection);
        string name = inspection.MessageName ?? "unknown message code";
        output.WriteLine($"GBCS {fields["form"]!.GetValue<string>()} message, {name} (0x{inspection.Envelope.MessageCode:X4}), {inspection.Message.Length} octets");
        int width = fields.Max(property => property.Key.Length);
        foreach (KeyValuePair<string, JsonNode?> property in fields)
        {
            if (property.Key is "form" or "messageName" or "mac" or "signature")
            {
                continue;
            }

            string value = property.Value is JsonValue v && v.TryGetValue(out string? s) ? s : property.Value?.ToJsonString() ?? "absent";
            output.WriteLine($"  {property.Key.PadRight(width)}  {value}");
        }

        output.WriteLine($"  {"keystore".PadRight(width)}  {keysUsed ?? "none (no --keystore, and no default keystore yet)"}");
        foreach (GbcsCheck check in new[] { inspection.Mac, inspection.Signature })
        {
            output.WriteLine($"  {check.Name.PadRight(width)}  {check.Outcome}: {check.Detail}");
        }
    }
}
