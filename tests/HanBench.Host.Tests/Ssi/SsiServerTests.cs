using System.Net;
using HanBench.Host.Inventory;
using HanBench.Host.Ssi;

namespace HanBench.Host.Tests.Ssi;

/// <summary>
/// The Self-Service Interface over HTTP (the browser tests live in HanBench.Ssi.Tests): what each view shows of an
/// inventory the demo filled, and that bad input gets a 4xx page naming the problem, never internals.
/// </summary>
[TestClass]
public sealed class SsiServerTests
{
    private const string B1 = "00-DB-00-00-00-00-00-21";
    private const string Ppmid = "00-DB-00-00-00-00-00-10";

    private static string _folder = null!;
    private static string _inventory = null!;
    private static InventoryStore _store = null!;
    private static SsiServer _server = null!;
    private static HttpClient _http = null!;

    [ClassInitialize]
    public static void StartOnDemoInventory(TestContext context)
    {
        _folder = Directory.CreateTempSubdirectory("hanbench-ssi-").FullName;
        _inventory = Path.Combine(_folder, "inventory.db");
        CliResult demo = CliRunner.Run("demo", "--inventory", _inventory, "--json");
        Assert.AreEqual(0, demo.ExitCode, demo.Error);
        _store = InventoryStore.Open(_inventory);
        _server = SsiServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), _store).GetAwaiter().GetResult();
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    [ClassCleanup]
    public static void Stop()
    {
        _http?.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static (HttpStatusCode Status, string Body) Get(string path)
    {
        using HttpResponseMessage response = _http.GetAsync(path).GetAwaiter().GetResult();
        return (response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    private static string Row(string html, string device)
    {
        int at = html.IndexOf($"<tr><td><a href=\"/devices/{device}\">", StringComparison.Ordinal);
        Assert.IsTrue(at >= 0, $"no row for {device}");
        return html[at..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
    }

    [TestMethod]
    public void Devices_AltHanBridge_ShownAsItsOwnTypeWithItsVariant()
    {
        (HttpStatusCode status, string html) = Get("/devices");
        Assert.AreEqual(HttpStatusCode.OK, status);
        string bridge = Row(html, B1);
        StringAssert.Contains(bridge, "Alt HAN P2P Device");
        StringAssert.Contains(bridge, "<td>B1</td>");
        Assert.IsFalse(Row(html, Ppmid).Contains("Alt HAN", StringComparison.Ordinal), "a real PPMID stays a PPMID");
    }

    [TestMethod]
    public void Devices_FilteredByType_AltHanAndPpmidAreSeparate()
    {
        string altHan = Get("/devices?type=" + Uri.EscapeDataString(SsiReadModel.AltHanDeviceType)).Body;
        string ppmid = Get("/devices?type=PPMID").Body;
        foreach (string bridge in new[] { B1, "00-DB-00-00-00-00-00-22", "00-DB-00-00-00-00-00-23", "00-DB-00-00-00-00-00-24" })
        {
            StringAssert.Contains(altHan, $"/devices/{bridge}\"");
            Assert.IsFalse(ppmid.Contains($"<tr><td><a href=\"/devices/{bridge}\"", StringComparison.Ordinal), $"{bridge} listed as a PPMID");
        }

        Assert.IsFalse(altHan.Contains($"<tr><td><a href=\"/devices/{Ppmid}\"", StringComparison.Ordinal));
        StringAssert.Contains(ppmid, $"<tr><td><a href=\"/devices/{Ppmid}\"");
    }

    [TestMethod]
    public void Device_Bridge_ShowsVariantBothComponentsHistoryAndAlerts()
    {
        (HttpStatusCode status, string html) = Get($"/devices/{B1}");
        Assert.AreEqual(HttpStatusCode.OK, status);
        StringAssert.Contains(html, "<th>Alt HAN Variant</th><td>B1</td>");
        Dictionary<string, string> versions = _store.Read(s => s.Devices.FirmwareVersions(Eui64.Parse(B1))).ToDictionary();
        Assert.IsTrue(versions.ContainsKey(FirmwareComponents.SiLabs) && versions.ContainsKey(FirmwareComponents.Broadcom));
        foreach ((string component, string version) in versions)
        {
            StringAssert.Contains(html, $"<tr><td>{component}</td><td>{version}</td></tr>");
        }

        StringAssert.Contains(html, "<td>N39</td>");
        Assert.IsFalse(Get($"/devices/{Ppmid}").Body.Contains("Alt HAN Variant", StringComparison.Ordinal), "no variant row where none is set");
    }

    [TestMethod]
    public void AltHanCoCsv_Download_EqualsTheReportCommand()
    {
        using HttpResponseMessage response = _http.GetAsync("/reports/althanco.csv").GetAwaiter().GetResult();
        Assert.AreEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
        string csv = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        CliResult report = CliRunner.Run("report", "althanco", "--format", "csv", "--db", _inventory);
        Assert.AreEqual(0, report.ExitCode, report.Error);
        Assert.AreEqual(report.Output.ReplaceLineEndings("\n"), csv);
        Assert.IsTrue(csv.Split('\n').Length > 3, csv);
    }

    [TestMethod]
    public void Firmware_EveryDeviceOfEveryRequest_StateAndBytes()
    {
        string html = Get("/firmware").Body;
        int rows = _store.Read(s => FirmwareRows(s));
        Assert.AreEqual(rows, html.Split("<tr data-device=").Length - 1);
        StringAssert.Contains(html, "data-state=\"Activated\" data-percent=\"100.0\"");
        StringAssert.Contains(html, "new EventSource('/events')");
    }

    [TestMethod]
    public void Topology_BridgePairsDrawnBehindEachOther()
    {
        string svg = Get("/topology").Body;
        StringAssert.Contains(svg, "<svg");
        int b1 = svg.IndexOf("data-device=\"00-DB-00-00-00-00-00-21\"", StringComparison.Ordinal);
        int b2 = svg.IndexOf("data-device=\"00-DB-00-00-00-00-00-22\"", StringComparison.Ordinal);
        Assert.IsTrue(b1 > 0 && b2 > b1, "B2 is drawn after B1, behind its Alt HAN hop");
        StringAssert.Contains(svg, "class=\"althan\"");
    }

    [TestMethod]
    [DataRow("/devices/zz", HttpStatusCode.BadRequest, "is not an EUI-64")]
    [DataRow("/devices/00-DB-00-00-00-00-0F-FF", HttpStatusCode.NotFound, "is not in the inventory")]
    [DataRow("/devices?type=Toaster", HttpStatusCode.BadRequest, "is not a device type")]
    [DataRow("/devices?type=%ZZ%00", HttpStatusCode.BadRequest, "is not a device type")]
    [DataRow("/nothing/here", HttpStatusCode.NotFound, "There is no page")]
    public void BadInput_ClearErrorPage(string path, HttpStatusCode expected, string says)
    {
        (HttpStatusCode status, string html) = Get(path);
        Assert.AreEqual(expected, status, html);
        StringAssert.Contains(html, says);
        Assert.IsFalse(html.Contains("Exception", StringComparison.Ordinal), html);
    }

    [TestMethod]
    public void BadInput_HugeQueryOrAWrite_RefusedWithAPage()
    {
        (HttpStatusCode status, string html) = Get("/devices?type=" + new string('x', 3000));
        Assert.AreEqual(HttpStatusCode.RequestUriTooLong, status);
        StringAssert.Contains(html, "at most 256");
        using HttpResponseMessage post = _http.PostAsync("/devices", new StringContent("x")).GetAwaiter().GetResult();
        Assert.AreEqual(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        StringAssert.Contains(post.Content.ReadAsStringAsync().GetAwaiter().GetResult(), "read-only");
    }

    [TestMethod]
    public void Start_NotLoopback_Refused()
    {
        Assert.ThrowsExactly<ArgumentException>(() => SsiServer.StartAsync(new IPEndPoint(IPAddress.Any, 0), _store).GetAwaiter().GetResult());
        CliResult ui = CliRunner.Run("ui", "--listen", "0.0.0.0:0", "--db", _inventory);
        Assert.AreEqual(2, ui.ExitCode, ui.Error);
        StringAssert.Contains(ui.Error, "loopback");
    }

    [TestMethod]
    public void Start_Ipv4MappedLoopback_ServesOnIpv4Loopback()
    {
        using var server = new AsyncDisposer(SsiServer.StartAsync(new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 0), _store).GetAwaiter().GetResult());
        using var http = new HttpClient { BaseAddress = server.Server.BaseAddress };
        Assert.AreEqual("127.0.0.1", server.Server.BaseAddress.Host);
        Assert.AreEqual(HttpStatusCode.OK, http.GetAsync("/devices").GetAwaiter().GetResult().StatusCode);
    }

    private sealed class AsyncDisposer(SsiServer server) : IDisposable
    {
        public SsiServer Server { get; } = server;

        public void Dispose() => Server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [TestMethod]
    public void RemainingTime_AllButStalledTransfer_NoEstimateInsteadOfAnOverflow()
    {
        var request = new FirmwareRequestRecord(1, "r:1", "11.4", "00020001", "00", 1_000_000_000, DateTimeOffset.UnixEpoch);
        FirmwareProgressRecord At(long bytes, double seconds) => new(1, Eui64.Parse(B1), Eui64.Parse(Ppmid), FirmwareComponents.SiLabs,
            FirmwareProgressState.Transferring, 1, null, bytes, 1_000_000_000, null, DateTimeOffset.UnixEpoch.AddSeconds(seconds));
        var remaining = new SsiRemainingTime();

        Assert.IsNull(remaining.Estimate(new SsiProgress(request, At(1, 0))), "one sample: no rate yet");
        Assert.IsNull(remaining.Estimate(new SsiProgress(request, At(2, 1e9))), "one byte in 30 years: stalled, not a TimeSpan overflow");
        Assert.AreEqual(TimeSpan.FromSeconds((1_000_000_000 - 1_000_001) * 1.0 / 1_000_000), remaining.Estimate(new SsiProgress(request, At(1_000_001, 1))));
    }

    [TestMethod]
    public void UiCommand_NoInventory_RefusedAndNothingCreated()
    {
        string missing = Path.Combine(_folder, "typo", "inventory.db");
        CliResult ui = CliRunner.Run("ui", "--listen", "127.0.0.1:0", "--db", missing);
        Assert.AreEqual(2, ui.ExitCode, ui.Error);
        StringAssert.Contains(ui.Error, "no inventory at");
        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    private static int FirmwareRows(InventorySession s) =>
        HanBench.Host.Reports.FirmwareRequestSummary.All(s).Sum(r => s.Firmware.Progress(r.Request.RowId).Count);
}
