using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

/// <summary>A GBCS message a <see cref="HubSession"/> received from the Comms Hub (a device response or alert, or a CCS08 alert), decoded.</summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="FrameSource">HAN frame source (the device, or the hub for CCS08).</param>
/// <param name="Cra">Command, response or alert.</param>
/// <param name="MessageCode">GBCS message code.</param>
/// <param name="OriginatorCounter">Originator counter (a response echoes its command's).</param>
/// <param name="Originator">Originator system title.</param>
/// <param name="Recipient">Recipient system title.</param>
public sealed record GbcsRecord(long AtMs, ulong FrameSource, GbcsCraFlag Cra, ushort MessageCode, ulong OriginatorCounter, ulong Originator, ulong Recipient)
{
    /// <summary>CS08 response: the firmware version read.</summary>
    public uint? Cs08Version { get; init; }

    /// <summary>CS08 response: the response code.</summary>
    public ReadFirmwareVersionResponseCode? Cs08ResponseCode { get; init; }

    /// <summary>CS06 response or its 0x8F66/0x8F67 alert: the response code (absent for a bare acknowledgement).</summary>
    public ActivateFirmwareResponseCode? Cs06ResponseCode { get; init; }

    /// <summary>Future-dated CS06 outcome alert (message code 0x00CA): 0x8F66 actioned or 0x8F67 not actioned.</summary>
    public ushort? ActivationAlertCode { get; init; }

    /// <summary>Future-dated CS06 outcome alert: the originator counter of the CS06 it reports on.</summary>
    public ulong? CommandCounter { get; init; }

    /// <summary>CCS08 alert: 0x8F8A or 0x8F89.</summary>
    public ushort? TransferAlertCode { get; init; }

    /// <summary>CCS08 alert: the HAN device the transfer was to.</summary>
    public ulong? TransferEntity { get; init; }

    /// <summary>CCS08 alert: response code.</summary>
    public FirmwareTransferResponseCode? TransferResponse { get; init; }

    /// <summary>CCS08, 0x8F8B, CS06 or its 0x8F66/0x8F67: the firmware version named.</summary>
    public uint? FirmwareVersion { get; init; }

    /// <summary>0x8F8B: activation result.</summary>
    public PpmidFirmwareActivationResult? ActivationResult { get; init; }

    /// <summary>CCS08 or 0x8F8B: the time the alert carries; 0x8F66/0x8F67: the execution date-time (UTC), when valid.</summary>
    public DateTimeOffset? EventTime { get; init; }

    /// <summary>A CS02 response: the GBCS message as received (verified before it was recorded), for <see cref="HubCredentialCalls"/> to read.</summary>
    public byte[]? Message { get; init; }

    /// <summary>Whether the payload decoded (false: the envelope did, its content did not).</summary>
    public bool PayloadDecoded { get; init; } = true;
}

/// <summary>A management message a <see cref="HubSession"/> received (an answer to one of its requests, or unsolicited).</summary>
/// <param name="AtMs">Session time of arrival.</param>
/// <param name="Source">The answering device.</param>
/// <param name="Type">Answer type.</param>
/// <param name="Token">The request's token.</param>
public sealed record ManagementRecord(long AtMs, ulong Source, ManagementMessageType Type, byte Token)
{
    /// <summary>A join/removal answer.</summary>
    public JoinResult? Join { get; init; }

    /// <summary>A distribution answer.</summary>
    public DistributeResult? Distribute { get; init; }

    /// <summary>An acknowledgement.</summary>
    public ManagementAck? Ack { get; init; }

    /// <summary>An identity: role, variant, state and components (component → version).</summary>
    public IdentitySnapshot? Identity { get; init; }

    /// <summary>A state report's run state.</summary>
    public DeviceRunState? State { get; init; }

    /// <summary>A state report in full (transfer in progress, joined devices, active transfers).</summary>
    public StateSnapshot? Report { get; init; }
}

/// <summary>A copy of an <see cref="IdentityReport"/>.</summary>
/// <param name="Role">Role kind.</param>
/// <param name="Variant">Alt HAN variant.</param>
/// <param name="State">Run state.</param>
/// <param name="Eui64">Reported EUI-64.</param>
/// <param name="Components">Component, image type and version of each component.</param>
public sealed record IdentitySnapshot(DeviceRoleKind Role, AltHanVariant Variant, DeviceRunState State, ulong Eui64, IReadOnlyList<(FirmwareComponentId Component, ushort ImageType, uint Version)> Components)
{
    /// <summary>The running version of <paramref name="component"/>, or null when the device has no such component.</summary>
    public uint? VersionOf(FirmwareComponentId component)
    {
        foreach ((FirmwareComponentId id, _, uint version) in Components)
        {
            if (id == component)
            {
                return version;
            }
        }

        return null;
    }
}

/// <summary>A copy of a <see cref="StateReport"/>: the device's own view of the transfer it is receiving.</summary>
/// <param name="State">Run state.</param>
/// <param name="UptimeSeconds">Seconds since the device started.</param>
/// <param name="TransferImage">The image being received (all zero when none).</param>
/// <param name="TransferOffset">Bytes of it received.</param>
/// <param name="TransferSize">Its size.</param>
/// <param name="JoinedDevices">Hub: devices on the whitelist.</param>
/// <param name="ActiveTransfers">Hub: HAN transfers in progress.</param>
public sealed record StateSnapshot(DeviceRunState State, uint UptimeSeconds, ImageIdentity TransferImage, uint TransferOffset, uint TransferSize, byte JoinedDevices, byte ActiveTransfers);

/// <summary>What happened on the OTA server the Comms Hub pulls images from (the CSP → Comms Hub leg).</summary>
public enum HubDeliveryEventKind
{
    /// <summary>The hub asked for an image and was offered one.</summary>
    Started,

    /// <summary>A block went to the hub: <see cref="HubDeliveryEvent.Offset"/> is the highest byte sent.</summary>
    Progress,

    /// <summary>The hub reported Upgrade End SUCCESS: it holds the image (the CSP's N59 moment).</summary>
    Delivered,

    /// <summary>The hub reported Upgrade End with another status (<see cref="HubDeliveryEvent.Status"/>).</summary>
    Ended,

    /// <summary>The hub's download stopped asking for blocks (the server's idle timeout).</summary>
    TimedOut,
}

/// <summary>One event of the hub's download of an image from the host.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="AtMs">Session time.</param>
/// <param name="Client">The downloading hub.</param>
/// <param name="Image">The image.</param>
/// <param name="Offset">Highest byte sent so far.</param>
/// <param name="Size">Image size.</param>
/// <param name="Status">ZCL OTA status of an Upgrade End.</param>
public sealed record HubDeliveryEvent(HubDeliveryEventKind Kind, long AtMs, ulong Client, ImageIdentity Image, uint Offset, uint Size, HanBench.Protocol.Zcl.OtaStatus Status);
