using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Csp;

/// <summary>The Grouping Header fields of a GBCS message the host received (GBCS 7.2.8), as the sender wrote them.</summary>
/// <param name="Cra">Command, response or alert.</param>
/// <param name="MessageCode">GBCS message code.</param>
/// <param name="OriginatorCounter">Originator counter (a response echoes its command's).</param>
/// <param name="Originator">Originator system title.</param>
/// <param name="Recipient">Recipient system title.</param>
public readonly record struct GbcsHeader(GbcsCraFlag Cra, ushort MessageCode, ulong OriginatorCounter, ulong Originator, ulong Recipient);

/// <summary>
/// A GBCS response or alert a <see cref="HubSession"/> took from the Comms Hub after checking its origin
/// (<see cref="HubGbcsCalls"/>), decoded: one of the typed messages below, or this base record for one HanBench does not
/// read (or whose content did not decode; a <see cref="GbcsCall"/> it answers still ends with it).
/// </summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Header">Its Grouping Header.</param>
public record HubGbcsMessage(long AtMs, GbcsHeader Header);

/// <summary>A CS08 Read PPMID/HCALCS Firmware Version response.</summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Header">Its Grouping Header (the device is the originator).</param>
/// <param name="ResponseCode">The response code.</param>
/// <param name="FirmwareVersion">The version read.</param>
public sealed record FirmwareVersionResponse(long AtMs, GbcsHeader Header, ReadFirmwareVersionResponseCode ResponseCode, uint FirmwareVersion) : HubGbcsMessage(AtMs, Header);

/// <summary>A CS06 Activate Firmware response: the outcome, or the bare acknowledgement of a future-dated CS06 (both null).</summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Header">Its Grouping Header (the device is the originator).</param>
/// <param name="ResponseCode">The outcome, null for an acknowledgement.</param>
/// <param name="FirmwareVersion">The version the device runs, null for an acknowledgement.</param>
public sealed record FirmwareActivationResponse(long AtMs, GbcsHeader Header, ActivateFirmwareResponseCode? ResponseCode, uint? FirmwareVersion) : HubGbcsMessage(AtMs, Header);

/// <summary>A CS02 credential response, kept whole (its origin already verified) for <see cref="HubCredentialCalls"/> to read.</summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Header">Its Grouping Header.</param>
/// <param name="Message">The GBCS message as received.</param>
public sealed record CredentialResponse(long AtMs, GbcsHeader Header, byte[] Message) : HubGbcsMessage(AtMs, Header);

/// <summary>A CCS08 Firmware Transfer alert from the Comms Hub (0x8F8A success, 0x8F89 failure) about a HAN device's transfer.</summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Header">Its Grouping Header (the hub is the originator).</param>
/// <param name="AlertCode">0x8F8A or 0x8F89.</param>
/// <param name="Device">The HAN device the transfer was to (the alert's entity).</param>
/// <param name="FirmwareVersion">The image's version.</param>
/// <param name="Response">The transfer's response code.</param>
/// <param name="HubTime">The execution time the alert carries, when valid.</param>
public sealed record HubTransferAlert(long AtMs, GbcsHeader Header, ushort AlertCode, ulong Device, uint FirmwareVersion, FirmwareTransferResponseCode Response, DateTimeOffset? HubTime)
    : HubGbcsMessage(AtMs, Header)
{
    /// <summary>The hub that raised it (the GBCS originator).</summary>
    public ulong Hub => Header.Originator;
}

/// <summary>A 0x8F8B PPMID/HCALCS Firmware Activation alert from a device (a PPMID, HCALCS or Alt HAN bridge).</summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Header">Its Grouping Header (the device is the originator).</param>
/// <param name="FirmwareVersion">The version it now runs (or still runs, on failure).</param>
/// <param name="Result">Success or failure.</param>
/// <param name="DeviceTime">The time the alert carries, when valid.</param>
public sealed record DeviceActivationAlert(long AtMs, GbcsHeader Header, uint FirmwareVersion, PpmidFirmwareActivationResult Result, DateTimeOffset? DeviceTime)
    : HubGbcsMessage(AtMs, Header)
{
    /// <summary>The device (the GBCS originator).</summary>
    public ulong Device => Header.Originator;
}

/// <summary>
/// The outcome of a future-dated CS06 (RTDS 11.3 FUTURE_DATED, message code 0x00CA): 0x8F66 actioned or 0x8F67 not
/// actioned.
/// </summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Header">Its Grouping Header (the device that activated, or not, is the originator).</param>
/// <param name="AlertCode">0x8F66 or 0x8F67.</param>
/// <param name="CommandCounter">The originator counter of the CS06 it reports on.</param>
/// <param name="Response">The CS06 response code, when the alert carries one.</param>
/// <param name="FirmwareVersion">The version the device runs.</param>
/// <param name="ExecutionTime">The execution date-time (UTC), when valid.</param>
public sealed record HubActivationOutcome(long AtMs, GbcsHeader Header, ushort AlertCode, ulong CommandCounter, ActivateFirmwareResponseCode? Response, uint FirmwareVersion, DateTimeOffset? ExecutionTime)
    : HubGbcsMessage(AtMs, Header)
{
    /// <summary>The device (the GBCS originator).</summary>
    public ulong Device => Header.Originator;
}
