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

    /// <summary>
    /// Sends CS06 Activate Firmware (GBCS 0x0012) for the image with <paramref name="manufacturerImageHash"/> (32 bytes)
    /// and returns the device's answer (SRV 11.3; SECMP0024 §4.1: the CSP sends it to a Comms Hub via its management
    /// gateway). A gateway that cannot send CS06 answers <see cref="FirmwareVersionReadStatus.Unreachable"/>, which is
    /// what this default does, so gateways written before 11.3 keep compiling and say so instead of pretending.
    /// </summary>
    Task<FirmwareActivationReply> ActivateFirmwareAsync(Eui64 deviceId, byte[] manufacturerImageHash, CancellationToken cancellationToken) =>
        Task.FromResult(new FirmwareActivationReply(FirmwareVersionReadStatus.Unreachable, null, null, $"{GetType().Name} does not send CS06 Activate Firmware"));

    /// <summary>
    /// Sends the GBCS CS02 command <paramref name="request"/> maps to (supplier-signed and MAC'd as the ACB where GBCS
    /// says so), checks the device's response before reading it, and on a replacement the device accepted switches the
    /// host's own keys for that device to the new credentials. This default answers unreachable, like CS06's.
    /// </summary>
    Task<CredentialReply> ManageCredentialsAsync(CredentialRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(CredentialReply.Unreachable($"{GetType().Name} does not send CS02 credential commands"));
}

/// <summary>A CS06 round trip: the device's response code and running version when it answered, otherwise why not.</summary>
/// <param name="Status">Whether the device answered (<see cref="FirmwareVersionReadStatus.Read"/>), did not, or could not be reached.</param>
/// <param name="ResponseCode">CS06 response code (GBCS: 0 success, 1 no image held, 2 hash mismatch, 3 activation failure).</param>
/// <param name="FirmwareVersion">The firmware version the device now runs (4 octets as 8 hex digits), when answered.</param>
/// <param name="Detail">What went wrong, when not answered.</param>
public sealed record FirmwareActivationReply(
    FirmwareVersionReadStatus Status,
    HanBench.Protocol.Gbcs.ActivateFirmwareResponseCode? ResponseCode,
    string? FirmwareVersion,
    string? Detail = null)
{
    /// <summary>A device answer.</summary>
    public static FirmwareActivationReply Answered(HanBench.Protocol.Gbcs.ActivateFirmwareResponseCode code, string firmwareVersion) =>
        new(FirmwareVersionReadStatus.Read, code, firmwareVersion);
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
