using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using HanBench.Cli.Output;
using HanBench.Tooling.Zcl;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench zcl decode HEX [--json]</c> and <c>hanbench zcl encode --json '{…}'</c>: ZCL OTA Upgrade cluster
/// (0x0019) frames to fields and back. The JSON <c>decode --json</c> prints is exactly what <c>encode</c> takes
/// (<see cref="ZclOtaJson"/> describes it). Bad input exits 2 with one line naming the problem.
/// </summary>
public static class ZclCommand
{
    public static Command Create(CliConsole console)
    {
        var zcl = new Command("zcl", "Decode and encode ZCL OTA Upgrade cluster (0x0019) frames.");
        zcl.Add(CreateDecode(console));
        zcl.Add(CreateEncode(console));
        return zcl;
    }

    private static Command CreateDecode(CliConsole console)
    {
        var hex = new Argument<string>("hex") { Description = "The ZCL frame (header + payload) as hex, e.g. 191505… (spaces, ':' and '-' between bytes are allowed)." };
        var json = new Option<bool>("--json") { Description = "Print the fields as JSON (the form `zcl encode --json` accepts)." };
        var command = new Command("decode", "Decode a ZCL OTA Upgrade frame and print its fields.") { hex, json };
        command.SetAction(parseResult =>
        {
            string text = parseResult.GetValue(hex) ?? string.Empty;
            if (!Hex.TryDecode(text, out byte[] frame))
            {
                throw new CliException($"not hex: '{Shorten(text)}' (expected pairs of hex digits)");
            }

            (ZclHeader header, IOtaCommand ota) = Run(() => ZclOtaJson.Decode(frame));
            JsonObject fields = ZclOtaJson.ToJson(header, ota);
            if (parseResult.GetValue(json))
            {
                CliJson.WriteNode(console, fields);
            }
            else
            {
                WriteLines(console.Out, header, fields);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateEncode(CliConsole console)
    {
        var json = new Option<string>("--json") { Description = "The frame's fields as JSON, as `zcl decode --json` prints them.", Required = true };
        var command = new Command("encode", "Encode a ZCL OTA Upgrade frame from JSON fields and print it as hex.") { json };
        command.SetAction(parseResult =>
        {
            string text = parseResult.GetValue(json) ?? string.Empty;
            (ZclHeader header, IOtaCommand ota) = Run(() => ZclOtaJson.Parse(text));
            console.Out.WriteLine(Hex.Encode(ZclOtaJson.Encode(header, ota)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (ZclHeader, IOtaCommand) Run(Func<(ZclHeader, IOtaCommand)> action)
    {
        try
        {
            return action();
        }
        catch (ZclJsonException ex)
        {
            throw new CliException(ex.Message, ExitCodes.BadInput);
        }
    }

    /// <summary>A title line, then one aligned "name  value" line per field.</summary>
    private static void WriteLines(TextWriter output, ZclHeader header, JsonObject fields)
    {
        string command = fields["command"]!.GetValue<string>();
        string direction = header.IsServerToClient ? "server→client" : "client→server";
        output.WriteLine($"ZCL OTA Upgrade (cluster 0x{OtaCluster.ClusterId:X4}) {command} ({fields["commandId"]}), {direction}");
        int width = fields.Max(property => property.Key.Length);
        foreach (KeyValuePair<string, JsonNode?> property in fields)
        {
            if (property.Key is "command" or "commandId" or "direction")
            {
                continue;
            }

            string value = property.Value is JsonValue v && v.TryGetValue(out string? s) ? s : property.Value?.ToJsonString() ?? "null";
            if (property.Key == "frameControl")
            {
                value += "  " + DescribeFrameControl(header);
            }
            else if (property.Key == "status" && OtaStatusNames.TryParse(value, out OtaStatus status))
            {
                value += $" (0x{(byte)status:X2})";
            }
            else if (property.Key == "upgradeTime" && value == uint.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                value += "  (wait for a later Upgrade End Response)";
            }

            output.WriteLine($"  {property.Key.PadRight(width)}  {value}");
        }
    }

    private static string DescribeFrameControl(ZclHeader header)
    {
        var parts = new List<string> { header.FrameType == ZclHeader.FrameTypeClusterSpecific ? "cluster-specific" : "global" };
        if (header.IsManufacturerSpecific)
        {
            parts.Add("manufacturer-specific");
        }

        parts.Add(header.IsServerToClient ? "server→client" : "client→server");
        if (header.IsDefaultResponseDisabled)
        {
            parts.Add("default response disabled");
        }

        return "(" + string.Join(", ", parts) + ")";
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
