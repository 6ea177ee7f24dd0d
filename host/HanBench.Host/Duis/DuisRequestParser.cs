using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;

namespace HanBench.Host.Duis;

/// <summary>
/// Turns DUIS 5.4 request XML into service-request inputs. It reads what the handlers need and checks what the
/// schema cannot (the body matches the service reference variant; the command variant suits it); value formats
/// are the schema's job (<see cref="DuisSchema"/>), but nothing here throws on bad input.
/// </summary>
public static class DuisRequestParser
{
    // DUIS 5.4 schema comments on ServiceReferenceVariant give the command variants each SRV takes.
    private static readonly int[] DccOnly = [8];
    private static readonly int[] DeviceOnDemand = [1, 2, 3];
    private static readonly int[] TransformCritical = [4];

    private static readonly Dictionary<string, (string Body, int[] CommandVariants)> Handled = new(StringComparer.Ordinal)
    {
        [ServiceReferenceVariants.DevicePrenotification] = ("DevicePrenotification", DccOnly),
        [ServiceReferenceVariants.ReadInventory] = ("ReadInventory", DccOnly),
        [ServiceReferenceVariants.UpdateInventory] = ("UpdateInventory", DccOnly),
        [ServiceReferenceVariants.UpdateHanDeviceLog] = ("UpdateHANDeviceLog", DeviceOnDemand),
        [ServiceReferenceVariants.JoinServiceNonCritical] = ("JoinServiceNonCritical", DeviceOnDemand),
        [ServiceReferenceVariants.UnjoinServiceNonCritical] = ("UnjoinServiceNonCritical", DeviceOnDemand),
        [ServiceReferenceVariants.ReadDeviceLog] = ("ReadDeviceLog", DeviceOnDemand),
        [ServiceReferenceVariants.ReadFirmwareVersion] = ("ReadFirmwareVersion", DeviceOnDemand),
        [ServiceReferenceVariants.UpdatePpmidFirmware] = ("UpdatePPMIDFirmware", DccOnly),
        [ServiceReferenceVariants.UpdateFirmware] = ("UpdateFirmware", DccOnly),
        // DUIS 5.4: 11.3 takes CV 4–7; an ActivateFirmware body comes with CV 4 (5–7 carry a SignedPreCommand).
        [ServiceReferenceVariants.ActivateFirmware] = ("ActivateFirmware", TransformCritical),
    };

    /// <summary>Parses request XML text (DTDs refused).</summary>
    public static DuisParseResult Parse(string xml)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using XmlReader reader = XmlReader.Create(new StringReader(xml), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return DuisParseResult.Malformed($"not well-formed XML: {e.Message}");
        }

        return Parse(document);
    }

    /// <summary>Parses a loaded request document.</summary>
    public static DuisParseResult Parse(XDocument document)
    {
        XElement? root = document.Root;
        if (root is null || root.Name != DuisNames.Sr + "Request")
        {
            return DuisParseResult.Malformed($"the root element is {root?.Name.ToString() ?? "missing"}, not sr:Request");
        }

        XElement? header = root.Element(DuisNames.Sr + "Header");
        if (!DuisRequestId.TryParse(Text(header, "RequestID"), out DuisRequestId requestId))
        {
            return DuisParseResult.Malformed($"Header/RequestID '{Text(header, "RequestID")}' is not originator:target:counter");
        }

        if (!int.TryParse(Text(header, "CommandVariant"), NumberStyles.None, CultureInfo.InvariantCulture, out int commandVariant))
        {
            return DuisParseResult.Malformed($"Header/CommandVariant '{Text(header, "CommandVariant")}' is not a number");
        }

        string srv = Text(header, "ServiceReferenceVariant") ?? string.Empty;
        var parsedHeader = new DuisRequestHeader(requestId, commandVariant, Text(header, "ServiceReference") ?? string.Empty, srv);
        XElement? body = root.Element(DuisNames.Sr + "Body")?.Elements().FirstOrDefault();
        if (body is null)
        {
            return DuisParseResult.Malformed("sr:Body holds no request element", parsedHeader);
        }

        if (!Handled.TryGetValue(srv, out (string Body, int[] CommandVariants) expected) && !DuisCredentialParser.Bodies.TryGetValue(srv, out expected))
        {
            return DuisParseResult.Refused(parsedHeader, DuisResponseCodes.NotSupportedByHanBench, $"HanBench does not handle SRV {srv} ({body.Name.LocalName})");
        }

        if (body.Name != DuisNames.Sr + expected.Body)
        {
            return DuisParseResult.Malformed($"SRV {srv} carries sr:{expected.Body}, but the body is {body.Name.LocalName}", parsedHeader);
        }

        if (!expected.CommandVariants.Contains(commandVariant))
        {
            return DuisParseResult.Refused(parsedHeader, DuisResponseCodes.InvalidCommandVariant, $"CommandVariant {commandVariant} is not applicable to SRV {srv} (it takes {string.Join(", ", expected.CommandVariants)})");
        }

        if (DuisCredentialParser.Handles(srv))
        {
            return DuisCredentialParser.Parse(parsedHeader, body);
        }

        if (body.Element(DuisNames.Sr + "ExecutionDateTime") is not null)
        {
            return DuisParseResult.Refused(parsedHeader, DuisResponseCodes.NotSupportedByHanBench, $"SRV {srv}: future-dated requests (ExecutionDateTime) are not supported by HanBench");
        }

        string rid = requestId.ToString();
        Eui64 target = requestId.Target;
        return srv switch
        {
            ServiceReferenceVariants.DevicePrenotification => Prenotification(parsedHeader, rid, body),
            ServiceReferenceVariants.ReadInventory => ReadInventory(parsedHeader, rid, body),
            ServiceReferenceVariants.UpdateInventory => UpdateInventory(parsedHeader, rid, body),
            ServiceReferenceVariants.UpdateHanDeviceLog => UpdateHanDeviceLog(parsedHeader, rid, target, body),
            ServiceReferenceVariants.JoinServiceNonCritical or ServiceReferenceVariants.UnjoinServiceNonCritical =>
                Device(parsedHeader, body, "OtherDeviceID", out Eui64 other, out DuisParseResult? bad)
                    ? Ok(parsedHeader, new AltHanRestrictedRequest(rid, srv, target, other))
                    : bad!,
            ServiceReferenceVariants.ReadDeviceLog => Ok(parsedHeader, new AltHanRestrictedRequest(rid, srv, target)),
            ServiceReferenceVariants.ReadFirmwareVersion => Ok(parsedHeader, new ReadFirmwareVersionRequest(rid, target)),
            ServiceReferenceVariants.ActivateFirmware => ActivateFirmware(parsedHeader, rid, target, body),
            _ => FirmwareUpdate(parsedHeader, rid, body, srv == ServiceReferenceVariants.UpdatePpmidFirmware ? FirmwareUpdateKind.UpdatePpmidFirmware : FirmwareUpdateKind.UpdateFirmware),
        };
    }

    private static DuisParseResult Prenotification(DuisRequestHeader header, string rid, XElement body)
    {
        if (!Device(header, body, "DeviceID", out Eui64 deviceId, out DuisParseResult? bad))
        {
            return bad!;
        }

        if (!DeviceTypes.TryParse(Text(body, "DeviceType"), out DeviceType type))
        {
            return DuisParseResult.Malformed($"DeviceType '{Text(body, "DeviceType")}' is not a DUIS device type", header);
        }

        // DUIS 5.4 has no AltHANVariant in DevicePrenotification (SECMP0170 §4.4 asks for one); a later schema's
        // HANVariant is read if present, so HanBench follows when the schema does.
        AltHanVariant? variant = null;
        if (Text(body, "HANVariant") is { } variantText)
        {
            if (!AltHanVariants.TryParse(variantText, out AltHanVariant parsed))
            {
                return DuisParseResult.Malformed($"HANVariant '{variantText}' is not B1, B2, B3 or B4", header);
            }

            variant = parsed;
        }

        return Ok(header, new DevicePrenotificationRequest(
            rid,
            deviceId,
            Text(body, "DeviceManufacturer") ?? string.Empty,
            Text(body, "DeviceModel") ?? string.Empty,
            type,
            Text(body, "SMETSCHTSVersion"),
            Text(body, "FirmwareVersion"),
            Text(body, "ESMEVariant"),
            variant));
    }

    private static DuisParseResult ReadInventory(DuisRequestHeader header, string rid, XElement body)
    {
        if (body.Element(DuisNames.Sr + "DeviceID") is null)
        {
            string by = body.Elements().FirstOrDefault()?.Name.LocalName ?? "nothing";
            return DuisParseResult.Refused(header, DuisResponseCodes.NotSupportedByHanBench, $"HanBench reads the inventory by DeviceID only, not by {by}");
        }

        return Device(header, body, "DeviceID", out Eui64 deviceId, out DuisParseResult? bad)
            ? Ok(header, new ReadInventoryRequest(rid, deviceId))
            : bad!;
    }

    private static DuisParseResult UpdateInventory(DuisRequestHeader header, string rid, XElement body)
    {
        if (!Device(header, body, "DeviceID", out Eui64 deviceId, out DuisParseResult? bad))
        {
            return bad!;
        }

        XElement? change = body.Elements().Skip(1).FirstOrDefault();
        InventoryChange? parsed = change?.Name.LocalName switch
        {
            "UpdateDeviceStatusExceptCH" or "UpdateDeviceStatusCH" =>
                DeviceStatuses.TryParse(change.Value.Trim(), out DeviceStatus status) ? new StatusChange(status) : null,
            "UpdateDeviceDetails" => new DetailsChange(
                Text(change, "DeviceManufacturer"),
                Text(change, "DeviceModel"),
                Text(change, "SMETSCHTSVersion"),
                Text(change, "FirmwareVersion"),
                Text(change, "ESMEVariant"),
                AltHanVariants.TryParse(Text(change, "HANVariant"), out AltHanVariant variant) ? variant : null),
            "DeleteDevice" => new DeleteDeviceChange(),
            _ => null,
        };
        if (change?.Name.LocalName == "UpdateMPxN")
        {
            return DuisParseResult.Refused(header, DuisResponseCodes.NotSupportedByHanBench, "HanBench does not keep MPxNs (UpdateMPxN)");
        }

        return parsed is null
            ? DuisParseResult.Malformed($"UpdateInventory carries no change HanBench can read ({change?.Name.LocalName ?? "none"})", header)
            : Ok(header, new UpdateInventoryRequest(rid, deviceId, parsed));
    }

    private static DuisParseResult UpdateHanDeviceLog(DuisRequestHeader header, string rid, Eui64 commsHub, XElement body)
    {
        if (!Device(header, body, "DeviceID", out Eui64 deviceId, out DuisParseResult? bad))
        {
            return bad!;
        }

        HanDeviceLogAction? action = Text(body, "RequestType") switch
        {
            "Add" => HanDeviceLogAction.Add,
            "Remove" => HanDeviceLogAction.Remove,
            _ => null,
        };
        if (action is null)
        {
            return DuisParseResult.Malformed($"RequestType '{Text(body, "RequestType")}' is not Add or Remove", header);
        }

        XElement? add = body.Element(DuisNames.Sr + "AddDeviceToCHFWhitelist");
        int? join = int.TryParse(Text(add, "JoinTimePeriod"), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) ? seconds : null;
        return Ok(header, new UpdateHanDeviceLogRequest(rid, commsHub, deviceId, action.Value, join, Text(add, "InstallCode")));
    }

    private static DuisParseResult FirmwareUpdate(DuisRequestHeader header, string rid, XElement body, FirmwareUpdateKind kind)
    {
        var devices = new List<Eui64>();
        foreach (string part in (Text(body, "DeviceIDList") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Eui64.TryParse(part, out Eui64 device))
            {
                return DuisParseResult.Malformed($"DeviceIDList entry '{part}' is not an EUI-64", header);
            }

            devices.Add(device);
        }

        // Base64 in XML may be wrapped; the limit counts the Base64 characters themselves.
        string image = string.Concat((body.Element(DuisNames.Sr + "FirmwareImage")?.Value ?? string.Empty).Where(c => !char.IsWhiteSpace(c)));
        return Ok(header, new FirmwareUpdateRequest(rid, kind, image, Text(body, "FirmwareVersion") ?? string.Empty, devices));
    }

    private static DuisParseResult ActivateFirmware(DuisRequestHeader header, string rid, Eui64 target, XElement body)
    {
        // DUIS 5.4 FirmwareHash: hexBinary of exactly 32 octets (the Manufacturer Image SHA-256).
        string hash = Text(body, "FirmwareHash") ?? string.Empty;
        return hash.Length == 64 && hash.All(Uri.IsHexDigit)
            ? Ok(header, new ActivateFirmwareRequest(rid, target, hash))
            : DuisParseResult.Malformed($"FirmwareHash '{hash}' is not 32 octets of hex", header);
    }

    private static bool Device(DuisRequestHeader header, XElement body, string name, out Eui64 deviceId, out DuisParseResult? bad)
    {
        bad = null;
        if (Eui64.TryParse(Text(body, name), out deviceId))
        {
            return true;
        }

        bad = DuisParseResult.Malformed($"{name} '{Text(body, name)}' is not an EUI-64", header);
        return false;
    }

    private static DuisParseResult Ok(DuisRequestHeader header, object body) => DuisParseResult.Parsed(new DuisRequest(header, body));

    private static string? Text(XElement? parent, string name) => parent?.Element(DuisNames.Sr + name)?.Value.Trim();
}
