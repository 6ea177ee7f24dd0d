using System.Globalization;
using System.Xml.Linq;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;

namespace HanBench.Host.Duis;

/// <summary>
/// Builds the DUIS 5.4 <c>sr:Response</c> for a request's outcome: header (RequestID, ResponseID, ResponseCode,
/// ResponseDateTime) and a ResponseMessage carrying DSPInventory (8.2) or the firmware warning lists (11.4/11.1).
/// Signing (with the DSP's key) is <see cref="DuisSecurity"/>'s, applied by <see cref="DuisRequestProcessor"/>.
/// </summary>
public static class DuisResponseBuilder
{
    private static readonly XNamespace Sr = DuisNames.Sr;

    /// <summary>The response document for <paramref name="result"/>.</summary>
    public static XDocument Build(DuisRequestHeader request, ServiceResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var message = new XElement(
            Sr + "ResponseMessage",
            new XElement(Sr + "ServiceReference", request.ServiceReference),
            new XElement(Sr + "ServiceReferenceVariant", request.ServiceReferenceVariant),
            Payload(request, result));
        return new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(
                Sr + "Response",
                new XAttribute(XNamespace.Xmlns + "sr", Sr),
                new XAttribute("schemaVersion", DuisNames.SchemaVersion),
                new XElement(
                    Sr + "Header",
                    new XElement(Sr + "RequestID", request.RequestId.ToString()),
                    new XElement(Sr + "ResponseID", request.RequestId.ResponseId),
                    new XElement(Sr + "ResponseCode", result.ResponseCode),
                    new XElement(Sr + "ResponseDateTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))),
                new XElement(Sr + "Body", message)));
    }

    private static XElement? Payload(DuisRequestHeader request, ServiceResult result) => result switch
    {
        ReadInventoryResult { Devices.Count: > 0 } inventory => new XElement(Sr + "DSPInventory", inventory.Devices.Select(Device)),
        FirmwareUpdateResult update when update.Devices.Any(d => d.Outcome != FirmwareDeviceOutcome.Queued) => Warning(request, update),

        // The device's CS02 response as it came (DUIS returns a device's answer as GBCSPayload).
        CredentialResult { Reply.GbcsResponse: { } gbcs } => new XElement(Sr + "GBCSPayload", Convert.ToBase64String(gbcs)),
        _ => null,
    };

    private static XElement Device(InventoryView view)
    {
        DeviceRecord d = view.Device;
        // Order as DUIS 5.4 sr:Device's sequence. The SMETS variant field comes back as ESMEVariant for an ESME and
        // as HANVariant for an Alt HAN PPMID (SECMP0170 §4.4: "Retrieve SMETS Variant as Alt HAN Variant for SRV 8.2").
        return new XElement(
            Sr + "Device",
            new XElement(Sr + "DeviceID", d.DeviceId.ToString()),
            new XElement(Sr + "DeviceType", d.Type.ToString()),
            new XElement(Sr + "DeviceStatus", d.Status.ToString()),
            new XElement(Sr + "DeviceManufacturer", d.Manufacturer),
            new XElement(Sr + "DeviceModel", d.Model),
            Optional("SMETSCHTSVersion", d.SmetsChtsVersion),
            Optional("DeviceFirmwareVersion", view.FirmwareVersion),
            Optional("DateCommissioned", d.DateCommissioned?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Optional("ESMEVariant", d.Type == DeviceType.ESME ? d.SmetsVariant : null),
            Optional("HANVariant", d.AltHanVariant?.ToString()));
    }

    private static XElement Warning(DuisRequestHeader request, FirmwareUpdateResult update)
    {
        string element = request.ServiceReferenceVariant == ServiceReferenceVariants.UpdateFirmware ? "DSPUpdateFirmwareWarning" : "DSPUpdatePPMIDFirmwareWarning";
        return new XElement(
            Sr + element,
            List("InvalidDeviceIDList", update.With(FirmwareDeviceOutcome.InvalidDevice)),
            List("NotCommissionedDeviceIDList", update.With(FirmwareDeviceOutcome.NotCommissioned)),
            List("NotApplicableFirmwareDeviceIDList", update.With(FirmwareDeviceOutcome.NotApplicableFirmware)),
            List("OtherRequestInProgressList", update.With(FirmwareDeviceOutcome.OtherRequestInProgress)));
    }

    private static XElement? List(string name, IReadOnlyList<Eui64> devices) =>
        devices.Count == 0 ? null : new XElement(Sr + name, string.Join(",", devices));

    private static XElement? Optional(string name, string? value) => value is null ? null : new XElement(Sr + name, value);
}
