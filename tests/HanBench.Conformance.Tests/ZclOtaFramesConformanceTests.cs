using System.Globalization;
using System.Text.Json.Nodes;
using HanBench.Cli;
using HanBench.Host.Tests;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Conformance.Tests;

/// <summary>
/// HanBench's ZCL OTA codec against the 20 frames zigbee-herdsman 11.1.1 encoded (zcl-ota/zcl-ota-frames.json):
/// each entry has <c>command</c>, <c>commandId</c>, <c>direction</c>, the payload fields as <c>input</c> and the
/// whole frame as <c>zclFrameHex</c>. The input names the IEEE address <c>requestNodeIeeeAddress</c> (Image Block
/// Request) or <c>eui64</c> (Query Device Specific File Request); the spec and HanBench call it requestNodeAddress.
/// The input holds no sequence number, so the encoder takes it from the frame (byte 1); everything else, frame
/// control included, comes from HanBench.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class ZclOtaFramesConformanceTests
{
    private static JsonArray Frames()
    {
        JsonArray frames = JsonNode.Parse(Vectors.ReadText("zcl-ota", "zcl-ota-frames.json"))!.AsArray();
        Assert.HasCount(20, frames);
        return frames;
    }

    [TestMethod]
    public void Frames_CoverEveryCommand()
    {
        var seen = new HashSet<int>();
        foreach (JsonNode? frame in Frames())
        {
            seen.Add(frame!["commandId"]!.GetValue<int>());
        }

        Assert.HasCount(OtaCluster.LastCommandId + 1, seen);
    }

    [TestMethod]
    public void Frames_EncodeFromInput_GiveExactlyTheFrameHex()
    {
        foreach (JsonNode? node in Frames())
        {
            JsonObject frame = node!.AsObject();
            string name = frame["name"]!.GetValue<string>();
            byte[] expected = Bytes(frame["zclFrameHex"]!.GetValue<string>());
            var commandId = (OtaCommandId)frame["commandId"]!.GetValue<int>();
            Assert.AreEqual(frame["command"]!.GetValue<string>(), HanBench.Tooling.Zcl.ZclOtaJson.CommandName(commandId), name);
            Assert.AreEqual(frame["direction"]!.GetValue<string>() == "server->client", OtaCluster.IsServerToClient(commandId), name);

            ZclHeader header = OtaCluster.HeaderFor(commandId, expected[1]);
            IOtaCommand command = Build(commandId, frame["input"]!.AsObject());
            byte[] actual = new byte[OtaCommandDecoder.EncodedLength(header, command)];
            var writer = new ByteWriter(actual);
            OtaCommandDecoder.WriteTo(header, command, writer);

            Assert.AreEqual(actual.Length, writer.Written, name);
            Assert.AreEqual(Hex.Encode(expected), Hex.Encode(actual), name);
        }
    }

    [TestMethod]
    public void Frames_Decode_GiveExactlyTheInputFields()
    {
        foreach (JsonNode? node in Frames())
        {
            JsonObject frame = node!.AsObject();
            string name = frame["name"]!.GetValue<string>();
            byte[] bytes = Bytes(frame["zclFrameHex"]!.GetValue<string>());
            ZclDecodeStatus status = OtaCommandDecoder.TryDecode(new ByteReader(bytes, 0, bytes.Length), out ZclHeader header, out IOtaCommand? command);

            Assert.AreEqual(ZclDecodeStatus.Ok, status, name);
            Assert.AreEqual(frame["commandId"]!.GetValue<int>(), (int)command!.CommandId, name);
            Assert.AreEqual(frame["direction"]!.GetValue<string>() == "server->client", header.IsServerToClient, name);

            Dictionary<string, string> decoded = Fields(command);
            JsonObject input = frame["input"]!.AsObject();
            Assert.AreEqual(string.Join(",", input.Select(p => p.Key).Order()), string.Join(",", decoded.Keys.Order()), name + ": field set");
            foreach (KeyValuePair<string, JsonNode?> field in input)
            {
                Assert.AreEqual(Canonical(field.Value!), decoded[field.Key], $"{name}: {field.Key}");
            }
        }
    }

    [TestMethod]
    public void Frames_CliDecodeJsonThenEncode_GiveTheFrameBack()
    {
        foreach (JsonNode? node in Frames())
        {
            string hex = node!["zclFrameHex"]!.GetValue<string>();
            CliResult decoded = CliRunner.Run("zcl", "decode", hex, "--json");
            Assert.AreEqual(ExitCodes.Ok, decoded.ExitCode, decoded.Error);
            CliResult encoded = CliRunner.Run("zcl", "encode", "--json", decoded.Output);
            Assert.AreEqual(ExitCodes.Ok, encoded.ExitCode, encoded.Error);
            Assert.AreEqual(hex.ToUpperInvariant(), encoded.Output.Trim(), node["name"]!.GetValue<string>());
        }
    }

    /// <summary>Builds the command struct from herdsman's field values.</summary>
    private static IOtaCommand Build(OtaCommandId commandId, JsonObject input)
    {
        ushort U16(string key) => checked((ushort)input[key]!.GetValue<ulong>());
        uint U32(string key) => checked((uint)input[key]!.GetValue<ulong>());
        byte U8(string key) => checked((byte)input[key]!.GetValue<ulong>());
        bool Has(string key) => input.ContainsKey(key);

        // herdsman leaves out the fields a command's form does not carry; the struct holds 0 there.
        ushort OptionalU16(string key) => Has(key) ? U16(key) : (ushort)0;
        uint OptionalU32(string key) => Has(key) ? U32(key) : 0;

        switch (commandId)
        {
            case OtaCommandId.ImageNotify:
                return new ImageNotify
                {
                    PayloadType = (ImageNotifyPayloadType)U8("payloadType"),
                    QueryJitter = U8("queryJitter"),
                    ManufacturerCode = OptionalU16("manufacturerCode"),
                    ImageType = OptionalU16("imageType"),
                    FileVersion = OptionalU32("fileVersion"),
                };
            case OtaCommandId.QueryNextImageRequest:
                return new QueryNextImageRequest
                {
                    FieldControl = U8("fieldControl"),
                    ManufacturerCode = U16("manufacturerCode"),
                    ImageType = U16("imageType"),
                    FileVersion = U32("fileVersion"),
                    HardwareVersion = OptionalU16("hardwareVersion"),
                };
            case OtaCommandId.QueryNextImageResponse:
                return new QueryNextImageResponse
                {
                    Status = (OtaStatus)U8("status"),
                    ManufacturerCode = OptionalU16("manufacturerCode"),
                    ImageType = OptionalU16("imageType"),
                    FileVersion = OptionalU32("fileVersion"),
                    ImageSize = OptionalU32("imageSize"),
                };
            case OtaCommandId.ImageBlockRequest:
                return new ImageBlockRequest
                {
                    FieldControl = U8("fieldControl"),
                    ManufacturerCode = U16("manufacturerCode"),
                    ImageType = U16("imageType"),
                    FileVersion = U32("fileVersion"),
                    FileOffset = U32("fileOffset"),
                    MaximumDataSize = U8("maximumDataSize"),
                    RequestNodeAddress = Has("requestNodeIeeeAddress") ? Eui64(input["requestNodeIeeeAddress"]!) : 0,
                    MinimumBlockPeriod = OptionalU16("minimumBlockPeriod"),
                };
            case OtaCommandId.ImagePageRequest:
                return new ImagePageRequest
                {
                    FieldControl = U8("fieldControl"),
                    ManufacturerCode = U16("manufacturerCode"),
                    ImageType = U16("imageType"),
                    FileVersion = U32("fileVersion"),
                    FileOffset = U32("fileOffset"),
                    MaximumDataSize = U8("maximumDataSize"),
                    PageSize = U16("pageSize"),
                    ResponseSpacing = U16("responseSpacing"),
                    RequestNodeAddress = Has("requestNodeIeeeAddress") ? Eui64(input["requestNodeIeeeAddress"]!) : 0,
                };
            case OtaCommandId.ImageBlockResponse:
                var block = new ImageBlockResponse { Status = (OtaStatus)U8("status") };
                if (block.Status == OtaStatus.Success)
                {
                    block.ManufacturerCode = U16("manufacturerCode");
                    block.ImageType = U16("imageType");
                    block.FileVersion = U32("fileVersion");
                    block.FileOffset = U32("fileOffset");
                    byte[] data = Bytes(input["data"]!.GetValue<string>());
                    Assert.AreEqual(data.Length, (int)U8("dataSize"));
                    block.SetData(data, 0, data.Length);
                }
                else if (block.Status == OtaStatus.WaitForData)
                {
                    block.CurrentTime = U32("currentTime");
                    block.RequestTime = U32("requestTime");
                    block.MinimumBlockPeriod = U16("minimumBlockPeriod");
                }

                return block;
            case OtaCommandId.UpgradeEndRequest:
                return new UpgradeEndRequest
                {
                    Status = (OtaStatus)U8("status"),
                    ManufacturerCode = U16("manufacturerCode"),
                    ImageType = U16("imageType"),
                    FileVersion = U32("fileVersion"),
                };
            case OtaCommandId.UpgradeEndResponse:
                return new UpgradeEndResponse
                {
                    ManufacturerCode = U16("manufacturerCode"),
                    ImageType = U16("imageType"),
                    FileVersion = U32("fileVersion"),
                    CurrentTime = U32("currentTime"),
                    UpgradeTime = U32("upgradeTime"),
                };
            case OtaCommandId.QueryDeviceSpecificFileRequest:
                return new QueryDeviceSpecificFileRequest
                {
                    RequestNodeAddress = Eui64(input["eui64"]!),
                    ManufacturerCode = U16("manufacturerCode"),
                    ImageType = U16("imageType"),
                    FileVersion = U32("fileVersion"),
                    ZigbeeStackVersion = U16("zigbeeStackVersion"),
                };
            default:
                return new QueryDeviceSpecificFileResponse
                {
                    Status = (OtaStatus)U8("status"),
                    ManufacturerCode = OptionalU16("manufacturerCode"),
                    ImageType = OptionalU16("imageType"),
                    FileVersion = OptionalU32("fileVersion"),
                    ImageSize = OptionalU32("imageSize"),
                };
        }
    }

    /// <summary>The fields a decoded command carries, under herdsman's names, as canonical text.</summary>
    private static Dictionary<string, string> Fields(IOtaCommand command)
    {
        var f = new Dictionary<string, string>();
        void Id(ushort manufacturerCode, ushort imageType, uint fileVersion)
        {
            f["manufacturerCode"] = N(manufacturerCode);
            f["imageType"] = N(imageType);
            f["fileVersion"] = N(fileVersion);
        }

        void Offer(OtaStatus status, ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
        {
            f["status"] = N((byte)status);
            if (status == OtaStatus.Success)
            {
                Id(manufacturerCode, imageType, fileVersion);
                f["imageSize"] = N(imageSize);
            }
        }

        switch (command)
        {
            case ImageNotify c:
                f["payloadType"] = N((byte)c.PayloadType);
                f["queryJitter"] = N(c.QueryJitter);
                if (c.PayloadType >= ImageNotifyPayloadType.QueryJitterAndManufacturerCode)
                {
                    f["manufacturerCode"] = N(c.ManufacturerCode);
                }

                if (c.PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType)
                {
                    f["imageType"] = N(c.ImageType);
                }

                if (c.PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion)
                {
                    f["fileVersion"] = N(c.FileVersion);
                }

                break;
            case QueryNextImageRequest c:
                f["fieldControl"] = N(c.FieldControl);
                Id(c.ManufacturerCode, c.ImageType, c.FileVersion);
                if (c.HasHardwareVersion)
                {
                    f["hardwareVersion"] = N(c.HardwareVersion);
                }

                break;
            case QueryNextImageResponse c:
                Offer(c.Status, c.ManufacturerCode, c.ImageType, c.FileVersion, c.ImageSize);
                break;
            case ImageBlockRequest c:
                f["fieldControl"] = N(c.FieldControl);
                Id(c.ManufacturerCode, c.ImageType, c.FileVersion);
                f["fileOffset"] = N(c.FileOffset);
                f["maximumDataSize"] = N(c.MaximumDataSize);
                if (c.HasRequestNodeAddress)
                {
                    f["requestNodeIeeeAddress"] = N(c.RequestNodeAddress);
                }

                if (c.HasMinimumBlockPeriod)
                {
                    f["minimumBlockPeriod"] = N(c.MinimumBlockPeriod);
                }

                break;
            case ImagePageRequest c:
                f["fieldControl"] = N(c.FieldControl);
                Id(c.ManufacturerCode, c.ImageType, c.FileVersion);
                f["fileOffset"] = N(c.FileOffset);
                f["maximumDataSize"] = N(c.MaximumDataSize);
                f["pageSize"] = N(c.PageSize);
                f["responseSpacing"] = N(c.ResponseSpacing);
                if (c.HasRequestNodeAddress)
                {
                    f["requestNodeIeeeAddress"] = N(c.RequestNodeAddress);
                }

                break;
            case ImageBlockResponse c:
                f["status"] = N((byte)c.Status);
                if (c.Status == OtaStatus.Success)
                {
                    Id(c.ManufacturerCode, c.ImageType, c.FileVersion);
                    f["fileOffset"] = N(c.FileOffset);
                    f["dataSize"] = N(c.DataSize);
                    f["data"] = Hex.Encode(c.DataBuffer, c.DataOffset, c.DataSize);
                }
                else if (c.Status == OtaStatus.WaitForData)
                {
                    f["currentTime"] = N(c.CurrentTime);
                    f["requestTime"] = N(c.RequestTime);
                    f["minimumBlockPeriod"] = N(c.MinimumBlockPeriod);
                }

                break;
            case UpgradeEndRequest c:
                f["status"] = N((byte)c.Status);
                Id(c.ManufacturerCode, c.ImageType, c.FileVersion);
                break;
            case UpgradeEndResponse c:
                Id(c.ManufacturerCode, c.ImageType, c.FileVersion);
                f["currentTime"] = N(c.CurrentTime);
                f["upgradeTime"] = N(c.UpgradeTime);
                break;
            case QueryDeviceSpecificFileRequest c:
                f["eui64"] = N(c.RequestNodeAddress);
                Id(c.ManufacturerCode, c.ImageType, c.FileVersion);
                f["zigbeeStackVersion"] = N(c.ZigbeeStackVersion);
                break;
            case QueryDeviceSpecificFileResponse c:
                Offer(c.Status, c.ManufacturerCode, c.ImageType, c.FileVersion, c.ImageSize);
                break;
        }

        return f;
    }

    /// <summary>A herdsman value as the same canonical text <see cref="Fields"/> produces: decimal, or upper-case hex for data.</summary>
    private static string Canonical(JsonNode value)
    {
        if (value is JsonValue v && v.TryGetValue(out string? text))
        {
            return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? N(Eui64(value)) : Hex.Encode(Bytes(text));
        }

        return N(value.GetValue<ulong>());
    }

    private static string N(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An EUI-64 as herdsman prints it ("0x00db…", most significant byte first).</summary>
    private static ulong Eui64(JsonNode value) => ulong.Parse(value.GetValue<string>().AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static byte[] Bytes(string hex)
    {
        Assert.IsTrue(Hex.TryDecode(hex, out byte[] bytes), hex);
        return bytes;
    }
}
