using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Topology;

/// <summary>A GBCS message the host stub received from the Comms Hub (a device response or alert, or a CCS08 alert).</summary>
/// <param name="AtMs">Bench time of arrival.</param>
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

    /// <summary>CCS08 alert: 0x8F8A or 0x8F89.</summary>
    public ushort? TransferAlertCode { get; init; }

    /// <summary>CCS08 alert: the HAN device the transfer was to.</summary>
    public ulong? TransferEntity { get; init; }

    /// <summary>CCS08 alert: response code.</summary>
    public FirmwareTransferResponseCode? TransferResponse { get; init; }

    /// <summary>CCS08 or 0x8F8B: the firmware version named.</summary>
    public uint? FirmwareVersion { get; init; }

    /// <summary>0x8F8B: activation result.</summary>
    public PpmidFirmwareActivationResult? ActivationResult { get; init; }
}

/// <summary>A management answer the host stub received.</summary>
/// <param name="AtMs">Bench time of arrival.</param>
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

    /// <summary>A state report.</summary>
    public DeviceRunState? State { get; init; }
}

/// <summary>A copy of an <see cref="IdentityReport"/>.</summary>
/// <param name="Role">Role kind.</param>
/// <param name="Variant">Alt HAN variant.</param>
/// <param name="State">Run state.</param>
/// <param name="Eui64">Reported EUI-64.</param>
/// <param name="Components">Component, image type and version of each component.</param>
public sealed record IdentitySnapshot(DeviceRoleKind Role, AltHanVariant Variant, DeviceRunState State, ulong Eui64, IReadOnlyList<(FirmwareComponentId Component, ushort ImageType, uint Version)> Components);
