using System.Text.Json;
using System.Text.Json.Nodes;
using HanBench.Tooling.Boards;
using HanBench.Host.Json;

namespace HanBench.Host.Tests.Boards;

[TestClass]
public sealed class BoardProfileTests
{
    private static string BoardsDirectory => BoardCatalog.Locate() ?? throw new AssertFailedException("boards/ not found above the test folder");

    [TestMethod]
    public void Catalog_EveryProfileInTheRepository_PassesValidation()
    {
        BoardCatalog catalog = BoardCatalog.Load(BoardsDirectory);
        string[] ids = catalog.Boards.Select(b => b.Id).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(
            new[] { "esp32-c3-devkitm-1", "esp32-c6-devkitc-1", "esp32-devkitc", "esp32-devkitc-wrover-n8r8", "esp32-s3-devkitc-1-n8r8" },
            ids,
            $"{catalog.Directory}: {string.Join(", ", ids)}");
    }

    [TestMethod]
    [DataRow("esp32-devkitc", "ESP32_REV0", 262144L, "ppmid,bridge,meter")]
    [DataRow("esp32-devkitc-wrover-n8r8", "ESP32_PSRAM_REV3", 2097152L, "hub,ppmid,bridge,meter")]
    [DataRow("esp32-s3-devkitc-1-n8r8", "ESP32_S3_OCTAL", 2097152L, "hub,ppmid,bridge,meter")]
    [DataRow("esp32-c3-devkitm-1", "ESP32_C3", 262144L, "ppmid,meter")]
    [DataRow("esp32-c6-devkitc-1", "ESP32_C6_THREAD", 2097152L, "ppmid,meter")]
    public void Catalog_Profile_TargetDriveAndRolesAsDocumented(string id, string target, long drive, string roles)
    {
        BoardProfile board = BoardCatalog.Load(BoardsDirectory).Find(id) ?? throw new AssertFailedException($"{id} missing");
        Assert.AreEqual(target, board.NanoffTarget);
        Assert.AreEqual(drive, board.InternalDriveBytes);
        Assert.AreEqual(roles, string.Join(",", board.Roles.Select(r => r.ToName())));
    }

    [TestMethod]
    public void Schema_EveryRequiredProperty_IsRequiredByTheLoaderToo()
    {
        JsonNode schema = JsonNode.Parse(File.ReadAllText(Path.Combine(BoardsDirectory, BoardCatalog.SchemaFileName)))!;
        string[] required = schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.AreEqual(18, required.Length);
        foreach (string property in required)
        {
            JsonObject profile = ValidProfile();
            profile.Remove(property);
            BoardProfileException ex = Assert.ThrowsExactly<BoardProfileException>(() => Parse(profile), property);
            CollectionAssert.Contains(ex.Errors.ToArray(), $"$.{property}: is required", string.Join(" | ", ex.Errors));
        }
    }

    [TestMethod]
    public void Schema_EveryDeclaredProperty_IsKnownToTheLoader()
    {
        JsonNode schema = JsonNode.Parse(File.ReadAllText(Path.Combine(BoardsDirectory, BoardCatalog.SchemaFileName)))!;
        JsonObject profile = ValidProfile();
        profile["notes"] = "optional text";
        profile["sdCard"] = null;
        foreach ((string name, JsonNode? _) in schema["properties"]!.AsObject())
        {
            Assert.IsTrue(profile.ContainsKey(name), $"the sample profile lacks {name}");
        }

        Assert.AreEqual("optional text", Parse(profile).Notes);
    }

    [TestMethod]
    public void Schema_AndTheRecordsTheLoaderReads_Agree()
    {
        JsonNode schema = JsonNode.Parse(File.ReadAllText(Path.Combine(BoardsDirectory, BoardCatalog.SchemaFileName)))!;

        IReadOnlyList<string> mismatches = JsonSchemaContract.Compare(schema, schema, typeof(BoardProfileJson), BoardProfileLoader.Options);

        Assert.AreEqual(0, mismatches.Count, string.Join(Environment.NewLine, mismatches));
    }

    [TestMethod]
    public void SchemaContract_MemberMissingFromTheSchema_IsNamed()
    {
        JsonNode schema = JsonNode.Parse(File.ReadAllText(Path.Combine(BoardsDirectory, BoardCatalog.SchemaFileName)))!;
        schema["properties"]!["led"]!["properties"]!.AsObject().Remove("onBoard");
        schema["properties"]!["uarts"]!["items"]!["required"]!.AsArray().RemoveAt(0);
        schema["properties"]!["psramBytes"]!["type"] = "string";

        IReadOnlyList<string> mismatches = JsonSchemaContract.Compare(schema, schema, typeof(BoardProfileJson), BoardProfileLoader.Options);

        CollectionAssert.AreEquivalent(
            new[]
            {
                "$.led.onBoard: in LedPin, not in the schema",
                "$.uarts[].port: required in UartPins, optional in the schema",
                "$.psramBytes: the schema says string, Int64 reads integer",
            },
            mismatches.ToArray(),
            string.Join(" | ", mismatches));
    }

    [TestMethod]
    [DataRow("colour", "\"red\"", "$.colour: unknown member (allowed here: id, name, chip, module, nanoffTarget, flashBytes, psramBytes, internalDriveBytes, storage, usb, uarts, led, button, reservedGpios, strappingGpios, inputOnlyGpios, roles, sources, sdCard, notes, $schema)")]
    [DataRow("id", "\"ESP32 DevKitC\"", "$.id: 'ESP32 DevKitC' must be lower-case letters and digits separated by single hyphens")]
    [DataRow("id", "\"esp32-other\"", "$.id: 'esp32-other' must match the file name 'esp32-devkitc.json'")]
    [DataRow("name", "\"  \"", "$.name: must not be empty")]
    [DataRow("chip", "\"ESP8266\"", "$.chip: 'ESP8266' is not one of ESP32, ESP32-S3, ESP32-C3, ESP32-C6")]
    [DataRow("nanoffTarget", "\"ESP32_C3\"", "$.nanoffTarget: ESP32_C3 is not a firmware target for ESP32 (one of ESP32_REV0, ESP32_REV3, ESP32_PSRAM_REV0, ESP32_PSRAM_REV3, ESP32_BLE_REV0, ESP32_PICO)")]
    [DataRow("nanoffTarget", "\"ESP32_PSRAM_REV0\"", "$.nanoffTarget: ESP32_PSRAM_REV0 needs PSRAM but psramBytes is 0")]
    [DataRow("flashBytes", "\"4MB\"", "$.flashBytes: must be an integer, not the string \"4MB\"")]
    [DataRow("flashBytes", "2097152", "$.flashBytes: 2097152 is not a supported flash size (4194304, 8388608 or 16777216)")]
    [DataRow("internalDriveBytes", "2097152", "$.internalDriveBytes: 2097152 does not match the I: partition of a 4 MB part (262144)")]
    [DataRow("storage", "\"whole-image\"", "$.storage: whole-image needs an SD card or an I: drive of at least 833536 bytes, and I: holds 262144")]
    [DataRow("storage", "\"streaming\"", "$.storage: 'streaming' is not one of whole-image, digest-only")]
    [DataRow("uarts[0].tx", "9", "$.uarts[0].tx: GPIO9 is reserved on this board (SPI flash)")]
    [DataRow("uarts[0].tx", "34", "$.uarts[0].tx: GPIO34 is input-only and cannot drive an output")]
    [DataRow("uarts[1].rx", "12", "$.uarts[1].rx: GPIO12 is a strapping pin: a UART line there can change the boot mode")]
    [DataRow("uarts[1].rx", "40", "$.uarts[1].rx: GPIO40 does not exist on ESP32 (GPIO0–GPIO39)")]
    [DataRow("uarts[1].port", "\"COM2\"", "$.uarts[1].port: COM2 must be COM3 (COM2 first, then COM3)")]
    [DataRow("uarts[0].baud", "9600", "$.uarts[0].baud: unknown member (allowed here: port, tx, rx)")]
    [DataRow("led.gpio", "25", "$.led.gpio: GPIO25 is already used by $.uarts[0].tx")]
    [DataRow("led.kind", "\"neon\"", "$.led.kind: 'neon' is not one of gpio, addressable-rgb")]
    [DataRow("button.activeLow", "\"yes\"", "$.button.activeLow: must be true or false, not the string \"yes\"")]
    [DataRow("roles", "[\"hub\",\"ppmid\",\"bridge\",\"meter\"]", "$.roles: lists 'hub', which does not fit: the hub role stores whole images (768,000-byte image + 65,536 bytes headroom = 833,536 bytes) but board esp32-devkitc has a digest-only store: its I: drive holds 262,144 bytes and it has no SD card")]
    [DataRow("roles", "[\"ppmid\",\"bridge\"]", "$.roles: omits 'meter', which fits this board")]
    [DataRow("roles", "[\"ppmid\",\"bridge\",\"meter\",\"ihd\"]", "$.roles[3]: 'ihd' is not a role (one of hub, ppmid, bridge, meter)")]
    [DataRow("sources", "[\"http://example.org\"]", "$.sources[0]: 'http://example.org' must be an https:// address")]
    [DataRow("strappingGpios", "[0, 0]", "$.strappingGpios[1]: GPIO0 is listed twice")]
    public void Parse_BrokenProfile_FailsWithAPreciseMessage(string path, string json, string expected)
    {
        JsonObject profile = ValidProfile();
        Set(profile, path, JsonNode.Parse(json));
        BoardProfileException ex = Assert.ThrowsExactly<BoardProfileException>(() => Parse(profile));
        CollectionAssert.Contains(ex.Errors.ToArray(), expected, string.Join(" | ", ex.Errors));
        StringAssert.StartsWith(ex.Message, "esp32-devkitc.json: ");
    }

    [TestMethod]
    public void Parse_ManyProblems_AllReportedAtOnce()
    {
        JsonObject profile = ValidProfile();
        profile["chip"] = "Z80";
        profile["name"] = 7;
        profile.Remove("led");
        BoardProfileException ex = Assert.ThrowsExactly<BoardProfileException>(() => Parse(profile));
        CollectionAssert.AreEquivalent(
            new[] { "$.name: must be a string, not the number 7", "$.chip: 'Z80' is not one of ESP32, ESP32-S3, ESP32-C3, ESP32-C6", "$.led: is required" },
            ex.Errors.ToArray());
    }

    [TestMethod]
    public void Parse_MemberGivenTwice_Refused()
    {
        string json = ValidProfile().ToJsonString().Replace("\"chip\":\"ESP32\"", "\"chip\":\"ESP32\",\"chip\":\"ESP32-S3\"", StringComparison.Ordinal);

        BoardProfileException ex = Assert.ThrowsExactly<BoardProfileException>(() => BoardProfileLoader.Parse(json, "esp32-devkitc.json", "esp32-devkitc"));

        CollectionAssert.AreEqual(new[] { "$.chip: member given twice" }, ex.Errors.ToArray());
    }

    [TestMethod]
    public void Parse_NotJson_SaysSo()
    {
        BoardProfileException ex = Assert.ThrowsExactly<BoardProfileException>(() => BoardProfileLoader.Parse("{ \"id\": ", "x.json"));
        StringAssert.StartsWith(ex.Errors[0], "not valid JSON: ");
    }

    [TestMethod]
    public void Parse_SdCardOnSmallBoard_AllowsWholeImageAndTheHub()
    {
        JsonObject profile = ValidProfile();
        profile["sdCard"] = JsonNode.Parse("{ \"cs\": 5, \"sck\": 18, \"mosi\": 23, \"miso\": 19 }");
        profile["led"]!["gpio"] = 4;
        profile["storage"] = "whole-image";
        profile["roles"] = JsonNode.Parse("[\"hub\",\"ppmid\",\"bridge\",\"meter\"]");
        BoardProfileException ex = Assert.ThrowsExactly<BoardProfileException>(() => Parse(profile));
        CollectionAssert.AreEqual(new[] { "$.sdCard.cs: GPIO5 is a strapping pin: a UART line there can change the boot mode" }, ex.Errors.ToArray());

        profile["sdCard"]!["cs"] = 13;
        BoardProfile board = Parse(profile);
        Assert.IsTrue(RoleRequirements.Check(BoardRole.Hub, board).Fits);
    }

    [TestMethod]
    [DataRow("hub", "esp32-s3-devkitc-1-n8r8", null)]
    [DataRow("hub", "esp32-devkitc-wrover-n8r8", null)]
    [DataRow("bridge", "esp32-devkitc", null)]
    [DataRow("meter", "esp32-c3-devkitm-1", null)]
    [DataRow("hub", "esp32-devkitc", "the hub role stores whole images (768,000-byte image + 65,536 bytes headroom = 833,536 bytes) but board esp32-devkitc has a digest-only store: its I: drive holds 262,144 bytes and it has no SD card")]
    [DataRow("bridge", "esp32-c3-devkitm-1", "the bridge role needs 2 UART links (han + althan) but board esp32-c3-devkitm-1 has 1 besides COM1 (which carries nanoff and the debugger)")]
    [DataRow("hub", "esp32-c6-devkitc-1", "the hub role needs 2 UART links (wan + han) but board esp32-c6-devkitc-1 has 1 besides COM1 (which carries nanoff and the debugger)")]
    public void Check_RoleOnBoard_FitsOrSaysWhyNot(string roleName, string boardId, string? reason)
    {
        Assert.IsTrue(BoardRoles.TryParse(roleName, out BoardRole role));
        BoardProfile board = BoardCatalog.Load(BoardsDirectory).Find(boardId)!;
        RoleFit fit = RoleRequirements.Check(role, board);
        Assert.AreEqual(reason is null, fit.Fits);
        Assert.AreEqual(reason, fit.Reason);
    }

    [TestMethod]
    public void WholeImageBytes_IsTheDuisImageLimitPlusHeadroom()
    {
        Assert.AreEqual(768000L, RoleRequirements.MaxImageBytes);
        Assert.AreEqual(833536L, RoleRequirements.WholeImageBytes);
    }

    private static JsonObject ValidProfile() => JsonNode.Parse(File.ReadAllText(Path.Combine(BoardsDirectory, "esp32-devkitc.json")))!.AsObject();

    private static BoardProfile Parse(JsonObject profile) => BoardProfileLoader.Parse(profile.ToJsonString(), "esp32-devkitc.json", "esp32-devkitc");

    /// <summary>Sets a value at a path like <c>uarts[1].rx</c> or <c>led.gpio</c>.</summary>
    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonNode node = root;
        string[] parts = path.Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            int bracket = part.IndexOf('[', StringComparison.Ordinal);
            string name = bracket < 0 ? part : part[..bracket];
            bool last = i == parts.Length - 1;
            if (bracket < 0)
            {
                if (last)
                {
                    node.AsObject()[name] = value;
                    return;
                }

                node = node[name]!;
            }
            else
            {
                int index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                node = node[name]![index]!;
            }
        }
    }
}
