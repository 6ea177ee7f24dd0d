using System.Text.Json;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Alerts;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// The property names every <c>--json</c> output carries, in order, one test per command family: scripts read these
/// names, so renaming a property of an output record (or dropping one) must fail here.
/// </summary>
[TestClass]
public sealed class CliJsonShapeTests
{
    private const string Hub = "00-DB-12-34-56-78-90-A2";
    private const string Bridge = "00-AA-00-00-00-00-00-C1";

    [TestMethod]
    public void Json_InventoryAndCplCommands_EveryPropertyNamedAsBefore()
    {
        using var folder = new CliTempFolder();
        AssertNames(Json(folder.Ok("inventory", "init", "--json")), "inventory", "created");
        AssertNames(Json(folder.Ok("inventory", "prenotify", "--device", Hub, "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1", "--json")), "responseCode", "message", "refused");
        AssertNames(Json(folder.Ok("inventory", "list", "--json"))[0], "deviceId", "deviceType", "status", "manufacturer", "model", "altHanVariant", "commsHubId", "firmwareVersions");

        string csv = folder.File("devices.csv");
        File.WriteAllText(csv, $"{Bridge},PPMID,AHCO,BRIDGE-1,B1,0100\n{Hub},CHF,CHMF,CH-1\n");
        CliResult bulk = folder.Run("inventory", "prenotify", "--from", csv, "--json");
        Assert.AreEqual(1, bulk.ExitCode, "the hub is there already: refused");
        JsonElement bulkJson = Json(bulk);
        AssertNames(bulkJson, "added", "refused");
        AssertNames(bulkJson.GetProperty("refused")[0], "deviceId", "responseCode", "message");

        string image = Image(folder);
        string[] cplEntry = ["manufacturer", "model", "component", "firmwareVersion", "manufacturerImageHash", "status"];
        AssertNames(Json(folder.Ok("cpl", "add", "--image", image, "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--component", "silabs", "--version", "00020000", "--json")), cplEntry);
        AssertNames(Json(folder.Ok("cpl", "list", "--json"))[0], cplEntry);
    }

    [TestMethod]
    public void Json_FirmwareCommands_EveryPropertyNamedAsBefore_WatchOneRecordALine()
    {
        using var folder = new CliTempFolder();
        string requestId = Submitted(folder, out JsonElement submit);
        AssertNames(submit, "responseCode", "message", "refused", "requestId", "manufacturerImageHash", "devices");
        AssertNames(submit.GetProperty("devices")[0], "deviceId", "outcome", "reason");

        AssertNames(Json(folder.Ok("firmware", "status", "--json"))[0], "requestId", "serviceReferenceVariant", "firmwareVersion", "manufacturerImageHash", "acceptedUtc", "devices", "states");
        JsonElement status = Json(folder.Ok("firmware", "status", requestId, "--json"));
        AssertNames(status, "requestId", "serviceReferenceVariant", "firmwareVersion", "manufacturerImageHash", "imageBytes", "devices");
        AssertNames(status.GetProperty("devices")[0], "deviceId", "commsHubId", "component", "state", "attempts", "bytesDone", "bytesTotal", "failureReason", "updatedUtc");

        AssertNames(Json(folder.Ok("firmware", "cancel", requestId, "--json")), "requestId", "cancelled", "alerts");

        CliResult watch = folder.Run("firmware", "status", requestId, "--watch", "--json");
        Assert.AreEqual(1, watch.ExitCode, "the cancelled update ended Failed");
        string[] lines = watch.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, watch.Output);
        using JsonDocument line = JsonDocument.Parse(lines[0]);
        AssertNames(line.RootElement, "deviceId", "component", "state", "percent", "bytesDone", "bytesTotal", "remainingSeconds", "failureReason");
    }

    [TestMethod]
    public void Json_AlertsCommands_EveryPropertyNamedAsBefore_BodyOnlyWhenAsked()
    {
        using var folder = new CliTempFolder();
        string requestId = Submitted(folder, out _);
        folder.Ok("firmware", "cancel", requestId);

        string[] alert = ["id", "alertCode", "idempotencyKey", "deviceId", "requestId", "recipientId", "createdUtc", "deliveredUtc", "deliveryAttempts", "lastDeliveryError"];
        AssertNames(Json(folder.Ok("alerts", "--json"))[0], alert);
        AssertNames(Json(folder.Ok("alerts", "--body", "--json"))[0], [.. alert, "body"]);
        AssertNames(Json(folder.Ok("alerts", "deliver", "--json")), "delivered", "failed", "noDestination", "failures");

        using (InventoryStore store = InventoryStore.Open(folder.Db))
        {
            store.Write(s => s.GbcsRefusals.Count(Eui64.Parse(Bridge), "0x8F8B alert (CS09)", "signature missing"));
        }

        AssertNames(Json(folder.Ok("alerts", "refused", "--json"))[0], "originator", "message", "reason", "count", "firstUtc", "lastUtc");

        string[] user = ["id", "name", "role", "duisVersion", "alertUrl"];
        AssertNames(Json(folder.Ok("alerts", "service-user", "add", "--id", "90-B3-D5-1F-30-01-00-00", "--name", "Supplier A", "--json")), user);
        AssertNames(Json(folder.Ok("alerts", "service-user", "list", "--json"))[0], user);
    }

    [TestMethod]
    public void Json_ImageKeysAndAbout_EveryPropertyNamedAsBefore()
    {
        using var folder = new CliTempFolder();
        CliResult inspect = CliRunner.Run("image", "inspect", Image(folder), "--json");
        Assert.AreEqual(0, inspect.ExitCode, inspect.Error);
        JsonElement image = Json(inspect);
        AssertNames(image, "file", "layout", "size", "header", "manufacturerImage", "base64", "signaturePresent", "signatureValid");
        AssertNames(
            image.GetProperty("header"),
            "headerVersion", "headerLength", "fieldControl", "manufacturerCode", "imageType", "fileVersion", "zigbeeStackVersion", "headerString",
            "totalImageSize", "securityCredentialVersion", "upgradeFileDestination", "minimumHardwareVersion", "maximumHardwareVersion");
        AssertNames(image.GetProperty("manufacturerImage"), "offset", "length", "sha256");
        AssertNames(image.GetProperty("base64"), "length", "limit", "fits");

        string keystore = folder.File("keys");
        Assert.AreEqual(0, CliRunner.Run("keys", "init", "--keystore", keystore).ExitCode);
        CliResult keys = CliRunner.Run("keys", "list", "--json", "--keystore", keystore);
        Assert.AreEqual(0, keys.ExitCode, keys.Error);
        AssertNames(Json(keys)[0], "party", "role", "usage", "primary", "xmlSigning", "serial", "issuer", "privateKey");

        AssertNames(Json(CliRunner.Run("about", "--json")), "version");
    }

    [TestMethod]
    public void Json_BenchOta_EveryPropertyNamedAsBefore()
    {
        CliResult result = CliRunner.Run("bench", "ota", "--size", "8192", "--json");
        Assert.AreEqual(0, result.ExitCode, result.Error);
        JsonElement report = Json(result);
        AssertNames(report, "imageBytes", "links", "calibrations", "zigbeePageSpeedUpOverDefault", "allocatedBytesPerServedBlock", "allocatedBytesPerReceivedBlock", "peakImageStoreBytes");
        JsonElement[] links = [.. report.GetProperty("links").EnumerateArray()];
        string[] link =
        [
            "link", "mode", "completed", "imageBytes", "blockSize", "simulatedSeconds", "goodputBytesPerSecond", "limitBytesPerSecond", "limitBasis",
            "efficiency", "ceilingEfficiency", "framesToClient", "framesToServer", "roundTrips", "lineBytes", "device",
        ];
        AssertNames(links[0], link);
        AssertNames(links.First(l => l.GetProperty("device").ValueKind == JsonValueKind.Object).GetProperty("device"), "name", "senderCpuSeconds", "receiverCpuSeconds", "expectedSeconds", "bound");
        AssertNames(report.GetProperty("calibrations")[0], "case", "quantity", "unit", "published", "model", "deviation", "withinTolerance", "source");

        CliResult explain = CliRunner.Run("bench", "ota", "--explain", "--json");
        AssertNames(Json(explain), "zigbee");
        AssertNames(Json(explain).GetProperty("zigbee")[0], "name", "value", "source");
    }

    /// <summary>A hub and a bridge on its HAN, the image on the CPL, and an 11.4 for the bridge submitted: its RequestID.</summary>
    private static string Submitted(CliTempFolder folder, out JsonElement submit)
    {
        folder.Ok("inventory", "prenotify", "--device", Hub, "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1");
        folder.Ok("inventory", "update", Hub, "--status", "InstalledNotCommissioned");
        folder.Ok("inventory", "update", Hub, "--status", "Commissioned");
        folder.Ok("inventory", "prenotify", "--device", Bridge, "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--variant", "B1", "--firmware-version", "0100");
        folder.Ok("inventory", "add-to-han", "--hub", Hub, "--device", Bridge, "--install-code", "0011223344556677");
        string image = Image(folder);
        folder.Ok("cpl", "add", "--image", image, "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--component", "silabs", "--version", "00020000");
        submit = Json(folder.Ok("firmware", "submit", "--image", image, "--version", "00020000", "--devices", Bridge, "--json"));
        return submit.GetProperty("requestId").GetString()!;
    }

    private static string Image(CliTempFolder folder)
    {
        string file = folder.File($"image-{Guid.NewGuid():N}.ota");
        File.WriteAllBytes(file, AlertTestKit.GbcsImage([.. Enumerable.Range(0, 500).Select(i => (byte)i)]));
        return file;
    }

    /// <summary>The one document <paramref name="result"/> printed, on one line as every document printed to a pipe is.</summary>
    private static JsonElement Json(CliResult result)
    {
        Assert.AreEqual(1, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, $"piped JSON is one line:\n{result.Output}");
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }

    private static void AssertNames(JsonElement element, params string[] expected)
    {
        string[] actual = [.. element.EnumerateObject().Select(p => p.Name)];
        CollectionAssert.AreEqual(expected, actual, $"expected {string.Join(", ", expected)}; printed {string.Join(", ", actual)}");
    }
}
