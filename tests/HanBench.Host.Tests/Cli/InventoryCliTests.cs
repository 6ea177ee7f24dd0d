using System.Text.Json;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Alerts;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// Every inventory, CPL, firmware, alerts, report, serve and bench command: the happy path (with <c>--json</c>) and each
/// refusal's exit code and message. Each test works on its own database file via <c>--db</c>.
/// </summary>
[TestClass]
public sealed class InventoryCliTests
{
    private const string Hub = "00-DB-12-34-56-78-90-A2";
    private const string Bridge = "00-AA-00-00-00-00-00-C1";
    private const string Bridge2 = "00-AA-00-00-00-00-00-C2";

    private sealed class Db : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hanbench-cli-{Guid.NewGuid():N}.db");

        public string Folder { get; } = Directory.CreateTempSubdirectory("hanbench-cli-").FullName;

        public CliResult Run(params string[] args) => CliRunner.Run([.. args, "--db", Path]);

        public CliResult Ok(params string[] args)
        {
            CliResult result = Run(args);
            Assert.AreEqual(0, result.ExitCode, $"{string.Join(' ', args)}\n{result.Output}\n{result.Error}");
            return result;
        }

        public JsonElement Json(params string[] args) => JsonDocument.Parse(Ok([.. args, "--json"]).Output).RootElement.Clone();

        /// <summary>A Comms Hub and a bridge (B1), the bridge added to the hub and so Commissioned.</summary>
        public void Bench()
        {
            Ok("inventory", "prenotify", "--device", Hub, "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1");
            Ok("inventory", "update", Hub, "--status", "InstalledNotCommissioned");
            Ok("inventory", "update", Hub, "--status", "Commissioned");
            Ok("inventory", "prenotify", "--device", Bridge, "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--variant", "B1", "--firmware-version", "0100");
            Ok("inventory", "add-to-han", "--hub", Hub, "--device", Bridge, "--install-code", "0011223344556677");
        }

        public string Image(byte[]? payload = null)
        {
            string file = System.IO.Path.Combine(Folder, $"image-{Guid.NewGuid():N}.ota");
            File.WriteAllBytes(file, AlertTestKit.GbcsImage(payload ?? Enumerable.Range(0, 500).Select(i => (byte)i).ToArray()));
            return file;
        }

        public void Dispose()
        {
            foreach (string file in InventoryStore.FilesOf(Path))
            {
                File.Delete(file);
            }

            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void AssertRefused(CliResult result, int exitCode, string mentions)
    {
        Assert.AreEqual(exitCode, result.ExitCode, result.Output + result.Error);
        StringAssert.StartsWith(result.Error, "hanbench: error: ");
        StringAssert.Contains(result.Error, mentions);
    }

    [TestMethod]
    public void Inventory_PrenotifyAddToHanListShow_BridgeCommissionedWithVariantAndHistory()
    {
        using var db = new Db();
        db.Bench();

        JsonElement list = db.Json("inventory", "list", "--variant", "B1");
        Assert.AreEqual(1, list.GetArrayLength());
        Assert.AreEqual(Bridge, list[0].GetProperty("deviceId").GetString());
        Assert.AreEqual("Commissioned", list[0].GetProperty("status").GetString());
        Assert.AreEqual(Hub, list[0].GetProperty("commsHubId").GetString());
        Assert.AreEqual("0100", list[0].GetProperty("firmwareVersions").GetProperty("silabs").GetString());

        JsonElement show = db.Json("inventory", "show", Bridge);
        Assert.AreEqual("B1", show.GetProperty("altHanVariant").GetString());
        Assert.AreEqual("0100", show.GetProperty("history")[0].GetProperty("toVersion").GetString());

        CliResult piped = db.Ok("inventory", "list");
        PipedOutputTests.AssertEveryLineARecord(piped.Output, 7);
        StringAssert.Contains(piped.Error, "2 device(s)", "piped: the count goes to standard error, not among the records");
        StringAssert.Contains(db.Ok("inventory", "show", Bridge).Output, "Alt HAN bridge B1");
    }

    [TestMethod]
    public void Inventory_Refusals_DuisCodeExit1_BadArgumentsExit2()
    {
        using var db = new Db();
        db.Bench();
        AssertRefused(db.Run("inventory", "prenotify", "--device", Bridge, "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1"), 1, "E120201");
        AssertRefused(db.Run("inventory", "prenotify", "--device", Bridge2, "--type", "ESME", "--manufacturer", "AHCO", "--model", "M", "--variant", "B2"), 1, "E120203");
        AssertRefused(db.Run("inventory", "prenotify", "--device", "nope", "--type", "PPMID", "--manufacturer", "A", "--model", "B"), 2, "not an EUI-64");
        AssertRefused(db.Run("inventory", "prenotify", "--device", Bridge2, "--type", "TOASTER", "--manufacturer", "A", "--model", "B"), 2, "--type");
        AssertRefused(db.Run("inventory", "prenotify", "--device", Bridge2, "--type", "PPMID"), 2, "--manufacturer is required");
        AssertRefused(db.Run("inventory", "update", Bridge, "--status", "Commissioned"), 1, "E080405");
        AssertRefused(db.Run("inventory", "update", Bridge, "--delete"), 1, "E080407");
        AssertRefused(db.Run("inventory", "update", Bridge), 2, "exactly one change");
        AssertRefused(db.Run("inventory", "update", "00-00-00-00-00-00-00-99", "--variant", "B2"), 2, "E19");
        AssertRefused(db.Run("inventory", "add-to-han", "--hub", Hub, "--device", Bridge, "--install-code", "00"), 1, "E081101");
        AssertRefused(db.Run("inventory", "show", "00-00-00-00-00-00-00-99"), 2, "not in the inventory");
        AssertRefused(db.Run("inventory", "list", "--variant", "B9"), 2, "--variant");
    }

    [TestMethod]
    public void Inventory_UpdateVariantAndRemoveFromHan_Applied()
    {
        using var db = new Db();
        db.Bench();
        JsonElement update = db.Json("inventory", "update", Bridge, "--variant", "B3");
        Assert.AreEqual("I0", update.GetProperty("responseCode").GetString());
        StringAssert.Contains(update.GetProperty("message").GetString(), "B1 → B3");
        db.Ok("inventory", "add-to-han", "--hub", Hub, "--device", Bridge, "--remove");
        JsonElement device = db.Json("inventory", "list")[1];
        Assert.AreEqual(JsonValueKind.Null, device.GetProperty("commsHubId").ValueKind);
    }

    [TestMethod]
    public void Inventory_PrenotifyFromCsv_BulkAddsAndReportsRefusals()
    {
        using var db = new Db();
        string csv = Path.Combine(db.Folder, "bridges.csv");
        File.WriteAllLines(csv, ["device,type,manufacturer,model,variant,firmware_version", $"{Bridge},PPMID,AHCO,BRIDGE-1,B1,0100", $"{Bridge2},PPMID,AHCO,BRIDGE-1,B4,", $"{Bridge},PPMID,AHCO,BRIDGE-1,B1,0100"]);
        db.Ok("inventory", "init");

        CliResult result = db.Run("inventory", "prenotify", "--from", csv);

        AssertRefused(result, 1, "E120201");
        StringAssert.Contains(result.Output, "2 device(s) pre-notified");
        Assert.AreEqual(2, db.Json("inventory", "list").GetArrayLength());
        AssertRefused(db.Run("inventory", "prenotify", "--from", Path.Combine(db.Folder, "missing.csv")), 2, "not found");
    }

    [TestMethod]
    public void Cpl_AddFromImage_HashesTheManufacturerImage_List()
    {
        using var db = new Db();
        byte[] payload = Enumerable.Range(0, 400).Select(i => (byte)(i * 3)).ToArray();
        string image = db.Image(payload);

        JsonElement added = db.Json("cpl", "add", "--image", image, "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--component", "silabs", "--version", "00020000", "--layout", "gbcs");

        Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload)), added.GetProperty("manufacturerImageHash").GetString());
        Assert.AreEqual(1, db.Json("cpl", "list").GetArrayLength());
        StringAssert.Contains(db.Ok("cpl", "list").Error, "1 entry", "piped: the count goes to standard error");
        string notOta = Path.Combine(db.Folder, "junk.bin");
        File.WriteAllBytes(notOta, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        AssertRefused(db.Run("cpl", "add", "--image", notOta, "--manufacturer", "A", "--model", "B", "--version", "1"), 2, "not an OTA file");
        AssertRefused(db.Run("cpl", "add", "--image", image, "--manufacturer", "A", "--model", "B", "--version", "123456789"), 2, "1–8 characters");
        AssertRefused(db.Run("cpl", "add", "--image", image, "--manufacturer", "A", "--model", "B", "--version", "1", "--layout", "gbcs-signed"), 2, "supplier-signed");
    }

    [TestMethod]
    public void CplAdd_VersionNotTheImageHeaders_ExitTwoNamingBothAndNothingListed()
    {
        // Audit G1: an entry for 00040000 on a 00020000 image made 11.4 send a file the device runs as 00020000.
        using var db = new Db();
        db.Bench();
        string image = db.Image();

        AssertRefused(db.Run("cpl", "add", "--image", image, "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--version", "00040000"), 2,
            "--version 00040000 is not the image's version: its OTA header carries file version 00020000");

        Assert.AreEqual(0, db.Json("cpl", "list").GetArrayLength());
    }

    [TestMethod]
    public void FirmwareSubmit_VersionNotTheImageHeaders_ExitTwoNamingBothAndNothingQueued()
    {
        using var db = new Db();
        db.Bench();
        string image = db.Image();
        db.Ok("cpl", "add", "--image", image, "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--component", "silabs", "--version", "00020000");

        AssertRefused(db.Run("firmware", "submit", "--image", image, "--version", "00030000", "--devices", Bridge), 2,
            "--version 00030000 is not the image's version: its OTA header carries file version 00020000");

        Assert.AreEqual(0, db.Json("firmware", "status").GetArrayLength());
        Assert.AreEqual("I99", db.Json("firmware", "submit", "--image", image, "--version", "00020000", "--devices", Bridge).GetProperty("responseCode").GetString());
    }

    [TestMethod]
    public void Firmware_SubmitStatusCancel_QueuedThenCancelledWithN61()
    {
        using var db = new Db();
        db.Bench();
        string image = db.Image();
        db.Ok("cpl", "add", "--image", image, "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--component", "silabs", "--version", "00020000");

        JsonElement submit = db.Json("firmware", "submit", "--image", image, "--version", "00020000", "--devices", Bridge);
        Assert.AreEqual("I99", submit.GetProperty("responseCode").GetString());
        string requestId = submit.GetProperty("requestId").GetString()!;
        StringAssert.StartsWith(requestId, "90-B3-D5-1F-30-01-00-00:");

        JsonElement all = db.Json("firmware", "status");
        Assert.AreEqual(1, all[0].GetProperty("states").GetProperty("Queued").GetInt64());
        JsonElement one = db.Json("firmware", "status", requestId);
        Assert.AreEqual("Queued", one.GetProperty("devices")[0].GetProperty("state").GetString());
        Assert.AreEqual("silabs", one.GetProperty("devices")[0].GetProperty("component").GetString());
        StringAssert.Contains(db.Ok("firmware", "status", requestId).Output, Bridge);
        CliResult piped = db.Ok("firmware", "status");
        PipedOutputTests.AssertEveryLineARecord(piped.Output, 6);
        StringAssert.Contains(piped.Error, "1 request(s)");
        StringAssert.Contains(piped.Error, "GBCS response(s)/alert(s) refused");

        AssertRefused(db.Run("firmware", "submit", "--image", image, "--version", "00020000", "--devices", Bridge), 1, "E110401");

        JsonElement cancel = db.Json("firmware", "cancel", requestId);
        Assert.AreEqual(1, cancel.GetProperty("cancelled").GetInt32());
        Assert.AreEqual("Failed", db.Json("firmware", "status", requestId).GetProperty("devices")[0].GetProperty("state").GetString());
        JsonElement alerts = db.Json("alerts", "--code", "N61");
        Assert.AreEqual(1, alerts.GetArrayLength());
        Assert.AreEqual("90-B3-D5-1F-30-01-00-00", alerts[0].GetProperty("recipientId").GetString());
        StringAssert.Contains(db.Ok("firmware", "cancel", requestId).Output, "nothing to cancel");
    }

    [TestMethod]
    public void Firmware_Refusals()
    {
        using var db = new Db();
        db.Bench();
        string image = db.Image();
        AssertRefused(db.Run("firmware", "submit", "--image", image, "--version", "00020000", "--devices", Bridge), 1, "not on the Central Product List");
        AssertRefused(db.Run("firmware", "submit", "--image", image, "--version", "00020000", "--devices", Bridge, "--base64-limit", "100"), 1, "E110405");
        AssertRefused(db.Run("firmware", "submit", "--image", image, "--version", "00020000", "--devices", Bridge, "--srv", "11.1"), 1, "supplier-signed");
        AssertRefused(db.Run("firmware", "submit", "--image", Path.Combine(db.Folder, "none.ota"), "--version", "00020000", "--devices", Bridge), 2, "not found");
        AssertRefused(db.Run("firmware", "submit", "--image", image, "--version", "00020000"), 2, "no device given");
        AssertRefused(db.Run("firmware", "status", "no-such-request"), 2, "no firmware request");
        AssertRefused(db.Run("firmware", "cancel", "no-such-request"), 2, "no firmware request");
    }

    [TestMethod]
    public void Alerts_ServiceUsersListAndDeliver_ToALocalReceiver()
    {
        using var db = new Db();
        db.Bench();
        AlertReceiver receiver = AlertReceiver.StartAsync().GetAwaiter().GetResult();
        try
        {
            db.Ok("alerts", "service-user", "add", "--id", "90-B3-D5-1F-30-01-00-00", "--name", "Supplier A", "--duis-version", "5.4", "--url", receiver.Url.ToString());
            db.Ok("alerts", "service-user", "add", "--id", "90-B3-D5-1F-30-01-00-01", "--name", "Supplier B", "--duis-version", "4.1");
            Assert.AreEqual(2, db.Json("alerts", "service-user", "list").GetArrayLength());
            using (InventoryStore store = InventoryStore.Open(db.Path))
            {
                store.Write(s => new DccAlertService().OnCommsHubActivationResponse(s, Eui64.Parse(Hub), ActivateFirmwareResponseCode.Success, "00000200"));
            }

            JsonElement alerts = db.Json("alerts", "--body");
            CollectionAssert.AreEquivalent(new[] { "N64", "N999" }, alerts.EnumerateArray().Select(a => a.GetProperty("alertCode").GetString()).ToArray());
            StringAssert.Contains(alerts[0].GetProperty("body").GetString(), "DCCAlertMessage");

            CliResult deliver = db.Run("alerts", "deliver", "--json");
            Assert.AreEqual(0, deliver.ExitCode, deliver.Error);
            using JsonDocument report = JsonDocument.Parse(deliver.Output);
            Assert.AreEqual(1, report.RootElement.GetProperty("delivered").GetInt32());
            Assert.AreEqual(1, report.RootElement.GetProperty("noDestination").GetInt32(), "Supplier B has no URL and no --to was given");
            Assert.AreEqual(1, receiver.Accepted.Count);
            Assert.AreEqual(1, db.Json("alerts", "--pending").GetArrayLength());
            CliResult piped = db.Ok("alerts");
            PipedOutputTests.AssertEveryLineARecord(piped.Output, 8);
            StringAssert.Contains(piped.Error, "2 alert(s)", "piped: the count goes to standard error, not among the records");
        }
        finally
        {
            receiver.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        AssertRefused(db.Run("alerts", "service-user", "add", "--id", "90-B3-D5-1F-30-01-00-02", "--name", "X", "--duis-version", "five"), 2, "--duis-version");
        AssertRefused(db.Run("alerts", "service-user", "add", "--id", "90-B3-D5-1F-30-01-00-02", "--name", "X", "--url", "ftp://x"), 2, "not an http");
        AssertRefused(db.Run("alerts", "deliver", "--to", "nowhere"), 2, "--to");
        AssertRefused(db.Run("alerts", "--device", "zz"), 2, "not an EUI-64");
    }

    [TestMethod]
    public void Report_AltHanCo_CsvAndJson_AndDeploymentRecords()
    {
        using var db = new Db();
        db.Bench();

        string csv = db.Ok("report", "althanco").Output;
        StringAssert.StartsWith(csv, "variant,component,firmware_version,devices,last_change_utc");
        StringAssert.Contains(csv, "B1,silabs,0100,1,");
        JsonElement json = db.Json("report", "althanco", "--format", "json");
        Assert.AreEqual(1, json.GetProperty("totalBridges").GetInt64());
        string file = Path.Combine(db.Folder, "report.csv");
        StringAssert.Contains(db.Ok("report", "althanco", "--output", file).Output, "wrote");
        Assert.AreEqual(csv.TrimEnd(), File.ReadAllText(file).TrimEnd());

        string history = db.Ok("report", "deployments").Output;
        StringAssert.Contains(history, $"{Bridge},B1,silabs,,0100,");
        Assert.AreEqual(1, db.Json("report", "deployments", "--device", Bridge).GetArrayLength());
        AssertRefused(db.Run("report", "althanco", "--format", "xml"), 2, "xml");
        AssertRefused(db.Run("report", "deployments", "--device", "00-00-00-00-00-00-00-99"), 2, "not in the inventory");
    }

    [TestMethod]
    [DataRow("0.0.0.0:8079", "not a loopback address")]
    [DataRow("10.1.2.3:8079", "not a loopback address")]
    [DataRow("127.0.0.1", "HOST:PORT")]
    public void Serve_NonLoopbackOrMalformedBind_Exit2BeforeListening(string bind, string mentions)
    {
        using var db = new Db();
        AssertRefused(db.Run("serve", "--duis", bind), 2, mentions);
    }

    [TestMethod]
    public void Serve_MissingSchemaOrBadAlertUrl_Exit2()
    {
        using var db = new Db();
        AssertRefused(db.Run("serve", "--duis", "127.0.0.1:0", "--schema", Path.Combine(db.Folder, "missing.xsd")), 2, "--schema");
        AssertRefused(db.Run("serve", "--duis", "127.0.0.1:0", "--alerts-to", "not a url"), 2, "--alerts-to");
    }

    [TestMethod]
    public void Bench_ScaleWithSmallN_JsonFigures()
    {
        CliResult result = CliRunner.Run("bench", "scale", "--devices", "400", "--json");
        Assert.AreEqual(0, result.ExitCode, result.Error);

        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement root = json.RootElement;
        Assert.AreEqual("scale", root.GetProperty("benchmark").GetString());
        JsonElement bridges = root.GetProperty("bridges");
        Assert.AreEqual(400, bridges.GetProperty("total").GetInt64());
        Assert.AreEqual(400, bridges.GetProperty("B1").GetInt64() + bridges.GetProperty("B2").GetInt64() + bridges.GetProperty("B3").GetInt64() + bridges.GetProperty("B4").GetInt64());
        Assert.AreEqual(bridges.GetProperty("B3").GetInt64(), bridges.GetProperty("B4").GetInt64());
        Assert.AreEqual(bridges.GetProperty("B1").GetInt64(), root.GetProperty("commsHubs").GetInt64());
        CollectionAssert.AreEqual(
            new[] { "prenotify", "commission", "updatePpmidFirmware", "althancoReport" },
            root.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToArray());
        foreach (JsonElement step in root.GetProperty("steps").EnumerateArray())
        {
            // No time is asserted (timing belongs to benchmarks), but the verdict must follow from the figure it reports.
            Assert.AreEqual(step.GetProperty("seconds").GetDouble() < root.GetProperty("goalSecondsPerStep").GetDouble(), step.GetProperty("withinGoal").GetBoolean());
            Assert.IsTrue(step.GetProperty("items").GetInt64() > 0, step.GetProperty("name").GetString());
        }

        Assert.AreEqual(400 + root.GetProperty("commsHubs").GetInt64(), root.GetProperty("steps")[1].GetProperty("items").GetInt64(), "every bridge and hub commissioned");
        Assert.AreEqual(400, root.GetProperty("steps")[3].GetProperty("items").GetInt64(), "the report covers every bridge");
        Assert.IsTrue(root.GetProperty("databaseBytes").GetInt64() > 505_000, "the database holds at least the image");
        AssertRefused(CliRunner.Run("bench", "scale", "--devices", "3"), 2, "at least 4");
    }
}
