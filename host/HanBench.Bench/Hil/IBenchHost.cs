using HanBench.Bench.Topology;
using HanBench.Host.Csp;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Hil;

/// <summary>
/// What a bench scenario asks of the DCC side, kept to one small seam: <see cref="HubSessionBenchHost"/> puts it on the
/// host's own <see cref="HubSession"/> (HanBench.Host.Csp, the one host-side implementation of the WAN link: OTA server
/// for the hub, management with tokens, GBCS CS08, alert intake). Called on the bench scheduler's thread only.
/// </summary>
public interface IBenchHost
{
    /// <summary>The host's EUI-64 on the WAN link.</summary>
    ulong Eui64 { get; }

    /// <summary>The host's session with the Comms Hub, on which the DCC side (inventory, service requests, distribution engine) runs.</summary>
    HubSession Session { get; }

    /// <summary>Offers a whole OTA file to the Comms Hub, which pulls it; returns its identity.</summary>
    ImageIdentity OfferToHub(byte[] image);

    /// <summary>How many times the hub has finished pulling <paramref name="image"/>.</summary>
    int DeliveredCount(ImageIdentity image);

    /// <summary>Asks the hub to whitelist <paramref name="device"/>; returns the request's token.</summary>
    byte Join(ulong device, HanDeviceType type);

    /// <summary>Asks <paramref name="device"/> who it is; returns the token.</summary>
    byte Ping(ulong device);

    /// <summary>Asks the hub to distribute a held image (Manufacturer Image hash <paramref name="hash"/>) to <paramref name="devices"/>; returns the token.</summary>
    byte Distribute(ImageIdentity image, byte[] hash, IReadOnlyList<ulong> devices);

    /// <summary>Sends CS08 Read Firmware Version to <paramref name="device"/> as the ACB.</summary>
    void ReadFirmwareVersion(ulong device);

    /// <summary>Every management answer received, in order.</summary>
    IReadOnlyList<ManagementRecord> Management { get; }

    /// <summary>Every GBCS response and alert the session took, in order, typed (<see cref="HubTransferAlert"/>, <see cref="DeviceActivationAlert"/>, …).</summary>
    IReadOnlyList<HubGbcsMessage> Gbcs { get; }
}

/// <summary>
/// The <see cref="IBenchHost"/> on the host's <see cref="HubSession"/>, through the bench's <see cref="HostStub"/>, which
/// runs the session's timers on the bench scheduler and records what comes back. Requests are sent once; the runner
/// resends what a restarting device dropped.
/// </summary>
public sealed class HubSessionBenchHost(HostStub stub) : IBenchHost
{
    /// <summary>The stub (its <see cref="HostStub.Session"/> is the host's session).</summary>
    public HostStub Stub { get; } = stub ?? throw new ArgumentNullException(nameof(stub));

    /// <inheritdoc />
    public ulong Eui64 => Stub.Eui64;

    /// <inheritdoc />
    public HubSession Session => Stub.Session;

    /// <inheritdoc />
    public IReadOnlyList<ManagementRecord> Management => Stub.Management;

    /// <inheritdoc />
    public IReadOnlyList<HubGbcsMessage> Gbcs => Stub.Gbcs;

    /// <inheritdoc />
    public ImageIdentity OfferToHub(byte[] image) => Stub.Deliver(image);

    /// <inheritdoc />
    public int DeliveredCount(ImageIdentity image) => Stub.Delivered.Count(d => d.SameAs(image));

    /// <inheritdoc />
    public byte Join(ulong device, HanDeviceType type) => Stub.Join(device, type);

    /// <inheritdoc />
    public byte Ping(ulong device) => Stub.Ping(device);

    /// <inheritdoc />
    public byte Distribute(ImageIdentity image, byte[] hash, IReadOnlyList<ulong> devices) => Stub.Distribute(image, hash, [.. devices]);

    /// <inheritdoc />
    public void ReadFirmwareVersion(ulong device) => Stub.SendCs08(device);
}
