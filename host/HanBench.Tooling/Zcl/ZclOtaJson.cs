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
public static partial class ZclOtaJson
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
}
