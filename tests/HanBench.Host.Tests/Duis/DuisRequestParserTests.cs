using System.Xml.Linq;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.Duis;

[TestClass]
public sealed class DuisRequestParserTests
{
    private const string Supplier = "90-B3-D5-1F-30-01-00-00";
    private const string Dcc = "90-B3-D5-1F-30-00-00-02";

    /// <summary>A request in the DUIS shape, written here for the test.</summary>
    private static string Request(string target, int commandVariant, string srv, string body, string? serviceReference = null) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
          <sr:Header>
            <sr:RequestID>{Supplier}:{target}:42</sr:RequestID>
            <sr:CommandVariant>{commandVariant}</sr:CommandVariant>
            <sr:ServiceReference>{serviceReference ?? srv}</sr:ServiceReference>
            <sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant>
          </sr:Header>
          <sr:Body>{body}</sr:Body>
        </sr:Request>
        """;

    [TestMethod]
    public void RequestId_ParsesAndResponseIdSwapsOriginatorAndTarget()
    {
        Assert.IsTrue(DuisRequestId.TryParse($"{Supplier}:{TestBench.Ppmid}:1000", out DuisRequestId id));
        Assert.AreEqual(TestBench.Ppmid, id.Target);
        Assert.AreEqual(1000UL, id.Counter);
        Assert.AreEqual($"{TestBench.Ppmid}:{Supplier}:1000", id.ResponseId);
        Assert.IsFalse(DuisRequestId.TryParse($"{Supplier}:{TestBench.Ppmid}", out _));
        Assert.IsFalse(DuisRequestId.TryParse($"{Supplier}:{TestBench.Ppmid}:-1", out _));
    }

    [TestMethod]
    public void RequestIdNext_CalledRepeatedly_CountersStrictlyGrowAndRoundTrip()
    {
        Eui64 supplier = Eui64.Parse(Supplier);
        ulong previous = 0;
        for (int i = 0; i < 1000; i++)
        {
            DuisRequestId id = DuisRequestId.Next(supplier, TestBench.Ppmid);
            Assert.IsTrue(id.Counter > previous, $"call {i}: {id.Counter} after {previous}");
            Assert.IsTrue(DuisRequestId.TryParse(id.ToString(), out DuisRequestId parsed));
            Assert.AreEqual(id, parsed);
            previous = id.Counter;
        }
    }

    [TestMethod]
    public void Prenotification_WithHanVariant_MapsToAltHanPpmid()
    {
        string xml = Request(Dcc, 8, "12.2", """
            <sr:DevicePrenotification>
              <sr:DeviceID>00-AA-00-00-00-00-00-C1</sr:DeviceID>
              <sr:DeviceManufacturer>AHCO</sr:DeviceManufacturer>
              <sr:DeviceModel>BRIDGE-1</sr:DeviceModel>
              <sr:DeviceType>PPMID</sr:DeviceType>
              <sr:FirmwareVersion>00010001</sr:FirmwareVersion>
              <sr:HANVariant>B3</sr:HANVariant>
            </sr:DevicePrenotification>
            """);
        var request = (DevicePrenotificationRequest)DuisRequestParser.Parse(xml).Request!.Body;
        Assert.AreEqual(TestBench.Bridges[0], request.DeviceId);
        Assert.AreEqual(DeviceType.PPMID, request.DeviceType);
        Assert.AreEqual(AltHanVariant.B3, request.AltHanVariant);
        Assert.AreEqual("00010001", request.FirmwareVersion);
        Assert.AreEqual($"{Supplier}:{Dcc}:42", request.RequestId);
    }

    [TestMethod]
    public void UpdateHanDeviceLog_TargetIsTheCommsHub()
    {
        string xml = Request(TestBench.Hub.ToString(), 1, "8.11", """
            <sr:UpdateHANDeviceLog>
              <sr:DeviceID>00-AA-00-00-00-00-00-C2</sr:DeviceID>
              <sr:RequestType>Add</sr:RequestType>
              <sr:AddDeviceToCHFWhitelist><sr:JoinTimePeriod>3600</sr:JoinTimePeriod><sr:InstallCode>00112233445566778899AABBCCDDEEFF</sr:InstallCode></sr:AddDeviceToCHFWhitelist>
            </sr:UpdateHANDeviceLog>
            """);
        var request = (UpdateHanDeviceLogRequest)DuisRequestParser.Parse(xml).Request!.Body;
        Assert.AreEqual(TestBench.Hub, request.CommsHubId);
        Assert.AreEqual(TestBench.Bridges[1], request.DeviceId);
        Assert.AreEqual(HanDeviceLogAction.Add, request.Action);
        Assert.AreEqual(3600, request.JoinTimePeriodSeconds);
        Assert.AreEqual("00112233445566778899AABBCCDDEEFF", request.InstallCode);
    }

    [TestMethod]
    public void UpdateInventory_StatusDetailsAndDelete_EachMapToTheirChange()
    {
        StatusChange status = (StatusChange)((UpdateInventoryRequest)DuisRequestParser.Parse(Request(Dcc, 8, "8.4", "<sr:UpdateInventory><sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID><sr:UpdateDeviceStatusCH>Withdrawn</sr:UpdateDeviceStatusCH></sr:UpdateInventory>")).Request!.Body).Change;
        Assert.AreEqual(DeviceStatus.Withdrawn, status.Status);
        DetailsChange details = (DetailsChange)((UpdateInventoryRequest)DuisRequestParser.Parse(Request(Dcc, 8, "8.4", "<sr:UpdateInventory><sr:DeviceID>00-DB-12-34-56-78-90-A0</sr:DeviceID><sr:UpdateDeviceDetails><sr:FirmwareVersion>0102</sr:FirmwareVersion><sr:ESMEVariant>A</sr:ESMEVariant></sr:UpdateDeviceDetails></sr:UpdateInventory>")).Request!.Body).Change;
        Assert.AreEqual("0102", details.FirmwareVersion);
        Assert.AreEqual("A", details.EsmeVariant);
        Assert.IsNull(details.AltHanVariant);
        Assert.IsInstanceOfType<DeleteDeviceChange>(((UpdateInventoryRequest)DuisRequestParser.Parse(Request(Dcc, 8, "8.4", "<sr:UpdateInventory><sr:DeviceID>00-DB-12-34-56-78-90-A0</sr:DeviceID><sr:DeleteDevice/></sr:UpdateInventory>")).Request!.Body).Change);
    }

    [TestMethod]
    public void UpdatePpmidFirmware_WrappedBase64AndDeviceList_Parsed()
    {
        string xml = Request(Dcc, 8, "11.4", $"""
            <sr:UpdatePPMIDFirmware>
              <sr:FirmwareImage>AAEC
                AwQF</sr:FirmwareImage>
              <sr:FirmwareVersion>00010002</sr:FirmwareVersion>
              <sr:DeviceIDList>{TestBench.Bridges[0]},{TestBench.Bridges[1]}</sr:DeviceIDList>
            </sr:UpdatePPMIDFirmware>
            """);
        var request = (FirmwareUpdateRequest)DuisRequestParser.Parse(xml).Request!.Body;
        Assert.AreEqual(FirmwareUpdateKind.UpdatePpmidFirmware, request.Kind);
        Assert.AreEqual("AAECAwQF", request.FirmwareImageBase64);
        CollectionAssert.AreEqual(new[] { TestBench.Bridges[0], TestBench.Bridges[1] }, request.DeviceIds.ToArray());
        Assert.IsNull(request.ManufacturerImageHash);
    }

    [TestMethod]
    public void ReadDeviceLog_TargetFromRequestId()
    {
        var request = (AltHanRestrictedRequest)DuisRequestParser.Parse(Request(TestBench.Bridges[2].ToString(), 1, "8.9", "<sr:ReadDeviceLog/>")).Request!.Body;
        Assert.AreEqual(TestBench.Bridges[2], request.TargetDeviceId);
        Assert.AreEqual("8.9", request.ServiceReferenceVariant);
        Assert.IsNull(request.OtherDeviceId);
    }

    [TestMethod]
    public void CommandVariantNotForTheSrv_RefusedE12()
    {
        DuisParseResult parsed = DuisRequestParser.Parse(Request(TestBench.Ppmid.ToString(), 8, "11.2", "<sr:ReadFirmwareVersion/>"));
        Assert.AreEqual(DuisResponseCodes.InvalidCommandVariant, parsed.Refusal?.ResponseCode);
        Assert.IsNotNull(parsed.Header);
    }

    [TestMethod]
    public void FutureDated_RefusedAsNotSupported()
    {
        DuisParseResult parsed = DuisRequestParser.Parse(Request(TestBench.Ppmid.ToString(), 1, "11.2", "<sr:ReadFirmwareVersion><sr:ExecutionDateTime>2030-01-01T00:00:00Z</sr:ExecutionDateTime></sr:ReadFirmwareVersion>"));
        Assert.AreEqual(DuisResponseCodes.NotSupportedByHanBench, parsed.Refusal?.ResponseCode);
    }

    [TestMethod]
    public void SrvHanBenchDoesNotHandle_RefusedE13NamingIt()
    {
        DuisParseResult parsed = DuisRequestParser.Parse(Request(Dcc, 8, "8.3", "<sr:DecommissionDevice><sr:DeviceID>00-DB-12-34-56-78-90-A0</sr:DeviceID></sr:DecommissionDevice>"));
        Assert.AreEqual(DuisResponseCodes.NotSupportedByHanBench, parsed.Refusal?.ResponseCode);
        StringAssert.Contains(parsed.Refusal!.Message, "8.3");
    }

    [TestMethod]
    public void ReadInventoryByUprn_RefusedE13()
    {
        DuisParseResult parsed = DuisRequestParser.Parse(Request(Dcc, 8, "8.2", "<sr:ReadInventory><sr:UPRN>12345</sr:UPRN></sr:ReadInventory>"));
        Assert.AreEqual(DuisResponseCodes.NotSupportedByHanBench, parsed.Refusal?.ResponseCode);
        StringAssert.Contains(parsed.Refusal!.Message, "UPRN");
    }

    [TestMethod]
    [DataRow("<sr:ReadInventory><sr:DeviceID>00-DB-12-34-56-78-90-A0</sr:DeviceID></sr:ReadInventory>", "sr:UpdateInventory")]
    [DataRow("<sr:UpdateInventory><sr:DeviceID>nope</sr:DeviceID><sr:DeleteDevice/></sr:UpdateInventory>", "not an EUI-64")]
    public void MalformedBody_ErrorNamesTheDefect(string body, string mentions)
    {
        DuisParseResult parsed = DuisRequestParser.Parse(Request(Dcc, 8, "8.4", body));
        Assert.IsNull(parsed.Request);
        StringAssert.Contains(parsed.Error, mentions);
    }

    [TestMethod]
    [DataRow("<notxml")]
    [DataRow("<sr:Response xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"/>")]
    [DataRow("<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>")]
    public void NotADuisRequest_ErrorNotException(string xml)
    {
        DuisParseResult parsed = DuisRequestParser.Parse(xml);
        Assert.IsNull(parsed.Request);
        Assert.IsNotNull(parsed.Error);
    }

    [TestMethod]
    public void Response_ReadInventoryOfAltHanDevice_CarriesHanVariantNotEsmeVariant()
    {
        using InventoryStore store = TestBench.Seeded();
        ReadInventoryResult result = new ReadInventoryHandler(store).Handle(new("r", TestBench.Bridges[1]));
        Assert.IsTrue(DuisRequestId.TryParse($"{Supplier}:{Dcc}:7", out DuisRequestId id));
        XDocument response = DuisResponseBuilder.Build(new DuisRequestHeader(id, 8, "8.2", "8.2"), result, TestBench.Start);

        XElement device = response.Descendants(DuisNames.Sr + "Device").Single();
        Assert.AreEqual("B2", device.Element(DuisNames.Sr + "HANVariant")?.Value);
        Assert.IsNull(device.Element(DuisNames.Sr + "ESMEVariant"));
        Assert.AreEqual("I0", response.Descendants(DuisNames.Sr + "ResponseCode").Single().Value);
        Assert.AreEqual($"{Dcc}:{Supplier}:7", response.Descendants(DuisNames.Sr + "ResponseID").Single().Value);
        Assert.AreEqual("2024-03-01T12:00:00.000Z", response.Descendants(DuisNames.Sr + "ResponseDateTime").Single().Value);
    }

    [TestMethod]
    public void Response_PartlyAcceptedPpmidFirmware_ListsBlockedDevices()
    {
        var result = new FirmwareUpdateResult(DuisResponseCodes.UpdatePpmidFirmwarePartlyAccepted, "m", null,
        [
            new(TestBench.Bridges[0], FirmwareDeviceOutcome.Queued, "q"),
            new(TestBench.Bridges[1], FirmwareDeviceOutcome.OtherRequestInProgress, "busy"),
            new(TestBench.Bridges[2], FirmwareDeviceOutcome.OtherRequestInProgress, "busy"),
            new(TestBench.Esme, FirmwareDeviceOutcome.InvalidDevice, "type"),
        ]);
        Assert.IsTrue(DuisRequestId.TryParse($"{Supplier}:{Dcc}:7", out DuisRequestId id));
        XDocument response = DuisResponseBuilder.Build(new DuisRequestHeader(id, 8, "11.4", "11.4"), result, TestBench.Start);

        XElement warning = response.Descendants(DuisNames.Sr + "DSPUpdatePPMIDFirmwareWarning").Single();
        Assert.AreEqual($"{TestBench.Bridges[1]},{TestBench.Bridges[2]}", warning.Element(DuisNames.Sr + "OtherRequestInProgressList")?.Value);
        Assert.AreEqual(TestBench.Esme.ToString(), warning.Element(DuisNames.Sr + "InvalidDeviceIDList")?.Value);
        Assert.IsNull(warning.Element(DuisNames.Sr + "NotCommissionedDeviceIDList"));
    }
}
