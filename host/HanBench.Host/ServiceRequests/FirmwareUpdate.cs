using HanBench.Host.Inventory;
using HanBench.Protocol.Ota;

namespace HanBench.Host.ServiceRequests;

/// <summary>Which firmware SRV a <see cref="FirmwareUpdateRequest"/> is.</summary>
public enum FirmwareUpdateKind
{
    /// <summary>SRV 11.4 Update PPMID Firmware: PPMIDs, HCALCS and Alt HAN bridges.</summary>
    UpdatePpmidFirmware,

    /// <summary>SRV 11.1 Update Firmware: ESME, GSME and Comms Hubs.</summary>
    UpdateFirmware,
}

/// <summary>SRV 11.4 / 11.1: distribute one image to a list of devices.</summary>
/// <param name="RequestId">DUIS RequestID; unique per distribution.</param>
/// <param name="Kind">11.4 or 11.1.</param>
/// <param name="FirmwareImageBase64">The image as carried in DUIS FirmwareImage (Base64 text).</param>
/// <param name="FirmwareVersion">DUIS FirmwareVersion (1–8 characters).</param>
/// <param name="DeviceIds">DUIS DeviceIDList.</param>
/// <param name="ManufacturerImageHash">
/// SHA-256 of the Manufacturer Image (64 hex digits) when already known; otherwise the handler's
/// <see cref="IManufacturerImageHasher"/> computes it from the image.
/// </param>
public sealed record FirmwareUpdateRequest(
    string RequestId,
    FirmwareUpdateKind Kind,
    string FirmwareImageBase64,
    string FirmwareVersion,
    IReadOnlyList<Eui64> DeviceIds,
    string? ManufacturerImageHash = null);

/// <summary>
/// What happened to one listed device. The names follow the DUIS DSPUpdatePPMIDFirmwareWarning /
/// DSPUpdateFirmwareWarning lists a device is reported in.
/// </summary>
public enum FirmwareDeviceOutcome
{
    /// <summary>Queued for distribution.</summary>
    Queued,

    /// <summary>InvalidDeviceIDList: not in the inventory, or a device type this SRV does not update.</summary>
    InvalidDevice,

    /// <summary>NotCommissionedDeviceIDList: not Commissioned, or on no Comms Hub.</summary>
    NotCommissioned,

    /// <summary>NotApplicableFirmwareDeviceIDList: the image's hash is not on the CPL for the device's model (requirement 12).</summary>
    NotApplicableFirmware,

    /// <summary>OtherRequestInProgressList: an update is already in progress for the device (SECMP0170 §4.2).</summary>
    OtherRequestInProgress,
}

/// <summary>One listed device's outcome and the reason in words.</summary>
public sealed record FirmwareDeviceReport(Eui64 DeviceId, FirmwareDeviceOutcome Outcome, string Reason);

/// <summary>11.4/11.1's outcome: the request row (when anything was queued) and a report per listed device.</summary>
public sealed record FirmwareUpdateResult(
    string ResponseCode,
    string Message,
    FirmwareRequestRecord? Request,
    IReadOnlyList<FirmwareDeviceReport> Devices) : ServiceResult(ResponseCode, Message)
{
    /// <summary>The devices reported with <paramref name="outcome"/>.</summary>
    public IReadOnlyList<Eui64> With(FirmwareDeviceOutcome outcome) =>
        Devices.Where(d => d.Outcome == outcome).Select(d => d.DeviceId).ToList();
}

/// <summary>
/// Handles SRV 11.4 and 11.1: checks the image and every device, then queues the image for the devices that
/// can take it (in one transaction) and reports the others; the distribution engine takes it from the queue.
/// </summary>
public sealed class FirmwareUpdateHandler(InventoryStore store, IManufacturerImageHasher? hasher = null, ServiceRequestSettings? settings = null)
{
    private readonly ServiceRequestSettings _settings = settings ?? ServiceRequestSettings.Default;

    /// <summary>Validates the request; refuses it whole (nothing queued) or queues it for the devices that pass.</summary>
    public FirmwareUpdateResult Handle(FirmwareUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Codes codes = Codes.For(request.Kind);
        string srv = codes.ServiceReferenceVariant;
        string targets = string.Join(",", request.DeviceIds);

        // Image checks need no inventory: done first, and the Base64 length before any decoding.
        FirmwareUpdateResult? refusal = CheckImage(request, codes, out byte[]? image, out string? hash);
        if (refusal is not null)
        {
            return store.Write(session => Audited.Finish(session, request.RequestId, srv, targets, refusal));
        }

        // Hex digits in any case name the header's version (CheckImage); stored and reported as the inventory writes
        // versions (FirmwareVersionText: upper case), so N39, N62 and the inventory never carry "0002000a" beside "0002000A".
        FirmwareUpdateRequest normalised = request with { FirmwareVersion = request.FirmwareVersion.ToUpperInvariant() };
        return store.Write(session =>
        {
            FirmwareUpdateResult result = Enqueue(session, normalised, codes, image!, hash!);
            return Audited.Finish(session, request.RequestId, srv, targets, result);
        });
    }

    private FirmwareUpdateResult? CheckImage(FirmwareUpdateRequest request, Codes codes, out byte[]? image, out string? hash)
    {
        image = null;
        hash = null;
        int length = request.FirmwareImageBase64?.Length ?? 0;
        if (length > _settings.FirmwareImageBase64Limit)
        {
            long maxBytes = Base64Size.MaxImageBytes(_settings.FirmwareImageBase64Limit);
            return Refuse(codes.TooLarge, $"FirmwareImage is {length:N0} Base64 characters; the limit is {_settings.FirmwareImageBase64Limit:N0} (an image of at most {maxBytes:N0} bytes)");
        }

        if (!DuisFieldRules.IsFirmwareVersion(request.FirmwareVersion))
        {
            return Refuse(codes.Unreadable, $"FirmwareVersion '{request.FirmwareVersion}' must be 1–8 characters");
        }

        if (request.DeviceIds.Count == 0)
        {
            return Refuse(codes.NoDevice, "DeviceIDList is empty");
        }

        if (string.IsNullOrEmpty(request.FirmwareImageBase64))
        {
            return Refuse(codes.Unreadable, "FirmwareImage is empty");
        }

        try
        {
            image = Convert.FromBase64String(request.FirmwareImageBase64);
        }
        catch (FormatException)
        {
            return Refuse(codes.Unreadable, "FirmwareImage is not valid Base64");
        }

        if (request.ManufacturerImageHash is { } given)
        {
            try
            {
                hash = CentralProductList.NormaliseHash(given);
            }
            catch (ArgumentException e)
            {
                return Refuse(codes.Unreadable, e.Message);
            }
        }
        else if (hasher is null)
        {
            return Refuse(codes.Unreadable, "no Manufacturer Image hash was given and no image parser is configured to compute one");
        }
        else if (hasher.TryComputeManufacturerImageHash(image, request.Kind, out byte[]? sha256, out string? problem))
        {
            hash = Convert.ToHexStringLower(sha256);
        }
        else
        {
            return Refuse(codes.Unreadable, $"the Manufacturer Image could not be found in the image: {problem}");
        }

        // The device runs, and reports in CS08 and 0x8F8B, the file version of the header it received: a request naming
        // another version would end in N62/N39 for a version the device does not run.
        if (FirmwareVersionText.Disagreement(image, request.FirmwareVersion, "FirmwareVersion") is { } mismatch)
        {
            return Refuse(codes.VersionMismatch, mismatch);
        }

        return null;

        static FirmwareUpdateResult Refuse(string code, string message) => new(code, message, null, []);
    }

    private static FirmwareUpdateResult Enqueue(InventorySession session, FirmwareUpdateRequest request, Codes codes, byte[] image, string hash)
    {
        if (session.Firmware.FindRequest(request.RequestId) is not null)
        {
            return new FirmwareUpdateResult(codes.NoDevice, $"RequestID {request.RequestId} was already used for a firmware request", null, []);
        }

        var reports = new List<FirmwareDeviceReport>();
        var targets = new List<FirmwareTarget>();
        foreach (Eui64 deviceId in request.DeviceIds.Distinct())
        {
            FirmwareDeviceReport report = Classify(session, deviceId, request, hash, out FirmwareTarget? target);
            reports.Add(report);
            if (target is not null)
            {
                targets.Add(target);
            }
        }

        string summary = string.Join("; ", reports.Where(r => r.Outcome != FirmwareDeviceOutcome.Queued).Select(r => $"{r.DeviceId}: {r.Reason}"));
        if (targets.Count == 0)
        {
            return new FirmwareUpdateResult(codes.NoDevice, $"no listed device can take the image ({summary})", null, reports);
        }

        FirmwareRequestRecord record = session.Firmware.Enqueue(request.RequestId, codes.ServiceReferenceVariant, request.FirmwareVersion, hash, image, targets);
        string queued = $"image {hash[..16]}… version {request.FirmwareVersion} queued for {targets.Count} device(s)";
        return targets.Count == reports.Count
            ? new FirmwareUpdateResult(DuisResponseCodes.Acknowledged, queued, record, reports)
            : new FirmwareUpdateResult(codes.PartlyAccepted, $"{queued}; not for {reports.Count - targets.Count}: {summary}", record, reports);
    }

    private static FirmwareDeviceReport Classify(InventorySession session, Eui64 deviceId, FirmwareUpdateRequest request, string hash, out FirmwareTarget? target)
    {
        target = null;
        FirmwareUpdateKind kind = request.Kind;
        if (session.Devices.Find(deviceId) is not { } device)
        {
            return new(deviceId, FirmwareDeviceOutcome.InvalidDevice, "not in the inventory");
        }

        // SECMP0170 §4.2: "DCC Total Systems will determine the Device Type using the data held in SMI".
        bool typeFits = kind == FirmwareUpdateKind.UpdatePpmidFirmware
            ? DeviceTypes.IsType1(device.Type)
            : device.Type is DeviceType.ESME or DeviceType.GSME or DeviceType.CHF;
        if (!typeFits)
        {
            string srv = kind == FirmwareUpdateKind.UpdatePpmidFirmware ? "11.4 updates PPMID/HCALCS (Alt HAN included)" : "11.1 updates ESME/GSME/CHF";
            return new(deviceId, FirmwareDeviceOutcome.InvalidDevice, $"a {device.Type}; {srv}");
        }

        Eui64? hub = device.Type == DeviceType.CHF ? device.DeviceId : device.CommsHubId;
        if (device.Status != DeviceStatus.Commissioned || hub is null)
        {
            return new(deviceId, FirmwareDeviceOutcome.NotCommissioned, hub is null ? $"{device.Status} and on no Comms Hub" : $"{device.Status}, not Commissioned");
        }

        // SECMP0170 §3.4 requirement 12: only images known on the CPL for this model are sent, and known as the version
        // the request names (the CPL entry, the request and the file's header name one version).
        if (session.Cpl.FindActiveImage(device.Manufacturer, device.Model, hash, request.FirmwareVersion) is not { } entry)
        {
            IReadOnlyList<string> listedAs = session.Cpl.ActiveVersionsOf(device.Manufacturer, device.Model, hash);
            return new(deviceId, FirmwareDeviceOutcome.NotApplicableFirmware, listedAs.Count == 0
                ? $"image hash is not on the Central Product List for {device.Manufacturer}/{device.Model}"
                : $"the image is on the Central Product List for {device.Manufacturer}/{device.Model} as version {string.Join(", ", listedAs)}, not {request.FirmwareVersion}");
        }

        if (session.Firmware.ActiveFor(deviceId) is { } active)
        {
            return new(deviceId, FirmwareDeviceOutcome.OtherRequestInProgress, $"an update is already in progress (request row {active.RequestRowId}, {active.State})");
        }

        target = new FirmwareTarget(deviceId, hub.Value, entry.Component);
        return new(deviceId, FirmwareDeviceOutcome.Queued, $"queued ({entry.Component} {entry.FirmwareVersion}) via Comms Hub {hub}");
    }

    private sealed record Codes(string ServiceReferenceVariant, string TooLarge, string Unreadable, string VersionMismatch, string NoDevice, string PartlyAccepted)
    {
        private static readonly Codes Ppmid = new(
            ServiceReferenceVariants.UpdatePpmidFirmware,
            DuisResponseCodes.UpdatePpmidFirmwareImageTooLarge,
            DuisResponseCodes.UpdatePpmidFirmwareImageUnreadable,
            DuisResponseCodes.UpdatePpmidFirmwareVersionMismatch,
            DuisResponseCodes.UpdatePpmidFirmwareNoDeviceAccepted,
            DuisResponseCodes.UpdatePpmidFirmwarePartlyAccepted);

        private static readonly Codes Meter = new(
            ServiceReferenceVariants.UpdateFirmware,
            DuisResponseCodes.UpdateFirmwareImageTooLarge,
            DuisResponseCodes.UpdateFirmwareImageUnreadable,
            DuisResponseCodes.UpdateFirmwareVersionMismatch,
            DuisResponseCodes.UpdateFirmwareNoDeviceAccepted,
            DuisResponseCodes.UpdateFirmwarePartlyAccepted);

        public static Codes For(FirmwareUpdateKind kind) => kind == FirmwareUpdateKind.UpdatePpmidFirmware ? Ppmid : Meter;
    }
}
