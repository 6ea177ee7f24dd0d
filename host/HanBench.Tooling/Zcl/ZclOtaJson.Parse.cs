using System.Text.Json;
using System.Text.Json.Nodes;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Tooling.Zcl;

/// <summary>JSON → header and command: <see cref="Parse"/> and its readers, one per command.</summary>
public static partial class ZclOtaJson
{
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
}
