namespace HanBench.Host.ServiceRequests;

/// <summary>
/// The DUIS response codes HanBench returns. Every value is in the DUIS 5.4 <c>sr:ResponseCode</c> enumeration,
/// so a response carrying it validates. Where the meaning is DUIS's own it says "DUIS"; where the public material
/// gives the code but not (all of) its meaning for the case, the choice is HanBench's and says so.
/// </summary>
public static class DuisResponseCodes
{
    /// <summary>DUIS: success — the request had a successful outcome.</summary>
    public const string Success = "I0";

    /// <summary>DUIS: acknowledgement — accepted for processing that continues (e.g. a firmware distribution queued).</summary>
    public const string Acknowledged = "I99";

    /// <summary>
    /// DUIS: failed authorisation — invalid User / User Role (not a valid SEC party and role). HanBench choice: also
    /// every signature failure (unsigned, malformed, wrong value, unknown certificate) and a signer that is not the
    /// RequestID's originator or not a registered Service User: the public DUIS material gives no separate code.
    /// </summary>
    public const string FailedAuthentication = "E1";

    /// <summary>
    /// A RequestID whose counter is not above every counter its originator used before (a replayed or reused request,
    /// DCC's rule). HanBench choice: E1, the code for a request the DCC does not accept from that user; the public
    /// DUIS material gives no separate code.
    /// </summary>
    public const string RequestIdNotIncreasing = "E1";

    /// <summary>DUIS: failed authorisation — the User Role may not send the service reference.</summary>
    public const string RoleNotPermitted = "E2";

    /// <summary>DUIS: failed authorisation — the User / User Role is not authorised for the device (not its responsible supplier).</summary>
    public const string NotAuthorisedForDevice = "E4";

    /// <summary>DUIS: failed authorisation — the device's SMI status is incompatible with the service reference.</summary>
    public const string InvalidDeviceStatus = "E5";

    /// <summary>
    /// DUIS: failed validation — the service reference is not compatible with the specified device. Used for
    /// SRV 8.7.2/8.8.2/8.9 addressed to an Alt HAN device (SECMP0170 §4.2/§4.4: "validation for SRVs 8.7.2, 8.8.2 and
    /// 8.9 will prevent these from being used for a PPMID when AltHANVariant is set" — the DSP's own code for that new
    /// check is not public; E11 is HanBench's choice) and for device types a request does not apply to.
    /// </summary>
    public const string NotApplicableToDevice = "E11";

    /// <summary>DUIS: failed validation — the command variant is not applicable to the request type.</summary>
    public const string InvalidCommandVariant = "E12";

    /// <summary>
    /// DUIS: request type not valid for this interface. HanBench choice: returned for DUIS features the bench does
    /// not implement (e.g. Read Inventory by UPRN, future-dated requests, joining devices by 8.7.2), so nothing
    /// pretends to have happened.
    /// </summary>
    public const string NotSupportedByHanBench = "E13";

    /// <summary>DUIS: failed authorisation — the device does not exist (device ID not in the inventory).</summary>
    public const string UnknownDevice = "E19";

    /// <summary>DUIS: communications failure — the DCC systems cannot establish communications with the device.</summary>
    public const string CannotCommunicate = "E20";

    /// <summary>DUIS: communications failure — no response received from the device.</summary>
    public const string NoResponse = "E21";

    /// <summary>HanBench choice (8.2): Read Inventory found nothing to return.</summary>
    public const string ReadInventoryNothingFound = "E080201";

    /// <summary>HanBench choice (8.4): the requested status is not one 8.4 may set for this device type.</summary>
    public const string UpdateInventoryInvalidStatus = "E080405";

    /// <summary>HanBench choice (8.4): a variant that does not fit the device (Alt HAN variant on a non-PPMID, ESME variant on a non-ESME).</summary>
    public const string UpdateInventoryInvalidVariant = "E080406";

    /// <summary>HanBench choice (8.4): DeleteDevice on a device that is not Pending.</summary>
    public const string UpdateInventoryDeleteNotPending = "E080407";

    /// <summary>HanBench choice (8.11): join time period or install code out of range.</summary>
    public const string HanLogInvalidJoinDetails = "E081101";

    /// <summary>HanBench choice (8.11): the device is already on another Comms Hub's whitelist.</summary>
    public const string HanLogDeviceOnAnotherHub = "E081102";

    /// <summary>HanBench choice (8.11): the Comms Hub already holds six Type 1 devices (SECMP0170 §4.2).</summary>
    public const string HanLogType1LimitReached = "E081104";

    /// <summary>HanBench choice (8.11 remove): the device is not on this Comms Hub's whitelist.</summary>
    public const string HanLogDeviceNotOnHub = "E081105";

    /// <summary>HanBench choice (11.1): no listed device can take the image (all reported in DSPUpdateFirmwareWarning).</summary>
    public const string UpdateFirmwareNoDeviceAccepted = "E110101";

    /// <summary>HanBench choice (11.1): the image cannot be read (not Base64, or no Manufacturer Image hash).</summary>
    public const string UpdateFirmwareImageUnreadable = "E110102";

    /// <summary>
    /// HanBench choice (11.1): FirmwareVersion is not the file version in the image's OTA header, so the device would run
    /// another version than the one the request, the CPL entry and every later alert name.
    /// </summary>
    public const string UpdateFirmwareVersionMismatch = "E110103";

    /// <summary>
    /// HanBench inference (11.1): the image exceeds the Base64 limit. E110405 is the 11.4 code SECMP0170 names; the
    /// 5.4 enumeration has E110105 in the matching place for 11.1.
    /// </summary>
    public const string UpdateFirmwareImageTooLarge = "E110105";

    /// <summary>HanBench choice (11.1): accepted for some devices; the others are listed in DSPUpdateFirmwareWarning.</summary>
    public const string UpdateFirmwarePartlyAccepted = "W110101";

    /// <summary>HanBench choice (11.4): no listed device can take the image (all reported in DSPUpdatePPMIDFirmwareWarning).</summary>
    public const string UpdatePpmidFirmwareNoDeviceAccepted = "E110401";

    /// <summary>HanBench choice (11.4): the image cannot be read (not Base64, or no Manufacturer Image hash).</summary>
    public const string UpdatePpmidFirmwareImageUnreadable = "E110402";

    /// <summary>HanBench choice (11.4): FirmwareVersion is not the file version in the image's OTA header (as E110103).</summary>
    public const string UpdatePpmidFirmwareVersionMismatch = "E110403";

    /// <summary>
    /// DUIS validation (SECMP0170 §4.3): the firmware image exceeds the Base64 limit — 1,024,000 characters by default,
    /// about 750 KB of binary.
    /// </summary>
    public const string UpdatePpmidFirmwareImageTooLarge = "E110405";

    /// <summary>HanBench choice (11.4): accepted for some devices; the others are listed in DSPUpdatePPMIDFirmwareWarning.</summary>
    public const string UpdatePpmidFirmwarePartlyAccepted = "W110401";

    /// <summary>HanBench choice (12.2): the device is already in the inventory.</summary>
    public const string PrenotificationDuplicate = "E120201";

    /// <summary>HanBench choice (12.2): a variant that does not fit the device type, or details out of range.</summary>
    public const string PrenotificationInvalidDetails = "E120203";

    /// <summary>Every code above, for checks against the schema's enumeration.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Success, Acknowledged, InvalidDeviceStatus, NotApplicableToDevice, InvalidCommandVariant, NotSupportedByHanBench,
        UnknownDevice, CannotCommunicate, NoResponse, ReadInventoryNothingFound, UpdateInventoryInvalidStatus,
        UpdateInventoryInvalidVariant, UpdateInventoryDeleteNotPending, HanLogInvalidJoinDetails, HanLogDeviceOnAnotherHub,
        HanLogType1LimitReached, HanLogDeviceNotOnHub, UpdateFirmwareNoDeviceAccepted, UpdateFirmwareImageUnreadable,
        UpdateFirmwareVersionMismatch, UpdateFirmwareImageTooLarge, UpdateFirmwarePartlyAccepted, UpdatePpmidFirmwareNoDeviceAccepted,
        UpdatePpmidFirmwareImageUnreadable, UpdatePpmidFirmwareVersionMismatch, UpdatePpmidFirmwareImageTooLarge, UpdatePpmidFirmwarePartlyAccepted,
        PrenotificationDuplicate, PrenotificationInvalidDetails,
    ];
}
