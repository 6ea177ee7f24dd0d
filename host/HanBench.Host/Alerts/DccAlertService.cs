using System.Globalization;
using System.Xml.Linq;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Alerts;

/// <summary>How the CSP's delivery of an image to a Comms Hub ended (docs/PROTOCOL.md §4, HanBench choice of codes).</summary>
public enum CspDeliveryOutcome
{
    /// <summary>The hub holds the image: N59.</summary>
    Delivered,

    /// <summary>This attempt failed: N60.</summary>
    Failed,

    /// <summary>The delivery was cancelled or expired: N61.</summary>
    CancelledOrExpired,
}

/// <summary>
/// Device alerts in, DCC alerts out (docs/ARCHITECTURE.md "Alerts"): the DCC alert writer. Each method takes the open
/// <see cref="InventorySession"/> of the caller's write transaction, so the alert, the firmware progress step
/// (<see cref="Csp.FirmwareUpdateRecorder"/>, the only one that moves it) and the inventory's version change commit
/// together or not at all (<c>store.Write(s => alerts.OnX(s, …))</c>). Each event
/// has an idempotency key: a replayed event (after a restart, or a device repeating itself) finds its alert and changes
/// nothing, returning an empty list. The returned alerts are the rows newly issued, one per recipient.
/// </summary>
public sealed class DccAlertService(DccAlertSettings? settings = null)
{
    private readonly DccAlertSettings _settings = settings ?? DccAlertSettings.Default;

    /// <summary>The settings in force.</summary>
    public DccAlertSettings Settings => _settings;


    /// <summary>A decoded 0x8F8B from <paramref name="deviceId"/>: see <see cref="OnPpmidFirmwareActivation(InventorySession, Eui64, string, bool, DateTimeOffset?)"/>.</summary>
    public IReadOnlyList<IssuedDccAlert> OnPpmidFirmwareActivation(InventorySession session, Eui64 deviceId, PpmidFirmwareActivationAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return OnPpmidFirmwareActivation(session, deviceId, FirmwareVersionText.Of(alert.FirmwareVersion), alert.Result == PpmidFirmwareActivationResult.Success, ToTime(alert.Time));
    }

    /// <summary>
    /// 0x8F8B PPMID firmware activation (a PPMID, HCALCS or Alt HAN bridge) → N39 <c>PPMIDAlert</c> (SECMP0170 §4.2:
    /// "delivered to the Service Users using the DCC Alert N39, as with PPMIDs"). On success the inventory records the
    /// new version for the component being updated (requirement 5); the update's progress is
    /// <see cref="Csp.FirmwareUpdateRecorder"/>'s to move. The alert goes to the Service User that asked for the update,
    /// or, with no update in progress, to every supplier.
    /// </summary>
    public IReadOnlyList<IssuedDccAlert> OnPpmidFirmwareActivation(InventorySession session, Eui64 deviceId, string firmwareVersion, bool activated, DateTimeOffset? deviceTime)
    {
        ArgumentNullException.ThrowIfNull(session);
        CheckVersion(firmwareVersion);
        string key = $"{DccAlertCodes.PpmidAlert}:{deviceId}:{firmwareVersion}:{(activated ? "success" : "failure")}:{TimeKey(deviceTime)}";
        var outbox = new DccAlertOutbox(session);
        if (AnyExists(outbox, key))
        {
            return [];
        }

        FirmwareProgressRecord? progress = session.Firmware.ActiveFor(deviceId);
        FirmwareRequestRecord? request = progress is null ? null : session.Firmware.FindRequest(progress.RequestRowId);
        if (activated)
        {
            session.Devices.SetFirmwareVersion(deviceId, progress?.Component ?? FirmwareComponents.Main, firmwareVersion);
        }

        XElement body = DccAlertBuilder.PpmidFirmwareUpgrade(deviceId, GbcsAlertCode.PpmidHcalcsFirmwareActivation, deviceTime, firmwareVersion, activated);
        return Issue(session, outbox, key, DccAlertCodes.PpmidAlert, body, deviceId, request?.RequestId, RecipientsFor(session, request));
    }

    /// <summary>A decoded CCS08 alert from Comms Hub <paramref name="commsHubId"/>: see the overload taking its fields.</summary>
    public IReadOnlyList<IssuedDccAlert> OnFirmwareTransfer(InventorySession session, Eui64 commsHubId, FirmwareTransferAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return OnFirmwareTransfer(session, commsHubId, new Eui64(alert.Entity), alert.AlertCode, FirmwareVersionText.Of(alert.FirmwareVersion), alert.ResponseCode, ToTime(alert.ExecutionDateTime));
    }

    /// <summary>
    /// 0x8F8A (success) / 0x8F89 (failure) Firmware Transfer alert from a Comms Hub about a HAN device → N62
    /// <c>CommsHubAlert</c>/<c>FirmwareTransferAlert</c> (SECMP0170 §4.2: "0x8F8A/0x8F89 alert to trigger N62"). The
    /// alert only: the update's progress is <see cref="Csp.FirmwareUpdateRecorder"/>'s to move.
    /// </summary>
    public IReadOnlyList<IssuedDccAlert> OnFirmwareTransfer(InventorySession session, Eui64 commsHubId, Eui64 deviceId, ushort alertCode, string firmwareVersion, FirmwareTransferResponseCode responseCode, DateTimeOffset? hubTime)
    {
        ArgumentNullException.ThrowIfNull(session);
        CheckVersion(firmwareVersion);
        if (alertCode is not (GbcsAlertCode.FirmwareTransferSuccess or GbcsAlertCode.FirmwareTransferFailure))
        {
            throw new ArgumentOutOfRangeException(nameof(alertCode), alertCode, "a Firmware Transfer alert is 0x8F8A or 0x8F89");
        }

        string key = $"{DccAlertCodes.CommsHubFirmwareTransfer}:{commsHubId}:{deviceId}:{firmwareVersion}:{(byte)responseCode}:{TimeKey(hubTime)}";
        var outbox = new DccAlertOutbox(session);
        if (AnyExists(outbox, key))
        {
            return [];
        }

        FirmwareProgressRecord? progress = session.Firmware.ActiveFor(deviceId);
        FirmwareRequestRecord? request = progress is null ? null : session.Firmware.FindRequest(progress.RequestRowId);

        XElement body = DccAlertBuilder.CommsHubFirmwareTransfer(commsHubId, alertCode, hubTime, request?.RequestId, deviceId, firmwareVersion, TransferResponseText(responseCode));
        return Issue(session, outbox, key, DccAlertCodes.CommsHubFirmwareTransfer, body, deviceId, request?.RequestId, RecipientsFor(session, request));
    }

    /// <summary>
    /// The CSP's delivery of request <paramref name="requestRowId"/>'s image to <paramref name="deviceId"/>'s Comms Hub →
    /// N59 (delivered), N60 (this attempt failed) or N61 (cancelled/expired), as <c>CSPFirmwareDeliveryStatus</c>.
    /// <paramref name="attempt"/> tells repeated N60s apart. The alert only: the progress is
    /// <see cref="Csp.FirmwareUpdateRecorder"/>'s to move.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such request or device in it.</exception>
    public IReadOnlyList<IssuedDccAlert> OnCspDelivery(InventorySession session, long requestRowId, Eui64 deviceId, CspDeliveryOutcome outcome, int attempt = 0)
    {
        ArgumentNullException.ThrowIfNull(session);
        FirmwareRequestRecord request = session.Firmware.FindRequest(requestRowId)
            ?? throw new InvalidOperationException($"no firmware request row {requestRowId}");
        FirmwareProgressRecord progress = session.Firmware.FindProgress(requestRowId, deviceId)
            ?? throw new InvalidOperationException($"{deviceId} is not in firmware request {request.RequestId}");
        string code = outcome switch
        {
            CspDeliveryOutcome.Delivered => DccAlertCodes.CspDeliverySucceeded,
            CspDeliveryOutcome.Failed => DccAlertCodes.CspDeliveryFailed,
            _ => DccAlertCodes.CspDeliveryCancelledOrExpired,
        };
        string key = outcome == CspDeliveryOutcome.Failed
            ? $"{code}:{request.RequestId}:{deviceId}:{attempt.ToString(CultureInfo.InvariantCulture)}"
            : $"{code}:{request.RequestId}:{deviceId}";
        var outbox = new DccAlertOutbox(session);
        if (AnyExists(outbox, key))
        {
            return [];
        }

        XElement body = DccAlertBuilder.CspFirmwareDeliveryStatus(request.RequestId, progress.CommsHubId, deviceId, request.FirmwareVersion, session.Now, outcome == CspDeliveryOutcome.Delivered);
        return Issue(session, outbox, key, code, body, deviceId, request.RequestId, RecipientsFor(session, request));
    }

    /// <summary>
    /// A Comms Hub's answer to CS06 Activate Firmware. SECMP0024 §4.1: when it "indicates new active firmware version",
    /// N64 <c>CommsHubFirmwareActivation</c> goes to every responsible supplier — N999 (DUIS version mismatch) to one on
    /// a DUIS version older than <see cref="DccAlertSettings.CommsHubFirmwareActivationSinceDuisVersion"/> — and the
    /// inventory records the version. A failure code, or the version the inventory already holds, raises nothing.
    /// </summary>
    public IReadOnlyList<IssuedDccAlert> OnCommsHubActivationResponse(InventorySession session, Eui64 commsHubId, ActivateFirmwareResponseCode responseCode, string firmwareVersion)
    {
        ArgumentNullException.ThrowIfNull(session);
        CheckVersion(firmwareVersion);
        if (responseCode != ActivateFirmwareResponseCode.Success)
        {
            return [];
        }

        string? current = session.Devices.FirmwareVersion(commsHubId, FirmwareComponents.Main);
        if (string.Equals(current, firmwareVersion, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        string key = $"{DccAlertCodes.CommsHubFirmwareActivation}:{commsHubId}:{firmwareVersion}";
        var outbox = new DccAlertOutbox(session);
        if (AnyExists(outbox, key))
        {
            return [];
        }

        if (session.Devices.Find(commsHubId) is not null)
        {
            session.Devices.SetFirmwareVersion(commsHubId, FirmwareComponents.Main, firmwareVersion);
        }

        IReadOnlyList<ServiceUser> suppliers = new ServiceUserDirectory(session).Suppliers();
        var issued = new List<IssuedDccAlert>();
        if (suppliers.Count == 0)
        {
            // No supplier registered: still issued once, for the endpoint's default recipient.
            issued.AddRange(Issue(session, outbox, key, DccAlertCodes.CommsHubFirmwareActivation, DccAlertBuilder.CommsHubFirmwareActivation(commsHubId, firmwareVersion), commsHubId, null, [null]));
            return issued;
        }

        ServiceUserDirectory.TryParseDuisVersion(_settings.CommsHubFirmwareActivationSinceDuisVersion, out decimal since);
        foreach (ServiceUser supplier in suppliers)
        {
            bool older = ServiceUserDirectory.TryParseDuisVersion(supplier.DuisVersion, out decimal version) && version < since;
            XElement body = older
                ? DccAlertBuilder.DuisVersionMismatch(DccAlertCodes.CommsHubFirmwareActivation, commsHubId, null, supplier.DuisVersion)
                : DccAlertBuilder.CommsHubFirmwareActivation(commsHubId, firmwareVersion);
            string code = older ? DccAlertCodes.DuisVersionMismatch : DccAlertCodes.CommsHubFirmwareActivation;
            issued.AddRange(Issue(session, outbox, key, code, body, commsHubId, null, [supplier.Id]));
        }

        return issued;
    }

    /// <summary>
    /// A distribution request that failed for <paramref name="deviceIds"/> → <c>FirmwareDistributionFailure</c> (code:
    /// <see cref="DccAlertSettings.FirmwareDistributionFailureAlertCode"/>) to the Service User that sent it. Progress
    /// is the engine's to record; this raises the alert once per request.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such request.</exception>
    public IReadOnlyList<IssuedDccAlert> OnFirmwareDistributionFailure(InventorySession session, string requestId, IReadOnlyCollection<Eui64> deviceIds)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        if (deviceIds.Count == 0)
        {
            throw new ArgumentException("a distribution failure names at least one device", nameof(deviceIds));
        }

        FirmwareRequestRecord request = session.Firmware.FindRequest(requestId)
            ?? throw new InvalidOperationException($"no firmware request {requestId}");
        string code = _settings.FirmwareDistributionFailureAlertCode;
        string key = $"FirmwareDistributionFailure:{request.RequestId}";
        var outbox = new DccAlertOutbox(session);
        if (AnyExists(outbox, key))
        {
            return [];
        }

        XElement body = DccAlertBuilder.FirmwareDistributionFailure(request.RequestId, deviceIds);
        Eui64? device = deviceIds.Count == 1 ? deviceIds.First() : null;
        return Issue(session, outbox, key, code, body, device, request.RequestId, RecipientsFor(session, request));
    }

    /// <summary>
    /// The later DUIS response to a request the DCC acknowledged (I99) and carried out afterwards (a queued credential
    /// request): an <c>sr:Response</c> for that RequestID with the outcome's code and, when the device answered, its GBCS
    /// response as GBCSPayload, as the synchronous response would have carried it. It goes through the outbox to the
    /// Service User that sent the request (the RequestID's originator), once per request.
    /// </summary>
    public IReadOnlyList<IssuedDccAlert> OnLaterResponse(InventorySession session, string requestId, string serviceReference, string serviceReferenceVariant, Eui64 deviceId, ServiceRequests.ServiceResult result)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(result);
        if (!DuisRequestId.TryParse(requestId, out DuisRequestId id))
        {
            throw new ArgumentException($"'{requestId}' is not a DUIS RequestID", nameof(requestId));
        }

        string key = $"{DccAlertCodes.LaterResponse}:{requestId}";
        var outbox = new DccAlertOutbox(session);
        if (AnyExists(outbox, key))
        {
            return [];
        }

        XDocument document = DuisResponseBuilder.Build(new DuisRequestHeader(id, 0, serviceReference, serviceReferenceVariant), result, session.Now);
        string body = document.Declaration + Environment.NewLine + document.Root!.ToString(SaveOptions.DisableFormatting);
        return outbox.TryInsert(key, DccAlertCodes.LaterResponse, deviceId, requestId, id.Originator, body) is { } row ? [row] : [];
    }

    /// <summary>
    /// Who gets a request's alerts: the Service User that sent it (the RequestID's originator, registered or not); with no
    /// request, every supplier; with none registered, the default recipient (null).
    /// </summary>
    private static IReadOnlyList<Eui64?> RecipientsFor(InventorySession session, FirmwareRequestRecord? request)
    {
        if (request is not null && DuisRequestId.TryParse(request.RequestId, out DuisRequestId id))
        {
            return [id.Originator];
        }

        IReadOnlyList<ServiceUser> suppliers = new ServiceUserDirectory(session).Suppliers();
        return suppliers.Count == 0 ? [null] : suppliers.Select(s => (Eui64?)s.Id).ToList();
    }

    /// <summary>Records one alert per recipient; the first keeps the event's key, the others add the recipient to it.</summary>
    private IReadOnlyList<IssuedDccAlert> Issue(InventorySession session, DccAlertOutbox outbox, string key, string code, XElement alert, Eui64? deviceId, string? requestId, IReadOnlyList<Eui64?> recipients)
    {
        var issued = new List<IssuedDccAlert>();
        foreach (Eui64? recipient in recipients)
        {
            string rowKey = RecipientKey(key, recipient, recipients.Count);
            long counter = outbox.NextId();
            Eui64 to = recipient ?? _settings.DccId;
            string responseId = $"{_settings.DccId}:{to}:{counter.ToString(CultureInfo.InvariantCulture)}";
            XDocument document = DccAlertBuilder.Alert(code, new XElement(alert), responseId, session.Now);
            string body = document.Declaration + Environment.NewLine + document.Root!.ToString(SaveOptions.DisableFormatting);
            if (outbox.TryInsert(rowKey, code, deviceId, requestId, recipient, body) is { } row)
            {
                issued.Add(row);
            }
        }

        return issued;
    }

    private static string RecipientKey(string key, Eui64? recipient, int recipientCount) =>
        recipientCount <= 1 && recipient is null ? key : $"{key}>{recipient?.ToString() ?? "default"}";

    /// <summary>Whether the event was already turned into alerts (for any recipient).</summary>
    private static bool AnyExists(DccAlertOutbox outbox, string key) => outbox.Exists(key) || outbox.ExistsWithPrefix(key + ">");

    private static string TransferResponseText(FirmwareTransferResponseCode code) => code switch
    {
        FirmwareTransferResponseCode.Success => "FileTransferSuccess",
        FirmwareTransferResponseCode.ImageDiscarded => "FirmwareImageDiscarded",
        FirmwareTransferResponseCode.HardwareVersionMismatch => "HardwareVersionMismatch",
        _ => "FileTransferFailure",
    };

    private static void CheckVersion(string firmwareVersion)
    {
        // DUIS sr:FirmwareVersion: 1–8 characters.
        if (firmwareVersion is not { Length: >= 1 and <= 8 })
        {
            throw new ArgumentException($"firmware version '{firmwareVersion}' must be 1–8 characters (DUIS FirmwareVersion)", nameof(firmwareVersion));
        }
    }

    private static string TimeKey(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture) ?? "-";

    private static DateTimeOffset? ToTime(GbcsTimestamp time) =>
        GbcsTimestamp.IsValid(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second)
            ? new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second, TimeSpan.Zero)
            : null;
}
