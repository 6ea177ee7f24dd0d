using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

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
