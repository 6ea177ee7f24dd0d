using HanBench.Host.Inventory;

namespace HanBench.Host.ServiceRequests;

/// <summary>
/// The host's way to a device, seen by the service-request handlers. The CSP engine (a later wave) implements it
/// over the WAN link to the Comms Hub; tests use a fake.
/// </summary>
public interface IDeviceGateway
{
    /// <summary>
    /// Reads the firmware version a device runs: CS08 for a PPMID/HCALCS or Alt HAN bridge (GBCS 0x0129, via the
    /// Unknown Remote Party pattern, SECMP0170 §4.2), ECS52/GCS38 for meters.
    /// </summary>
    Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken);
}

/// <summary>How a firmware version read ended.</summary>
public enum FirmwareVersionReadStatus
{
    /// <summary>The device answered with its version.</summary>
    Read,

    /// <summary>The command went out but the device did not answer (DUIS E21).</summary>
    NoResponse,

    /// <summary>The device could not be reached at all (DUIS E20).</summary>
    Unreachable,
}

/// <summary>A firmware version read: the version on success, otherwise why not.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="FirmwareVersion">The version the device reported (CS08: 4 octets, as 8 hex digits) when <see cref="FirmwareVersionReadStatus.Read"/>.</param>
/// <param name="Detail">What went wrong, for the message, when not read.</param>
public sealed record FirmwareVersionReading(FirmwareVersionReadStatus Status, string? FirmwareVersion, string? Detail = null)
{
    /// <summary>A successful read.</summary>
    public static FirmwareVersionReading Of(string firmwareVersion) => new(FirmwareVersionReadStatus.Read, firmwareVersion);
}
