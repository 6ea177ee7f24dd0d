using HanBench.Protocol.Management;

namespace HanBench.Host.Inventory;

/// <summary>One Smart Metering Inventory entry as the host holds it.</summary>
/// <param name="DeviceId">The device's EUI-64.</param>
/// <param name="Type">DUIS device type; an Alt HAN bridge is a <see cref="DeviceType.PPMID"/>.</param>
/// <param name="Status">SMI status.</param>
/// <param name="Manufacturer">DUIS DeviceManufacturer (≤ 30 characters).</param>
/// <param name="Model">DUIS DeviceModel (≤ 30 characters); the key into the Central Product List.</param>
/// <param name="SmetsChtsVersion">DUIS SMETSCHTSVersion, if given.</param>
/// <param name="SmetsVariant">
/// The SMETS Variant field: the ESMEVariant of an ESME or the Alt HAN Device Variant of a PPMID
/// (SECMP0170 §4.4 "Store Alt HAN Variants as SMETS Variant"); null when unset.
/// </param>
/// <param name="CommsHubId">The Comms Hub whose whitelist holds the device (SRV 8.11), if any.</param>
/// <param name="InstallCode">Install code given with the 8.11 add, upper-case hex.</param>
/// <param name="JoinTimePeriodSeconds">Join period given with the 8.11 add.</param>
/// <param name="DateCommissioned">UTC date the device became Commissioned, if it has.</param>
public sealed record DeviceRecord(
    Eui64 DeviceId,
    DeviceType Type,
    DeviceStatus Status,
    string Manufacturer,
    string Model,
    string? SmetsChtsVersion,
    string? SmetsVariant,
    Eui64? CommsHubId,
    string? InstallCode,
    int? JoinTimePeriodSeconds,
    DateOnly? DateCommissioned)
{
    /// <summary>
    /// The Alt HAN Device Variant when this is an Alt HAN bridge: a PPMID whose SMETS variant is B1–B4.
    /// SECMP0170 §4.2: the DSP identifies a bridge only by this value, received via SRV 12.2 (or 8.4).
    /// </summary>
    public AltHanVariant? AltHanVariant =>
        Type == DeviceType.PPMID && AltHanVariants.TryParse(SmetsVariant, out AltHanVariant variant) ? variant : null;

    /// <summary>Whether this device is an Alt HAN point-to-point bridge.</summary>
    public bool IsAltHan => AltHanVariant is not null;
}
