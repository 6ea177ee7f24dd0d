using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Xml.Linq;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Conformance.Tests;

/// <summary>
/// The DUIS 5.4 request templates (SmartDCCInnovation/duis-templates, from the RTDS) against HanBench's parser and
/// handlers, and every response HanBench builds against "DUIS Schema V5.4.xsd". The templates use the RTDS
/// identities: ESME …A0, GSME …A1, Comms Hub …A2, PPMID …A4.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class DuisConformanceTests
{
    private static readonly Lazy<DuisSchema> Schema = new(() => DuisSchema.Load(Vectors.PathOf("xsd", "DUIS Schema V5.4.xsd")));

    private static string Template(string name) => Vectors.ReadText("duis", name);

    /// <summary>The template with its RequestID's business target replaced (e.g. to address the PPMID).</summary>
    private static string Retargeted(string name, Eui64 target)
    {
        XDocument document = XDocument.Parse(Template(name));
        XElement requestId = document.Descendants(DuisNames.Sr + "RequestID").Single();
        string[] parts = requestId.Value.Split(':');
        requestId.Value = $"{parts[0]}:{target}:{parts[2]}";
        return document.ToString();
    }

    private static DuisRequestProcessor Processor(InventoryStore store, IDeviceGateway? gateway = null, ServiceRequestSettings? settings = null) =>
        new(new ServiceRequestHandlers(store, gateway ?? new FakeGateway(FirmwareVersionReading.Of("00000000")), new OtaHeaderHasher(), settings), Schema.Value);

    /// <summary>
    /// The RTDS 11.4 template with its FirmwareVersion set to the version its image's OTA header carries (ACDCACDC): the
    /// template as published names 00000000, which HanBench refuses (E110403) because the device would run ACDCACDC.
    /// </summary>
    private static string UpdatePpmidFirmwareTemplate()
    {
        XDocument document = XDocument.Parse(Template("11.4_UPDATE_PPMID_FIRMWARE_REQUEST_DUIS.XML"));
        document.Descendants(DuisNames.Sr + "FirmwareVersion").Single().Value = RtdsImageVersion;
        return document.ToString(SaveOptions.DisableFormatting);
    }

    private const string RtdsImageVersion = "ACDCACDC";

    private static DuisExchange Process(InventoryStore store, string xml, IDeviceGateway? gateway = null, ServiceRequestSettings? settings = null) =>
        Processor(store, gateway, settings).ProcessAsync(xml).GetAwaiter().GetResult();

    /// <summary>Asserts the exchange produced a schema-valid response with <paramref name="code"/>.</summary>
    private static void AssertResponded(DuisExchange exchange, string code)
    {
        Assert.AreEqual(DuisExchangeStatus.Responded, exchange.Status, string.Join(Environment.NewLine, exchange.Errors));
        Assert.AreEqual(code, exchange.Result?.ResponseCode, exchange.Result?.Message);
        Assert.AreEqual(0, Schema.Value.Validate(exchange.Response!).Count);
        Assert.AreEqual(code, exchange.Response!.Descendants(DuisNames.Sr + "ResponseCode").Single().Value);
    }

    /// <summary>RTDS PPMID …A4 registered as an Alt HAN bridge on the RTDS Comms Hub …A2.</summary>
    private static InventoryStore BenchWithAltHanPpmid(AltHanVariant variant = AltHanVariant.B1)
    {
        InventoryStore store = TestBench.Seeded(commissionBridges: false);
        DeviceRecord ppmid = TestBench.Find(store, TestBench.Ppmid);
        store.Write(s => s.Devices.Update(ppmid with { SmetsVariant = variant.ToString() }));
        return store;
    }

    [TestMethod]
    public void Schema_Compiles_StandInOnlyWhenXmlSignatureSchemaIsMissing()
    {
        bool signatureSchemaShipped = File.Exists(Vectors.PathOf("xsd", DuisSchema.SignatureSchemaFileName));
        Assert.AreEqual(!signatureSchemaShipped, Schema.Value.UsesSignatureStandIn);
    }

    [TestMethod]
    public void EveryRequestTemplate_ValidatesAgainstTheSchema()
    {
        string[] templates = Directory.GetFiles(Vectors.PathOf("duis"), "*REQUEST_DUIS.XML");
        Assert.IsTrue(templates.Length >= 20, $"found {templates.Length} templates");
        foreach (string path in templates)
        {
            IReadOnlyList<string> errors = Schema.Value.Validate(File.ReadAllText(path));
            Assert.AreEqual(0, errors.Count, $"{Path.GetFileName(path)}: {string.Join("; ", errors)}");
        }
    }

    [TestMethod]
    public void Schema_RefusesAnInvalidRequest_ProcessorReturnsNoResponse()
    {
        string xml = Template("8.2_READ_INVENTORY_REQUEST_DUIS.XML").Replace("<sr:CommandVariant>8<", "<sr:CommandVariant>10<", StringComparison.Ordinal);
        using InventoryStore store = TestBench.Seeded();
        DuisExchange exchange = Process(store, xml);
        Assert.AreEqual(DuisExchangeStatus.RequestInvalid, exchange.Status);
        Assert.IsNull(exchange.Response);
        StringAssert.Contains(string.Join(" ", exchange.Errors), "CommandVariant");
    }

    [TestMethod]
    public void EveryHanBenchResponseCode_IsInTheSchemaEnumeration()
    {
        XNamespace xs = "http://www.w3.org/2001/XMLSchema";
        XElement responseCode = XDocument.Load(Vectors.PathOf("xsd", "DUIS Schema V5.4.xsd")).Descendants(xs + "simpleType").Single(e => (string?)e.Attribute("name") == "ResponseCode");
        HashSet<string> allowed = responseCode.Descendants(xs + "enumeration").Select(e => (string)e.Attribute("value")!).ToHashSet();
        foreach (string code in DuisResponseCodes.All)
        {
            Assert.IsTrue(allowed.Contains(code), $"{code} is not a DUIS 5.4 ResponseCode");
        }
    }

    [TestMethod]
    public void DevicePrenotification_12_2_Template_AddsThePendingEsme()
    {
        using InventoryStore store = TestBench.Empty();
        DuisExchange exchange = Process(store, Template("12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML"));

        AssertResponded(exchange, DuisResponseCodes.Success);
        DeviceRecord esme = TestBench.Find(store, TestBench.Esme);
        Assert.AreEqual(DeviceType.ESME, esme.Type);
        Assert.AreEqual(DeviceStatus.Pending, esme.Status);
        Assert.AreEqual("AD", esme.SmetsVariant);
        Assert.IsNull(esme.AltHanVariant);
        Assert.AreEqual("0002012F", store.Read(s => s.Devices.FirmwareVersion(TestBench.Esme, FirmwareComponents.Main)));
    }

    [TestMethod]
    public void ReadInventory_8_2_Template_ReturnsTheHubAndItsBridgesWithHanVariant()
    {
        using InventoryStore store = TestBench.Seeded();
        DuisExchange exchange = Process(store, Template("8.2_READ_INVENTORY_REQUEST_DUIS.XML"));

        AssertResponded(exchange, DuisResponseCodes.Success);
        List<XElement> devices = exchange.Response!.Descendants(DuisNames.Sr + "Device").ToList();
        Assert.AreEqual(TestBench.Hub.ToString(), devices[0].Element(DuisNames.Sr + "DeviceID")!.Value);
        CollectionAssert.AreEquivalent(
            new[] { "B1", "B2", "B3", "B4" },
            devices.Select(d => d.Element(DuisNames.Sr + "HANVariant")?.Value).OfType<string>().ToArray());
        Assert.AreEqual("AD", devices.Single(d => d.Element(DuisNames.Sr + "DeviceType")!.Value == "ESME").Element(DuisNames.Sr + "ESMEVariant")?.Value);
    }

    [TestMethod]
    public void UpdateInventory_8_4_Template_DeletesThePendingEsme()
    {
        using InventoryStore store = TestBench.Empty();
        store.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Esme, DeviceType.ESME, DeviceStatus.Pending, "AB01", "010A030B", "AD", null)));

        AssertResponded(Process(store, Template("8.4_UPDATE_INVENTORY_REQUEST_DUIS.XML")), DuisResponseCodes.Success);
        Assert.IsNull(store.Read(s => s.Devices.Find(TestBench.Esme)));
    }

    [TestMethod]
    public void UpdateHanDeviceLog_8_11_Templates_AddThenRemoveTheEsme()
    {
        using InventoryStore store = TestBench.Seeded();
        DeviceRecord esme = TestBench.Find(store, TestBench.Esme);
        store.Write(s => s.Devices.Update(esme with { Status = DeviceStatus.Pending, CommsHubId = null }));

        AssertResponded(Process(store, Template("CCS01_8.11_SUCCESS_REQUEST_DUIS.XML")), DuisResponseCodes.Success);
        DeviceRecord added = TestBench.Find(store, TestBench.Esme);
        Assert.AreEqual(DeviceStatus.Whitelisted, added.Status);
        Assert.AreEqual(TestBench.Hub, added.CommsHubId);
        Assert.AreEqual(90, added.JoinTimePeriodSeconds);

        AssertResponded(Process(store, Template("CCS02_8.11_SUCCESS_REQUEST_DUIS.XML")), DuisResponseCodes.Success);
        Assert.IsNull(TestBench.Find(store, TestBench.Esme).CommsHubId);
    }

    [TestMethod]
    public void UpdateHanDeviceLog_8_11_TemplateForAnAltHanDevice_CommissionsIt()
    {
        using InventoryStore store = BenchWithAltHanPpmid(AltHanVariant.B3);
        DeviceRecord ppmid = TestBench.Find(store, TestBench.Ppmid);
        store.Write(s => s.Devices.Update(ppmid with { Status = DeviceStatus.Pending, CommsHubId = null }));
        string xml = Template("CCS01_8.11_SUCCESS_REQUEST_DUIS.XML").Replace($"<sr:DeviceID>{TestBench.Esme}<", $"<sr:DeviceID>{TestBench.Ppmid}<", StringComparison.Ordinal);

        AssertResponded(Process(store, xml), DuisResponseCodes.Success);
        Assert.AreEqual(DeviceStatus.Commissioned, TestBench.Find(store, TestBench.Ppmid).Status);
    }

    [TestMethod]
    public async Task ReadFirmwareVersion_11_2_CS08Template_NewVersionUpdatesTheInventory()
    {
        using InventoryStore store = BenchWithAltHanPpmid();
        var gateway = new FakeGateway(FirmwareVersionReading.Of("00010002"));
        DuisExchange exchange = await Processor(store, gateway).ProcessAsync(Template("CS08_11.2_SUCCESS_REQUEST_DUIS.XML"));

        AssertResponded(exchange, DuisResponseCodes.Success);
        Assert.AreEqual(1, gateway.Calls);
        Assert.IsTrue(((ReadFirmwareVersionResult)exchange.Result!).InventoryUpdated);
        Assert.AreEqual("00010002", store.Read(s => s.Devices.FirmwareVersion(TestBench.Ppmid, FirmwareComponents.SiLabs)));
    }

    [TestMethod]
    public void OtaHeaderHasher_RtdsPpmidImage_GivesTheDocumentedManufacturerImageHash()
    {
        // shared/vectors README (ota-images): SHA-256 of the 235-byte Manufacturer Image of the RTDS images.
        Assert.IsTrue(new OtaHeaderHasher().TryComputeManufacturerImageHash(Vectors.ReadBytes("ota-images", "rtds-11.4-ppmid-ota-upgrade-image.zigbee"), out byte[]? hash, out _));
        Assert.AreEqual("7542f475e3f12eae887d81e32c46d313741d67076b13caec2f82e00ba5e1bb36", Convert.ToHexStringLower(hash));
    }

    [TestMethod]
    public void UpdatePpmidFirmware_11_4_Template_QueuedForTheAltHanPpmidWhenOnTheCpl()
    {
        using InventoryStore store = BenchWithAltHanPpmid(AltHanVariant.B4);
        Assert.IsTrue(new OtaHeaderHasher().TryComputeManufacturerImageHash(Vectors.ReadBytes("ota-images", "rtds-11.4-ppmid-ota-upgrade-image.zigbee"), out byte[]? hash, out _));
        store.Write(s => s.Cpl.Put(new CplEntry("PPMF", "PPMID-1", FirmwareComponents.SiLabs, RtdsImageVersion, Convert.ToHexStringLower(hash))));

        DuisExchange exchange = Process(store, UpdatePpmidFirmwareTemplate());

        AssertResponded(exchange, DuisResponseCodes.Acknowledged);
        FirmwareProgressRecord progress = store.Read(s => s.Firmware.ActiveFor(TestBench.Ppmid))!;
        Assert.AreEqual(FirmwareProgressState.Queued, progress.State);
        Assert.AreEqual(FirmwareComponents.SiLabs, progress.Component);
        Assert.AreEqual(295, progress.BytesTotal);
    }

    [TestMethod]
    public void UpdatePpmidFirmware_11_4_Template_NotOnTheCpl_RefusedWithValidWarningResponse()
    {
        using InventoryStore store = BenchWithAltHanPpmid();
        DuisExchange exchange = Process(store, UpdatePpmidFirmwareTemplate());

        AssertResponded(exchange, DuisResponseCodes.UpdatePpmidFirmwareNoDeviceAccepted);
        Assert.AreEqual(TestBench.Ppmid.ToString(), exchange.Response!.Descendants(DuisNames.Sr + "NotApplicableFirmwareDeviceIDList").Single().Value);
    }

    [TestMethod]
    public void UpdatePpmidFirmware_11_4_TemplateAsPublished_VersionNotTheImageHeaders_E110403NamingBothResponseValidates()
    {
        // The published template asks for 00000000 with an image whose OTA header carries ACDCACDC: the device would run
        // ACDCACDC while the request, the CPL entry, N62 and N39 named 00000000 (audit G1). Refused whole, nothing stored,
        // even with the image listed on the CPL as 00000000.
        using InventoryStore store = BenchWithAltHanPpmid(AltHanVariant.B4);
        Assert.IsTrue(new OtaHeaderHasher().TryComputeManufacturerImageHash(Vectors.ReadBytes("ota-images", "rtds-11.4-ppmid-ota-upgrade-image.zigbee"), out byte[]? hash, out _));
        store.Write(s => s.Cpl.Put(new CplEntry("PPMF", "PPMID-1", FirmwareComponents.SiLabs, "00000000", Convert.ToHexStringLower(hash))));
        string before = TestBench.Snapshot(store);

        DuisExchange exchange = Process(store, Template("11.4_UPDATE_PPMID_FIRMWARE_REQUEST_DUIS.XML"));

        AssertResponded(exchange, DuisResponseCodes.UpdatePpmidFirmwareVersionMismatch);
        StringAssert.Contains(exchange.Result!.Message, "FirmwareVersion 00000000 is not the image's version: its OTA header carries file version ACDCACDC");
        Assert.AreEqual(before, TestBench.Snapshot(store));
    }

    [TestMethod]
    public void UpdatePpmidFirmware_11_4_Template_OverALowerLimit_E110405ResponseValidates()
    {
        using InventoryStore store = BenchWithAltHanPpmid();
        string before = TestBench.Snapshot(store);
        DuisExchange exchange = Process(store, Template("11.4_UPDATE_PPMID_FIRMWARE_REQUEST_DUIS.XML"), settings: new ServiceRequestSettings { FirmwareImageBase64Limit = 100 });

        AssertResponded(exchange, DuisResponseCodes.UpdatePpmidFirmwareImageTooLarge);
        Assert.AreEqual(before, TestBench.Snapshot(store));
    }

    [TestMethod]
    [DataRow("CS03A2NonCritical_8.7.2_SUCCESS_REQUEST_DUIS.XML")]
    [DataRow("CS04ACNonCritical_8.8.2_SUCCESS_REQUEST_DUIS.XML")]
    public void JoinUnjoin_TemplatesAddressedToAltHanPpmid_RefusedE11(string template)
    {
        using InventoryStore store = BenchWithAltHanPpmid();
        string before = TestBench.Snapshot(store);
        DuisExchange exchange = Process(store, Template(template));

        AssertResponded(exchange, DuisResponseCodes.NotApplicableToDevice);
        StringAssert.Contains(exchange.Result!.Message, "Alt HAN");
        Assert.AreEqual(before, TestBench.Snapshot(store));
    }

    [TestMethod]
    public void ReadDeviceLog_8_9_TemplateAddressedToAltHanPpmid_RefusedE11()
    {
        using InventoryStore store = BenchWithAltHanPpmid();
        DuisExchange exchange = Process(store, Retargeted("CS07_8.9_SUCCESS_REQUEST_DUIS.XML", TestBench.Ppmid));
        AssertResponded(exchange, DuisResponseCodes.NotApplicableToDevice);
    }

    [TestMethod]
    public void ReadDeviceLog_8_9_TemplateToTheGsme_NotRefusedForAltHan()
    {
        using InventoryStore store = BenchWithAltHanPpmid();
        DuisExchange exchange = Process(store, Template("CS07_8.9_SUCCESS_REQUEST_DUIS.XML"));
        AssertResponded(exchange, DuisResponseCodes.NotSupportedByHanBench);
    }

    [TestMethod]
    public void UnhandledTemplates_AnsweredWithValidE13Responses()
    {
        using InventoryStore store = TestBench.Seeded();
        foreach (string template in new[] { "8.3_DECOMMISSION_DEVICE_REQUEST_DUIS.XML", "CS06_11.3_FUTURE_DATED_SUCCESS_REQUEST_DUIS.XML" })
        {
            AssertResponded(Process(store, Template(template)), DuisResponseCodes.NotSupportedByHanBench);
        }
    }

    /// <summary>
    /// Stand-in for the image parser another engineer is writing: the Manufacturer Image follows the OTA header,
    /// whose length is the little-endian 16-bit field at offset 6 (ZigBee OTA header: magic, version, length). The
    /// RTDS PPMID image has no signature trailer, so the rest of the file is the Manufacturer Image.
    /// </summary>
    private sealed class OtaHeaderHasher : IManufacturerImageHasher
    {
        public bool TryComputeManufacturerImageHash(byte[] image, [NotNullWhen(true)] out byte[]? sha256, [NotNullWhen(false)] out string? problem)
        {
            sha256 = null;
            if (image.Length < 8)
            {
                problem = "shorter than an OTA header";
                return false;
            }

            int headerLength = image[6] | (image[7] << 8);
            if (headerLength >= image.Length)
            {
                problem = $"header length {headerLength} leaves no Manufacturer Image";
                return false;
            }

            sha256 = SHA256.HashData(image.AsSpan(headerLength));
            problem = null;
            return true;
        }
    }
}
