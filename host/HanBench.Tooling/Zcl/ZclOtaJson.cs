using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Tooling.Zcl;

/// <summary>
/// ZCL OTA Upgrade frames ↔ JSON, for <c>hanbench zcl</c>, logs and scripts. Field names are the spec's, camelCase
/// (docs/PROTOCOL.md §1): <c>fieldControl</c>, <c>manufacturerCode</c>, <c>imageType</c>, <c>fileVersion</c>, …
/// <para>Representation (HanBench choice, chosen so that what <see cref="ToJson"/> prints <see cref="Parse"/> accepts):</para>
/// <list type="bullet">
/// <item>identifiers, versions and bitmaps are hex strings of their field's full width: <c>commandId</c> "0x05",
/// <c>frameControl</c> "0x19", <c>fieldControl</c> "0x03", <c>manufacturerCode</c> "0x1002", <c>imageType</c>
/// "0x0201", <c>fileVersion</c> "0x20260301", <c>hardwareVersion</c> and <c>zigbeeStackVersion</c> "0x0002" —
/// the way engineers and OTA file tools write them;</item>
/// <item><c>requestNodeAddress</c> is the EUI-64 as "0x0011223344556677", most significant byte first (as GBCS and
/// DUIS print it; the wire carries it little-endian);</item>
/// <item>counts, offsets, sizes, times and the sequence number are JSON numbers;</item>
/// <item><c>status</c> is the spec's name ("WAIT_FOR_DATA"); <c>data</c> is plain hex; <c>direction</c> is
/// "serverToClient" or "clientToServer"; <c>command</c> is the camelCase command name ("imageBlockRequest").</item>
/// </list>
/// <para>
/// On input every integer field also takes a JSON number or a "0x…" string, and <c>status</c> a number. The header
/// fields <c>frameControl</c>, <c>direction</c> and <c>transactionSequenceNumber</c> (default 0) may be left out;
/// <c>command</c> or <c>commandId</c> is required. The header's own manufacturer code, present only in a
/// manufacturer-specific frame, is <c>headerManufacturerCode</c> (the payload has a <c>manufacturerCode</c> too).
/// A field the frame does not carry is an error, so typos and misplaced fields are caught.
/// </para>
/// </summary>
public static class ZclOtaJson
{
    public const string ServerToClient = "serverToClient";
    public const string ClientToServer = "clientToServer";

    private static readonly string[] CommandNames =
    [
        "imageNotify",
        "queryNextImageRequest",
        "queryNextImageResponse",
        "imageBlockRequest",
        "imagePageRequest",
        "imageBlockResponse",
        "upgradeEndRequest",
        "upgradeEndResponse",
        "queryDeviceSpecificFileRequest",
        "queryDeviceSpecificFileResponse",
    ];

    /// <summary>The camelCase name of a command ("imageBlockResponse").</summary>
    public static string CommandName(OtaCommandId commandId) => CommandNames[(byte)commandId];

    /// <summary>Parses a camelCase command name.</summary>
    public static bool TryParseCommandName(string name, out OtaCommandId commandId)
    {
        int index = Array.IndexOf(CommandNames, name);
        commandId = (OtaCommandId)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>One line saying what a decode status means.</summary>
    public static string Describe(ZclDecodeStatus status) => status switch
    {
        ZclDecodeStatus.Ok => "decoded",
        ZclDecodeStatus.Truncated => "truncated: the frame ends before a field it needs",
        ZclDecodeStatus.TrailingBytes => "trailing bytes after the command's last field",
        ZclDecodeStatus.ReservedFrameType => "reserved frame type in the frame control",
        ZclDecodeStatus.NotClusterSpecific => "a ZCL global command (such as Default Response), not an OTA Upgrade cluster command",
        ZclDecodeStatus.UnknownCommand => "unknown command id (the OTA Upgrade cluster defines 0x00-0x09)",
        ZclDecodeStatus.WrongDirection => "the frame control's direction bit does not match the command",
        ZclDecodeStatus.BadFieldControl => "reserved bit set in fieldControl",
        ZclDecodeStatus.InvalidPayloadType => "payloadType above 3",
        ZclDecodeStatus.InvalidQueryJitter => "queryJitter outside 1-100",
        ZclDecodeStatus.UnexpectedStatus => "status not allowed for this command",
        ZclDecodeStatus.InvalidImageType => "imageType outside the device-specific range 0xFFC0-0xFFFE",
        _ => $"decode status {(byte)status}",
    };

    /// <summary>Decodes a whole frame; throws <see cref="ZclJsonException"/> naming the defect.</summary>
    public static (ZclHeader Header, IOtaCommand Command) Decode(byte[] frame)
    {
        ZclDecodeStatus status = OtaCommandDecoder.TryDecode(new ByteReader(frame, 0, frame.Length), out ZclHeader header, out IOtaCommand? command);
        if (status != ZclDecodeStatus.Ok || command is null)
        {
            string which = status is ZclDecodeStatus.UnknownCommand or ZclDecodeStatus.WrongDirection or ZclDecodeStatus.NotClusterSpecific
                ? $" (command id 0x{header.CommandId:X2}, frame control 0x{header.FrameControl:X2})"
                : string.Empty;
            throw new ZclJsonException($"cannot decode ZCL frame: {Describe(status)}{which}");
        }

        return (header, command);
    }

    /// <summary>Encodes a whole frame.</summary>
    public static byte[] Encode(ZclHeader header, IOtaCommand command)
    {
        byte[] frame = new byte[OtaCommandDecoder.EncodedLength(header, command)];
        OtaCommandDecoder.WriteTo(header, command, new ByteWriter(frame));
        return frame;
    }

    /// <summary>The JSON of a decoded frame, fields in wire order after the header.</summary>
    public static JsonObject ToJson(ZclHeader header, IOtaCommand command)
    {
        var json = new JsonObject
        {
            ["command"] = CommandName(command.CommandId),
            ["commandId"] = Hex8(header.CommandId),
            ["direction"] = header.IsServerToClient ? ServerToClient : ClientToServer,
            ["frameControl"] = Hex8(header.FrameControl),
        };
        if (header.IsManufacturerSpecific)
        {
            json["headerManufacturerCode"] = Hex16(header.ManufacturerCode);
        }

        json["transactionSequenceNumber"] = header.TransactionSequenceNumber;
        switch (command)
        {
            case ImageNotify c:
                json["payloadType"] = (byte)c.PayloadType;
                json["queryJitter"] = c.QueryJitter;
                if (c.PayloadType >= ImageNotifyPayloadType.QueryJitterAndManufacturerCode)
                {
                    json["manufacturerCode"] = Hex16(c.ManufacturerCode);
                }

                if (c.PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType)
                {
                    json["imageType"] = Hex16(c.ImageType);
                }

                if (c.PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion)
                {
                    json["fileVersion"] = Hex32(c.FileVersion);
                }

                break;
            case QueryNextImageRequest c:
                json["fieldControl"] = Hex8(c.FieldControl);
                AddImageId(json, c.ManufacturerCode, c.ImageType, c.FileVersion);
                if (c.HasHardwareVersion)
                {
                    json["hardwareVersion"] = Hex16(c.HardwareVersion);
                }

                break;
            case QueryNextImageResponse c:
                AddImageOffer(json, c.Status, c.ManufacturerCode, c.ImageType, c.FileVersion, c.ImageSize);
                break;
            case ImageBlockRequest c:
                json["fieldControl"] = Hex8(c.FieldControl);
                AddImageId(json, c.ManufacturerCode, c.ImageType, c.FileVersion);
                json["fileOffset"] = c.FileOffset;
                json["maximumDataSize"] = c.MaximumDataSize;
                if (c.HasRequestNodeAddress)
                {
                    json["requestNodeAddress"] = Hex64(c.RequestNodeAddress);
                }

                if (c.HasMinimumBlockPeriod)
                {
                    json["minimumBlockPeriod"] = c.MinimumBlockPeriod;
                }

                break;
            case ImagePageRequest c:
                json["fieldControl"] = Hex8(c.FieldControl);
                AddImageId(json, c.ManufacturerCode, c.ImageType, c.FileVersion);
                json["fileOffset"] = c.FileOffset;
                json["maximumDataSize"] = c.MaximumDataSize;
                json["pageSize"] = c.PageSize;
                json["responseSpacing"] = c.ResponseSpacing;
                if (c.HasRequestNodeAddress)
                {
                    json["requestNodeAddress"] = Hex64(c.RequestNodeAddress);
                }

                break;
            case ImageBlockResponse c:
                json["status"] = StatusText(c.Status);
                if (c.Status == OtaStatus.Success)
                {
                    AddImageId(json, c.ManufacturerCode, c.ImageType, c.FileVersion);
                    json["fileOffset"] = c.FileOffset;
                    json["dataSize"] = c.DataSize;
                    json["data"] = Hex.Encode(c.DataBuffer, c.DataOffset, c.DataSize);
                }
                else if (c.Status == OtaStatus.WaitForData)
                {
                    json["currentTime"] = c.CurrentTime;
                    json["requestTime"] = c.RequestTime;
                    json["minimumBlockPeriod"] = c.MinimumBlockPeriod;
                }

                break;
            case UpgradeEndRequest c:
                json["status"] = StatusText(c.Status);
                AddImageId(json, c.ManufacturerCode, c.ImageType, c.FileVersion);
                break;
            case UpgradeEndResponse c:
                AddImageId(json, c.ManufacturerCode, c.ImageType, c.FileVersion);
                json["currentTime"] = c.CurrentTime;
                json["upgradeTime"] = c.UpgradeTime;
                break;
            case QueryDeviceSpecificFileRequest c:
                json["requestNodeAddress"] = Hex64(c.RequestNodeAddress);
                AddImageId(json, c.ManufacturerCode, c.ImageType, c.FileVersion);
                json["zigbeeStackVersion"] = Hex16(c.ZigbeeStackVersion);
                break;
            case QueryDeviceSpecificFileResponse c:
                AddImageOffer(json, c.Status, c.ManufacturerCode, c.ImageType, c.FileVersion, c.ImageSize);
                break;
            default:
                throw new ArgumentException($"not an OTA command: {command.GetType().Name}", nameof(command));
        }

        return json;
    }

    /// <summary>
    /// Parses the JSON <see cref="ToJson"/> prints (and the looser forms the class summary lists) into a header and a
    /// command, and checks that the frame they make decodes. Throws <see cref="ZclJsonException"/> naming the problem.
    /// </summary>
    public static (ZclHeader Header, IOtaCommand Command) Parse(string jsonText)
    {
        JsonObject root;
        try
        {
            // A repeated field would be ambiguous: refuse it while parsing.
            root = JsonNode.Parse(jsonText, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new ZclJsonException("bad JSON: expected an object { … }");
        }
        catch (JsonException ex)
        {
            throw new ZclJsonException($"bad JSON: {FirstLine(ex.Message)}");
        }

        var fields = new Fields(root);
        OtaCommandId commandId = ReadCommandId(fields);
        ZclHeader header = ReadHeader(fields, commandId);
        IOtaCommand command = ReadCommand(fields, commandId);
        fields.EnsureAllUsed(CommandName(commandId));

        // The JSON may describe a frame the codec would refuse (queryJitter 0, FAILURE in an Image Block
        // Response, a wrong direction bit): refuse it here too, so encode never prints what decode rejects.
        byte[] frame = Encode(header, command);
        ZclDecodeStatus status = OtaCommandDecoder.TryDecode(new ByteReader(frame, 0, frame.Length), out ZclHeader _, out IOtaCommand? _);
        if (status != ZclDecodeStatus.Ok)
        {
            throw new ZclJsonException($"the {CommandName(commandId)} described would not decode: {Describe(status)}");
        }

        return (header, command);
    }

    private static OtaCommandId ReadCommandId(Fields fields)
    {
        string? name = fields.OptionalString("command");
        ulong? id = fields.OptionalInteger("commandId", 0xFF);
        if (name is null && id is null)
        {
            throw new ZclJsonException("missing field 'command' (or 'commandId')");
        }

        OtaCommandId commandId;
        if (name is not null)
        {
            if (!TryParseCommandName(name, out commandId))
            {
                throw new ZclJsonException($"unknown command '{name}' (expected one of {string.Join(", ", CommandNames)})");
            }

            if (id is not null && id.Value != (byte)commandId)
            {
                throw new ZclJsonException($"commandId 0x{id.Value:X2} does not match command '{name}' (0x{(byte)commandId:X2})");
            }

            return commandId;
        }

        if (!OtaCluster.IsCommand((byte)id!.Value))
        {
            throw new ZclJsonException($"unknown command id 0x{id.Value:X2} (the OTA Upgrade cluster defines 0x00-0x09)");
        }

        return (OtaCommandId)id.Value;
    }

    private static ZclHeader ReadHeader(Fields fields, OtaCommandId commandId)
    {
        ZclHeader header = OtaCluster.HeaderFor(commandId, (byte)(fields.OptionalInteger("transactionSequenceNumber", 0xFF) ?? 0));
        ulong? frameControl = fields.OptionalInteger("frameControl", 0xFF);
        ulong? headerManufacturerCode = fields.OptionalInteger("headerManufacturerCode", 0xFFFF);
        if (frameControl is not null)
        {
            header.FrameControl = (byte)frameControl.Value;
        }
        else if (headerManufacturerCode is not null)
        {
            header.FrameControl |= ZclHeader.ManufacturerSpecific;
        }

        if (header.IsManufacturerSpecific)
        {
            header.ManufacturerCode = (ushort)(headerManufacturerCode ?? throw new ZclJsonException($"missing field 'headerManufacturerCode' (frameControl 0x{header.FrameControl:X2} is manufacturer-specific)"));
        }
        else if (headerManufacturerCode is not null)
        {
            throw new ZclJsonException($"field 'headerManufacturerCode' given but frameControl 0x{header.FrameControl:X2} is not manufacturer-specific");
        }

        string? direction = fields.OptionalString("direction");
        if (direction is not null)
        {
            if (direction != ServerToClient && direction != ClientToServer)
            {
                throw new ZclJsonException($"bad direction '{direction}' (expected '{ServerToClient}' or '{ClientToServer}')");
            }

            if ((direction == ServerToClient) != header.IsServerToClient)
            {
                throw new ZclJsonException($"direction '{direction}' disagrees with frameControl 0x{header.FrameControl:X2}");
            }
        }

        return header;
    }

    private static IOtaCommand ReadCommand(Fields f, OtaCommandId commandId)
    {
        switch (commandId)
        {
            case OtaCommandId.ImageNotify:
            {
                var c = new ImageNotify { PayloadType = (ImageNotifyPayloadType)f.RequireInteger("payloadType", 0x03), QueryJitter = f.RequireByte("queryJitter") };
                if (c.PayloadType >= ImageNotifyPayloadType.QueryJitterAndManufacturerCode)
                {
                    c.ManufacturerCode = f.RequireUInt16("manufacturerCode");
                }

                if (c.PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType)
                {
                    c.ImageType = f.RequireUInt16("imageType");
                }

                if (c.PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion)
                {
                    c.FileVersion = f.RequireUInt32("fileVersion");
                }

                f.Context = $"payloadType {(byte)c.PayloadType}";
                return c;
            }

            case OtaCommandId.QueryNextImageRequest:
            {
                var c = new QueryNextImageRequest { FieldControl = f.RequireByte("fieldControl") };
                (c.ManufacturerCode, c.ImageType, c.FileVersion) = ReadImageId(f);
                if (c.HasHardwareVersion)
                {
                    c.HardwareVersion = f.RequireUInt16("hardwareVersion");
                }

                f.Context = $"fieldControl 0x{c.FieldControl:X2}";
                return c;
            }

            case OtaCommandId.QueryNextImageResponse:
            {
                var c = new QueryNextImageResponse();
                (c.Status, c.ManufacturerCode, c.ImageType, c.FileVersion, c.ImageSize) = ReadImageOffer(f);
                return c;
            }

            case OtaCommandId.ImageBlockRequest:
            {
                var c = new ImageBlockRequest { FieldControl = f.RequireByte("fieldControl") };
                (c.ManufacturerCode, c.ImageType, c.FileVersion) = ReadImageId(f);
                c.FileOffset = f.RequireUInt32("fileOffset");
                c.MaximumDataSize = f.RequireByte("maximumDataSize");
                if (c.HasRequestNodeAddress)
                {
                    c.RequestNodeAddress = f.RequireUInt64("requestNodeAddress");
                }

                if (c.HasMinimumBlockPeriod)
                {
                    c.MinimumBlockPeriod = f.RequireUInt16("minimumBlockPeriod");
                }

                f.Context = $"fieldControl 0x{c.FieldControl:X2}";
                return c;
            }

            case OtaCommandId.ImagePageRequest:
            {
                var c = new ImagePageRequest { FieldControl = f.RequireByte("fieldControl") };
                (c.ManufacturerCode, c.ImageType, c.FileVersion) = ReadImageId(f);
                c.FileOffset = f.RequireUInt32("fileOffset");
                c.MaximumDataSize = f.RequireByte("maximumDataSize");
                c.PageSize = f.RequireUInt16("pageSize");
                c.ResponseSpacing = f.RequireUInt16("responseSpacing");
                if (c.HasRequestNodeAddress)
                {
                    c.RequestNodeAddress = f.RequireUInt64("requestNodeAddress");
                }

                f.Context = $"fieldControl 0x{c.FieldControl:X2}";
                return c;
            }

            case OtaCommandId.ImageBlockResponse:
            {
                var c = new ImageBlockResponse { Status = f.RequireStatus() };
                if (c.Status == OtaStatus.Success)
                {
                    (c.ManufacturerCode, c.ImageType, c.FileVersion) = ReadImageId(f);
                    c.FileOffset = f.RequireUInt32("fileOffset");
                    byte[] data = f.RequireHex("data");
                    if (data.Length > ImageBlockResponse.MaxDataSize)
                    {
                        throw new ZclJsonException($"field 'data' is {data.Length} bytes; a block holds at most {ImageBlockResponse.MaxDataSize}");
                    }

                    ulong? dataSize = f.OptionalInteger("dataSize", 0xFF);
                    if (dataSize is not null && dataSize.Value != (ulong)data.Length)
                    {
                        throw new ZclJsonException($"field 'dataSize' is {dataSize.Value} but 'data' holds {data.Length} bytes");
                    }

                    c.SetData(data, 0, data.Length);
                }
                else if (c.Status == OtaStatus.WaitForData)
                {
                    c.CurrentTime = f.RequireUInt32("currentTime");
                    c.RequestTime = f.RequireUInt32("requestTime");
                    c.MinimumBlockPeriod = f.RequireUInt16("minimumBlockPeriod");
                }

                f.Context = $"status {StatusText(c.Status)}";
                return c;
            }

            case OtaCommandId.UpgradeEndRequest:
            {
                var c = new UpgradeEndRequest { Status = f.RequireStatus() };
                (c.ManufacturerCode, c.ImageType, c.FileVersion) = ReadImageId(f);
                return c;
            }

            case OtaCommandId.UpgradeEndResponse:
            {
                var c = new UpgradeEndResponse();
                (c.ManufacturerCode, c.ImageType, c.FileVersion) = ReadImageId(f);
                c.CurrentTime = f.RequireUInt32("currentTime");
                c.UpgradeTime = f.RequireUInt32("upgradeTime");
                return c;
            }

            case OtaCommandId.QueryDeviceSpecificFileRequest:
            {
                var c = new QueryDeviceSpecificFileRequest { RequestNodeAddress = f.RequireUInt64("requestNodeAddress") };
                (c.ManufacturerCode, c.ImageType, c.FileVersion) = ReadImageId(f);
                c.ZigbeeStackVersion = f.RequireUInt16("zigbeeStackVersion");
                return c;
            }

            default:
            {
                var c = new QueryDeviceSpecificFileResponse();
                (c.Status, c.ManufacturerCode, c.ImageType, c.FileVersion, c.ImageSize) = ReadImageOffer(f);
                return c;
            }
        }
    }

    private static (ushort ManufacturerCode, ushort ImageType, uint FileVersion) ReadImageId(Fields f) =>
        (f.RequireUInt16("manufacturerCode"), f.RequireUInt16("imageType"), f.RequireUInt32("fileVersion"));

    private static void AddImageId(JsonObject json, ushort manufacturerCode, ushort imageType, uint fileVersion)
    {
        json["manufacturerCode"] = Hex16(manufacturerCode);
        json["imageType"] = Hex16(imageType);
        json["fileVersion"] = Hex32(fileVersion);
    }

    // Query Next Image Response and Query Device Specific File Response share one layout (ZCL OTA): the image on
    // offer and its size only on SUCCESS.
    private static void AddImageOffer(JsonObject json, OtaStatus status, ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
    {
        json["status"] = StatusText(status);
        if (status == OtaStatus.Success)
        {
            AddImageId(json, manufacturerCode, imageType, fileVersion);
            json["imageSize"] = imageSize;
        }
    }

    private static (OtaStatus Status, ushort ManufacturerCode, ushort ImageType, uint FileVersion, uint ImageSize) ReadImageOffer(Fields f)
    {
        OtaStatus status = f.RequireStatus();
        f.Context = $"status {StatusText(status)}";
        if (status != OtaStatus.Success)
        {
            return (status, 0, 0, 0, 0);
        }

        (ushort manufacturerCode, ushort imageType, uint fileVersion) = ReadImageId(f);
        return (status, manufacturerCode, imageType, fileVersion, f.RequireUInt32("imageSize"));
    }

    /// <summary>The spec name of a status, or "0xNN" for a code the spec does not name.</summary>
    public static string StatusText(OtaStatus status) => OtaStatusNames.NameOf(status) ?? Hex8((byte)status);

    private static string Hex8(byte value) => $"0x{value:X2}";

    private static string Hex16(ushort value) => $"0x{value:X4}";

    private static string Hex32(uint value) => $"0x{value:X8}";

    private static string Hex64(ulong value) => $"0x{value:X16}";

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    /// <summary>The JSON object's properties, read once each, so that any left unread can be reported.</summary>
    private sealed class Fields(JsonObject root)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        /// <summary>What decided which fields the command carries, for the "unexpected field" message.</summary>
        public string? Context { get; set; }

        public string? OptionalString(string name)
        {
            JsonNode? node = Take(name);
            if (node is null)
            {
                return null;
            }

            if (node is JsonValue value && value.TryGetValue(out string? text))
            {
                return text;
            }

            throw new ZclJsonException($"field '{name}' must be a string");
        }

        public ulong? OptionalInteger(string name, ulong max)
        {
            JsonNode? node = Take(name);
            return node is null ? null : ToInteger(name, node, max);
        }

        public ulong RequireInteger(string name, ulong max) =>
            OptionalInteger(name, max) ?? throw Missing(name);

        // The field's whole width is its range: a value that does not fit the field is refused, never truncated.
        public byte RequireByte(string name) => (byte)RequireInteger(name, byte.MaxValue);

        public ushort RequireUInt16(string name) => (ushort)RequireInteger(name, ushort.MaxValue);

        public uint RequireUInt32(string name) => (uint)RequireInteger(name, uint.MaxValue);

        public ulong RequireUInt64(string name) => RequireInteger(name, ulong.MaxValue);

        public byte[] RequireHex(string name)
        {
            string text = OptionalString(name) ?? throw Missing(name);
            if (!Hex.TryDecode(text, out byte[] bytes))
            {
                throw new ZclJsonException($"field '{name}' is not hex: '{text}'");
            }

            return bytes;
        }

        public OtaStatus RequireStatus()
        {
            JsonNode node = Take("status") ?? throw Missing("status");
            if (node is JsonValue value && value.TryGetValue(out string? text) && !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return OtaStatusNames.TryParse(text, out OtaStatus named)
                    ? named
                    : throw new ZclJsonException($"unknown status '{text}' (use a ZCL name such as SUCCESS or WAIT_FOR_DATA, or a number)");
            }

            return (OtaStatus)ToInteger("status", node, 0xFF);
        }

        public void EnsureAllUsed(string command)
        {
            foreach (KeyValuePair<string, JsonNode?> property in root)
            {
                if (!_used.Contains(property.Key))
                {
                    string context = Context is null ? string.Empty : $" with {Context}";
                    throw new ZclJsonException($"unexpected field '{property.Key}' for {command}{context}");
                }
            }
        }

        private static ZclJsonException Missing(string name) => new($"missing field '{name}'");

        private JsonNode? Take(string name)
        {
            if (!root.TryGetPropertyValue(name, out JsonNode? node))
            {
                return null;
            }

            _used.Add(name);
            return node ?? throw new ZclJsonException($"field '{name}' is null");
        }

        private static ulong ToInteger(string name, JsonNode node, ulong max)
        {
            ulong value;
            if (node is JsonValue json && json.TryGetValue(out string? text))
            {
                if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    || !ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
                {
                    throw new ZclJsonException($"field '{name}' must be a number or a \"0x…\" hex string, not '{text}'");
                }
            }
            else if (node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && ulong.TryParse(number.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                // Parsed from the literal text so that 1.5, -1 and 1e3 are refused rather than rounded.
            }
            else
            {
                throw new ZclJsonException($"field '{name}' must be a non-negative integer or a \"0x…\" hex string");
            }

            if (value > max)
            {
                throw new ZclJsonException($"field '{name}' is out of range: {value} (0x{value:X}) > 0x{max:X}");
            }

            return value;
        }
    }
}
