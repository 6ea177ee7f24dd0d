namespace HanBench.Host.Alerts;

/// <summary>
/// The DCC alert codes HanBench issues, as the DUIS 5.4 <c>sr:DCCAlertCode</c> enumeration spells them
/// (docs/PROTOCOL.md §4). Every one is in that enumeration, so an alert carrying it validates.
/// </summary>
public static class DccAlertCodes
{
    /// <summary>PPMID firmware activation (from device alert 0x8F8B; SECMP0170 §4.2: also for Alt HAN bridges). Body <c>PPMIDAlert</c>.</summary>
    public const string PpmidAlert = "N39";

    /// <summary>HanBench choice (docs/PROTOCOL.md §4): the CSP delivered the image to the Comms Hub. Body <c>CSPFirmwareDeliveryStatus</c> (Success).</summary>
    public const string CspDeliverySucceeded = "N59";

    /// <summary>HanBench choice (docs/PROTOCOL.md §4): the CSP failed to deliver the image to the Comms Hub. Body <c>CSPFirmwareDeliveryStatus</c> (Failure).</summary>
    public const string CspDeliveryFailed = "N60";

    /// <summary>HanBench choice (docs/PROTOCOL.md §4): the delivery was cancelled or expired. Body <c>CSPFirmwareDeliveryStatus</c> (Failure).</summary>
    public const string CspDeliveryCancelledOrExpired = "N61";

    /// <summary>Comms Hub firmware transfer to a HAN device (from 0x8F8A/0x8F89, CCS08). Body <c>CommsHubAlert</c> with <c>FirmwareTransferAlert</c>.</summary>
    public const string CommsHubFirmwareTransfer = "N62";

    /// <summary>SECMP0024 §4.1: a Comms Hub runs a new firmware version after CS06. Body <c>CommsHubFirmwareActivation</c>.</summary>
    public const string CommsHubFirmwareActivation = "N64";

    /// <summary>
    /// DUIS version mismatch: the alert a Service User gets when its DUIS version does not know the alert it should
    /// have had (SECMP0024 §4.1 for N64). Body <c>DUISVersionMismatch</c>.
    /// </summary>
    public const string DuisVersionMismatch = "N999";

    /// <summary>
    /// Not a DCC alert: the outbox row of a later DUIS response (<c>sr:Response</c> for a request acknowledged with I99
    /// and carried out afterwards, such as a queued credential request), delivered the way alerts are. Not in
    /// <see cref="All"/>.
    /// </summary>
    public const string LaterResponse = "Response";

    /// <summary>Every DCC alert code above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PpmidAlert, CspDeliverySucceeded, CspDeliveryFailed, CspDeliveryCancelledOrExpired, CommsHubFirmwareTransfer,
        CommsHubFirmwareActivation, DuisVersionMismatch,
    ];
}
