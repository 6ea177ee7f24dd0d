using System.Text.Json.Nodes;
using HanBench.Cli;

namespace HanBench.Host.Tests;

[TestClass]
public sealed class ZclCommandTests
{
    /// <summary>
    /// HanBench's own golden ZCL OTA frames, the same as the shared codec tests' (ZclTestFrames): every command and
    /// form, both directions, and one manufacturer-specific frame.
    /// </summary>
    public static IEnumerable<object[]> GoldenFrames =>
    [
        ["1940000032"],
        ["19410001640210"],
        ["194200020102100102"],
        ["194300030A0210010201032620"],
        ["1144010002100102" + "01012520"],
        ["1145010102100102" + "010125200300"],
        ["19460200021001020103262000B00B00"],
        ["19470298"],
        ["1948027E"],
        ["114903000210010201032620" + "0002000040"],
        ["114A03010210010201032620" + "00020000407766554433221100"],
        ["114B03020210010201032620" + "0002000040F401"],
        ["114C03030210010201032620" + "00020000407766554433221100F401"],
        ["114D04000210010201032620" + "000400003F00043200"],
        ["114E04010210010201032620" + "000400003F000432007766554433221100"],
        ["194F05000210010201032620" + "0002000008A1A2A3A4A5A6A7A8"],
        ["195005000210010201032620" + "0000000000"],
        ["195105971020304" + "01E203040E803"],
        ["19520595"],
        ["115306000210010201032620"],
        ["115406960210010201032620"],
        ["115506990210010201032620"],
        ["115606950210010201032620"],
        ["195707021001020103262010203040FFFFFFFF"],
        ["1958070210010201032620102030404C203040"],
        ["11590877665544332211000210C1FF030000000200"],
        ["195A09000210C1FF0200000000010000"],
        ["195B0998"],
        ["195C097E"],
        ["1D02105D0595"],
    ];

    [TestMethod]
    [DynamicData(nameof(GoldenFrames))]
    public void DecodeJsonThenEncode_GoldenFrame_GivesTheSameHex(string hex)
    {
        CliResult decoded = CliRunner.Run("zcl", "decode", hex, "--json");
        Assert.AreEqual(ExitCodes.Ok, decoded.ExitCode, decoded.Error);
        CliResult encoded = CliRunner.Run("zcl", "encode", "--json", decoded.Output);
        Assert.AreEqual(ExitCodes.Ok, encoded.ExitCode, encoded.Error);
        Assert.AreEqual(hex, encoded.Output.Trim());
    }

    [TestMethod]
    [DynamicData(nameof(GoldenFrames))]
    public void DecodeLines_GoldenFrame_PrintsTitleAndOneLinePerField(string hex)
    {
        CliResult decoded = CliRunner.Run("zcl", "decode", hex);
        Assert.AreEqual(ExitCodes.Ok, decoded.ExitCode, decoded.Error);
        JsonObject json = DecodeJson(hex);
        string[] lines = decoded.Output.TrimEnd().Split('\n');
        StringAssert.StartsWith(lines[0], "ZCL OTA Upgrade (cluster 0x0019) " + json["command"]!.GetValue<string>());

        // Every field but the three in the title gets its own line.
        Assert.AreEqual(json.Count - 3 + 1, lines.Length, decoded.Output);
    }

    [TestMethod]
    public void DecodeJson_ImageBlockResponse_UsesSpecNamesAndDocumentedForms()
    {
        JsonObject json = DecodeJson("194F05000210010201032620" + "0002000008A1A2A3A4A5A6A7A8");
        Assert.AreEqual("imageBlockResponse", json["command"]!.GetValue<string>());
        Assert.AreEqual("0x05", json["commandId"]!.GetValue<string>());
        Assert.AreEqual("serverToClient", json["direction"]!.GetValue<string>());
        Assert.AreEqual("0x19", json["frameControl"]!.GetValue<string>());
        Assert.AreEqual(0x4F, json["transactionSequenceNumber"]!.GetValue<int>());
        Assert.AreEqual("SUCCESS", json["status"]!.GetValue<string>());
        Assert.AreEqual("0x1002", json["manufacturerCode"]!.GetValue<string>());
        Assert.AreEqual("0x0201", json["imageType"]!.GetValue<string>());
        Assert.AreEqual("0x20260301", json["fileVersion"]!.GetValue<string>());
        Assert.AreEqual(512, json["fileOffset"]!.GetValue<int>());
        Assert.AreEqual(8, json["dataSize"]!.GetValue<int>());
        Assert.AreEqual("A1A2A3A4A5A6A7A8", json["data"]!.GetValue<string>());
        Assert.IsFalse(json.ContainsKey("headerManufacturerCode"));
    }

    [TestMethod]
    public void DecodeJson_BlockRequestWithIeee_PrintsEui64MostSignificantFirst()
    {
        JsonObject json = DecodeJson("114C03030210010201032620" + "00020000407766554433221100F401");
        Assert.AreEqual("0x03", json["fieldControl"]!.GetValue<string>());
        Assert.AreEqual("0x0011223344556677", json["requestNodeAddress"]!.GetValue<string>());
        Assert.AreEqual(500, json["minimumBlockPeriod"]!.GetValue<int>());
        Assert.AreEqual("clientToServer", json["direction"]!.GetValue<string>());
    }

    [TestMethod]
    public void DecodeJson_ManufacturerSpecific_PrintsHeaderManufacturerCode()
    {
        JsonObject json = DecodeJson("1D02105D0595");
        Assert.AreEqual("0x1D", json["frameControl"]!.GetValue<string>());
        Assert.AreEqual("0x1002", json["headerManufacturerCode"]!.GetValue<string>());
        Assert.AreEqual("ABORT", json["status"]!.GetValue<string>());
    }

    [TestMethod]
    public void Encode_NumbersAndNoHeaderFields_UsesStandardHeaderAndSequenceZero()
    {
        CliResult result = CliRunner.Run("zcl", "encode", "--json",
            """{"command":"upgradeEndResponse","manufacturerCode":4098,"imageType":513,"fileVersion":539362049,"currentTime":1076895760,"upgradeTime":4294967295}""");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        Assert.AreEqual("190007021001020103262010203040FFFFFFFF", result.Output.Trim());
    }

    [TestMethod]
    public void Encode_CommandIdInsteadOfName_AndStatusAsNumber_Accepted()
    {
        CliResult result = CliRunner.Run("zcl", "encode", "--json", """{"commandId":2,"transactionSequenceNumber":"0x47","status":152}""");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        Assert.AreEqual("19470298", result.Output.Trim());
    }

    [TestMethod]
    public void Encode_HeaderManufacturerCodeWithoutFrameControl_SetsManufacturerSpecificBit()
    {
        CliResult result = CliRunner.Run("zcl", "encode", "--json", """{"command":"imageBlockResponse","headerManufacturerCode":"0x1002","transactionSequenceNumber":93,"status":"ABORT"}""");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        Assert.AreEqual("1D02105D0595", result.Output.Trim());
    }

    [TestMethod]
    [DataRow("zz", "not hex")]
    [DataRow("1", "not hex")]
    [DataRow("1915", "truncated")]
    [DataRow("194F05000210010201032620" + "0002000008A1A2A3", "truncated")]
    [DataRow("19400A00", "unknown command id")]
    [DataRow("11520595", "direction")]
    [DataRow("18490B0380", "global command")]
    [DataRow("1952059500", "trailing bytes")]
    [DataRow("19520501", "status not allowed")]
    public void Decode_BadInput_ExitsTwoWithOneLineNamingTheProblem(string hex, string problem)
    {
        AssertBadInput(CliRunner.Run("zcl", "decode", hex), problem);
    }

    [TestMethod]
    [DataRow("""{"command":"imageNotify",""", "bad JSON")]
    [DataRow("""[1,2]""", "expected an object")]
    [DataRow("""{"command":"imageNotify","payloadType":0,"queryJitter":5,"queryJitter":6}""", "Duplicate property 'queryJitter'")]
    [DataRow("""{"payloadType":0,"queryJitter":5}""", "missing field 'command'")]
    [DataRow("""{"command":"imageNotify","payloadType":0}""", "missing field 'queryJitter'")]
    [DataRow("""{"command":"imageBlockRequest","fieldControl":"0x01","manufacturerCode":1,"imageType":2,"fileVersion":3,"fileOffset":4,"maximumDataSize":5}""", "missing field 'requestNodeAddress'")]
    [DataRow("""{"command":"imageNotify","payloadType":0,"queryJitter":5,"manufacturerCode":"0x1002"}""", "unexpected field 'manufacturerCode'")]
    [DataRow("""{"command":"imageNotify","payloadType":0,"queryJiter":5}""", "missing field 'queryJitter'")]
    [DataRow("""{"command":"imageNotfy","payloadType":0,"queryJitter":5}""", "unknown command 'imageNotfy'")]
    [DataRow("""{"commandId":"0x0A"}""", "unknown command id 0x0A")]
    [DataRow("""{"command":"imageNotify","commandId":1,"payloadType":0,"queryJitter":5}""", "does not match command")]
    [DataRow("""{"command":"imageNotify","payloadType":4,"queryJitter":5}""", "'payloadType' is out of range")]
    [DataRow("""{"command":"imageNotify","payloadType":0,"queryJitter":0}""", "queryJitter outside 1-100")]
    [DataRow("""{"command":"imageNotify","payloadType":0,"queryJitter":-1}""", "'queryJitter' must be a non-negative integer")]
    [DataRow("""{"command":"imageNotify","payloadType":0,"queryJitter":"12"}""", "'queryJitter' must be a number or a \"0x")]
    [DataRow("""{"command":"imageBlockResponse","status":"FAILURE"}""", "status not allowed")]
    [DataRow("""{"command":"imageBlockResponse","status":"SUCESS"}""", "unknown status 'SUCESS'")]
    [DataRow("""{"command":"imageBlockResponse","status":"SUCCESS","manufacturerCode":1,"imageType":2,"fileVersion":3,"fileOffset":4,"dataSize":3,"data":"A1A2"}""", "'dataSize' is 3 but 'data' holds 2 bytes")]
    [DataRow("""{"command":"imageBlockResponse","status":"SUCCESS","manufacturerCode":1,"imageType":2,"fileVersion":3,"fileOffset":4,"data":"A1A"}""", "'data' is not hex")]
    [DataRow("""{"command":"imageBlockResponse","status":"ABORT","direction":"clientToServer"}""", "direction 'clientToServer' disagrees")]
    [DataRow("""{"command":"imageBlockResponse","status":"ABORT","frameControl":"0x11"}""", "direction bit does not match")]
    [DataRow("""{"command":"imageBlockResponse","status":"ABORT","frameControl":"0x1D"}""", "missing field 'headerManufacturerCode'")]
    public void Encode_BadInput_ExitsTwoWithOneLineNamingTheProblem(string json, string problem)
    {
        AssertBadInput(CliRunner.Run("zcl", "encode", "--json", json), problem);
    }

    [TestMethod]
    public void Encode_WithoutJsonOption_ExitsTwo()
    {
        AssertBadInput(CliRunner.Run("zcl", "encode"), "--json");
    }

    private static JsonObject DecodeJson(string hex)
    {
        CliResult result = CliRunner.Run("zcl", "decode", hex, "--json");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        return JsonNode.Parse(result.Output)!.AsObject();
    }

    private static void AssertBadInput(CliResult result, string problem)
    {
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, result.Output + result.Error);
        Assert.AreEqual(string.Empty, result.Output);
        string[] lines = result.Error.TrimEnd().Split('\n');
        Assert.HasCount(1, lines, result.Error);
        StringAssert.StartsWith(lines[0], "hanbench: error: ");
        StringAssert.Contains(lines[0], problem);
    }
}
