using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Csp;

/// <summary>A CCS08 Firmware Transfer alert from the Comms Hub (0x8F8A success, 0x8F89 failure) about a HAN device's transfer.</summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Hub">The hub that raised it (the GBCS originator).</param>
/// <param name="AlertCode">0x8F8A or 0x8F89.</param>
/// <param name="Device">The HAN device the transfer was to (the alert's entity).</param>
/// <param name="FirmwareVersion">The image's version.</param>
/// <param name="Response">The transfer's response code.</param>
/// <param name="HubTime">The execution time the alert carries, when valid.</param>
public sealed record HubTransferAlert(long AtMs, ulong Hub, ushort AlertCode, ulong Device, uint FirmwareVersion, FirmwareTransferResponseCode Response, DateTimeOffset? HubTime);

/// <summary>A 0x8F8B PPMID/HCALCS Firmware Activation alert from a device (a PPMID, HCALCS or Alt HAN bridge).</summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Device">The device (the GBCS originator).</param>
/// <param name="FirmwareVersion">The version it now runs (or still runs, on failure).</param>
/// <param name="Result">Success or failure.</param>
/// <param name="DeviceTime">The time the alert carries, when valid.</param>
public sealed record DeviceActivationAlert(long AtMs, ulong Device, uint FirmwareVersion, PpmidFirmwareActivationResult Result, DateTimeOffset? DeviceTime);

/// <summary>
/// The outcome of a future-dated CS06 (RTDS 11.3 FUTURE_DATED, message code 0x00CA): 0x8F66 actioned or 0x8F67 not
/// actioned.
/// </summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Device">The device that activated (or not): the GBCS originator.</param>
/// <param name="AlertCode">0x8F66 or 0x8F67.</param>
/// <param name="CommandCounter">The originator counter of the CS06 it reports on.</param>
/// <param name="Response">The CS06 response code, when the alert carries one.</param>
/// <param name="FirmwareVersion">The version the device runs.</param>
/// <param name="ExecutionTime">The execution date-time (UTC), when valid.</param>
public sealed record HubActivationOutcome(long AtMs, ulong Device, ushort AlertCode, ulong CommandCounter, ActivateFirmwareResponseCode? Response, uint FirmwareVersion, DateTimeOffset? ExecutionTime);
