using System.Globalization;
using System.Xml.Linq;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;

namespace HanBench.Host.Alerts;

/// <summary>
/// Builds DUIS 5.4 DCC alerts: an <c>sr:Response</c> whose Body is a <c>DCCAlertMessage</c> (DCCAlertCode + DCCAlert
/// choice). Element names and order follow the 5.4 schema's complex types; every alert HanBench emits is validated
/// against it in the conformance tests. Alerts are unsigned (<c>ds:Signature</c> is optional in the schema).
/// </summary>
public static class DccAlertBuilder
{
    private static readonly XNamespace Sr = DuisNames.Sr;

    /// <summary>The whole alert document.</summary>
    /// <param name="alertCode">DCCAlertCode, e.g. N39.</param>
    /// <param name="alert">The DCCAlert choice element (PPMIDAlert, CommsHubAlert, …).</param>
    /// <param name="responseId">Header ResponseID: alert originator (the DCC), recipient, counter.</param>
    /// <param name="now">ResponseDateTime.</param>
    public static XDocument Alert(string alertCode, XElement alert, string responseId, DateTimeOffset now) =>
        new(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(
                Sr + "Response",
                new XAttribute(XNamespace.Xmlns + "sr", Sr),
                new XAttribute("schemaVersion", DuisNames.SchemaVersion),
                new XElement(
                    Sr + "Header",
                    new XElement(Sr + "ResponseID", responseId),
                    new XElement(Sr + "ResponseCode", "I0"),
                    new XElement(Sr + "ResponseDateTime", DateTimeText(now))),
                new XElement(
                    Sr + "Body",
                    new XElement(
                        Sr + "DCCAlertMessage",
                        new XElement(Sr + "DCCAlertCode", alertCode),
                        new XElement(Sr + "DCCAlert", alert)))));

    /// <summary>N39 body: <c>PPMIDAlert</c> with a <c>PPMIDFirmwareUpgradeAlert</c> (from device alert 0x8F8B).</summary>
    public static XElement PpmidFirmwareUpgrade(Eui64 deviceId, ushort deviceAlertCode, DateTimeOffset? timestamp, string firmwareVersion, bool activated) =>
        new(
            Sr + "PPMIDAlert",
            new XElement(Sr + "DeviceID", deviceId.ToString()),
            new XElement(Sr + "DeviceAlertCode", deviceAlertCode.ToString("X4", CultureInfo.InvariantCulture)),
            timestamp is { } at ? new XElement(Sr + "Timestamp", DateTimeText(at)) : null,
            new XElement(
                Sr + "PPMIDFirmwareUpgradeAlert",
                new XElement(Sr + "FirmwareVersion", firmwareVersion),
                new XElement(Sr + "ActivateImageResultCode", activated ? "ActivationSuccess" : "ActivationFailure")));

    /// <summary>N62 body: <c>CommsHubAlert</c> with a <c>FirmwareTransferAlert</c> (from 0x8F8A/0x8F89).</summary>
    public static XElement CommsHubFirmwareTransfer(Eui64 commsHubId, ushort alertCode, DateTimeOffset? timestamp, string? updateFirmwareRequestId, Eui64 otherDeviceId, string firmwareVersion, string transferResponseCode) =>
        new(
            Sr + "CommsHubAlert",
            new XElement(Sr + "CommsHubDeviceID", commsHubId.ToString()),
            new XElement(Sr + "AlertCode", alertCode.ToString("X4", CultureInfo.InvariantCulture)),
            timestamp is { } at ? new XElement(Sr + "TimeStamp", DateTimeText(at)) : null,
            new XElement(
                Sr + "FirmwareTransferAlert",
                updateFirmwareRequestId is null ? null : new XElement(Sr + "UpdateFirmwareRequestID", updateFirmwareRequestId),
                new XElement(Sr + "OtherDeviceID", otherDeviceId.ToString()),
                new XElement(Sr + "FirmwareVersion", firmwareVersion),
                new XElement(Sr + "TransferResponseCode", transferResponseCode)));

    /// <summary>N59/N60/N61 body: <c>CSPFirmwareDeliveryStatus</c>.</summary>
    public static XElement CspFirmwareDeliveryStatus(string updateFirmwareRequestId, Eui64 commsHubId, Eui64 targetDeviceId, string firmwareVersion, DateTimeOffset timestamp, bool success) =>
        new(
            Sr + "CSPFirmwareDeliveryStatus",
            new XElement(Sr + "UpdateFirmwareRequestID", updateFirmwareRequestId),
            new XElement(Sr + "CommsHubDeviceID", commsHubId.ToString()),
            new XElement(Sr + "TargetDeviceID", targetDeviceId.ToString()),
            new XElement(Sr + "FirmwareVersion", firmwareVersion),
            new XElement(Sr + "TimeStamp", DateTimeText(timestamp)),
            new XElement(Sr + "CommsHubTransferStatus", success ? "Success" : "Failure"));

    /// <summary>N64 body: <c>CommsHubFirmwareActivation</c> (SECMP0024 §4.1).</summary>
    public static XElement CommsHubFirmwareActivation(Eui64 commsHubId, string firmwareVersion) =>
        new(
            Sr + "CommsHubFirmwareActivation",
            new XElement(Sr + "DeviceID", commsHubId.ToString()),
            new XElement(Sr + "FirmwareVersion", firmwareVersion));

    /// <summary>
    /// N999 body: <c>DUISVersionMismatch</c> naming the alert the Service User's DUIS version cannot carry. DUIS 5.4's
    /// <c>DCCAlertVersionMismatch</c> has DCCAlertCode, DeviceID and RequestID but no firmware version element, so the
    /// N999 for an N64 names the code and the Comms Hub; the version stays in the inventory's alert row.
    /// </summary>
    public static XElement DuisVersionMismatch(string alertCode, Eui64? deviceId, string? requestId, string serviceUserDuisVersion) =>
        new(
            Sr + "DUISVersionMismatch",
            new XElement(
                Sr + "DCCAlertVersionMismatch",
                new XElement(Sr + "DCCAlertCode", alertCode),
                deviceId is { } id ? new XElement(Sr + "DeviceID", id.ToString()) : null,
                requestId is null ? null : new XElement(Sr + "RequestID", requestId)),
            new XElement(Sr + "ServiceUserDUISVersion", serviceUserDuisVersion));

    /// <summary><c>FirmwareDistributionFailure</c> body: the 11.1/11.4 RequestID and the devices it failed for.</summary>
    public static XElement FirmwareDistributionFailure(string updateFirmwareRequestId, IReadOnlyCollection<Eui64> deviceIds) =>
        new(
            Sr + "FirmwareDistributionFailure",
            new XElement(Sr + "UpdateFirmwareRequestID", updateFirmwareRequestId),
            new XElement(Sr + "MeterIDs", string.Join(",", deviceIds)));

    /// <summary>xs:dateTime in UTC with milliseconds, as DCC Boxed writes it.</summary>
    public static string DateTimeText(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
