using HanBench.Bench.Devices;
using HanBench.Bench.Time;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Host.Csp;
using HanBench.Host.Keys;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Protocol.Transfer;

namespace HanBench.Bench.Topology;

/// <summary>
/// The DCC side of a bench: the host's own <see cref="HubSession"/> (HanBench.Host.Csp) on the Comms Hub's WAN link —
/// the one host-side implementation of the OTA server, management requests and GBCS commands — plus a record of
/// everything that came back, for scenario tests and benchmarks. The distribution engine and the demo attach to
/// <see cref="Session"/>. The stub drives the session's timers itself on the bench scheduler with its own
/// <see cref="RoleDriver"/> (HubSession is a role like any other), re-armed on the session's WakeRequested, so a request
/// made between runs (outside a tick) still has its time-out and retries.
/// </summary>
public sealed class HostStub : IDeviceRole
{
    private readonly MemoryOriginatorCounter? _counter;
    private readonly RoleDriver _driver;

    /// <summary>
    /// A host stub at <paramref name="eui64"/> talking to the hub <paramref name="hubEui"/> over <paramref name="wan"/>, its
    /// GBCS counters from <paramref name="counters"/> (in memory from 0x1000 if null; a host that restarts needs the
    /// inventory's, <see cref="InventoryOriginatorCounter"/>), its keys those the boards were provisioned with
    /// (<paramref name="provisioning"/>; HanBench's test keys if null); <paramref name="insecure"/> for debugging a device
    /// only (<see cref="HubSessionOptions.Insecure"/>).
    /// </summary>
    public HostStub(
        IScheduler scheduler, ulong eui64, ulong hubEui, IFrameLink wan, IOriginatorCounterSource? counters = null, BoardProvisioning? provisioning = null, bool insecure = false)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(wan);
        _counter = counters is null ? new MemoryOriginatorCounter(0x1000) : null;
        provisioning ??= BoardProvisioning.TestKeys;
        var options = new HubSessionOptions
        {
            HostEui = eui64,
            HubEui = hubEui,
            AcbSystemTitle = RoleSettings.DefaultAcbSystemTitle,
            Keys = provisioning.NewHostGbcsKeys(),
            ManagementKeys = provisioning.ManagementKeys,
            Insecure = insecure,
        };
        Session = new HubSession(wan, scheduler, options, counters ?? _counter);
        Session.GbcsReceived += message =>
        {
            Gbcs.Add(message);
            GbcsReceived?.Invoke(message);
        };
        Session.ManagementReceived += Management.Add;
        Session.Images.Delivery += e =>
        {
            if (e.Kind == HubDeliveryEventKind.Delivered)
            {
                Delivered.Add(e.Image);
            }
        };
        _driver = new RoleDriver(scheduler, Session);
        Session.WakeRequested += _driver.Rearm;
    }

    /// <summary>The host's session with the hub (OTA server, management, GBCS, alerts).</summary>
    public HubSession Session { get; }

    /// <summary>The host's EUI-64 on the WAN link.</summary>
    public ulong Eui64 => Session.HostEui;

    /// <summary>The Comms Hub.</summary>
    public ulong HubEui => Session.HubEui;

    /// <summary>System title the stub's GBCS commands come from.</summary>
    public ulong AcbSystemTitle
    {
        get => Session.Options.AcbSystemTitle;
        set => Session.Options.AcbSystemTitle = value;
    }

    /// <summary>Originator counter of the next command (strictly increasing; GBCS); only with the stub's own in-memory counter.</summary>
    /// <exception cref="InvalidOperationException">The stub was given a counter source.</exception>
    public ulong NextCommandCounter
    {
        get => Memory.Peek;
        set => Memory.Peek = value;
    }

    private MemoryOriginatorCounter Memory => _counter ?? throw new InvalidOperationException("this stub takes its counters from the source it was given");

    /// <summary>Every GBCS response and alert the session took, in order, as the typed messages it raised.</summary>
    public List<HubGbcsMessage> Gbcs { get; } = [];

    /// <summary>Every management answer received, in order.</summary>
    public List<ManagementRecord> Management { get; } = [];

    /// <summary>Images the hub finished downloading (Upgrade End Request SUCCESS), in order: the CSP's N59 moment.</summary>
    public List<ImageIdentity> Delivered { get; } = [];

    /// <summary>The OTA server towards the hub.</summary>
    public OtaServer Ota => Session.Images.Ota;

    /// <summary>Frames received that did not decode.</summary>
    public int Malformed => Session.Malformed;

    /// <summary>Raised for each GBCS response and alert the session took.</summary>
    public event Action<HubGbcsMessage>? GbcsReceived;

    /// <inheritdoc />
    /// <remarks>The stub arms its own wake-ups (its session's <see cref="RoleDriver"/>), so the medium's driver never needs to tick it.</remarks>
    public long NextWakeMs => WakeTime.Never;

    /// <inheritdoc />
    public void Start(long nowMs)
    {
        // HubSession.Start does nothing; the session's first wake-up is armed now, as a host that is already running.
        _driver.Rearm();
    }

    /// <inheritdoc />
    public void Tick(long nowMs)
    {
    }

    /// <inheritdoc />
    public void OnFrame(IFrameLink link, HanFrame frame) => _driver.Deliver(link, frame);

    /// <summary>
    /// Stops the stub for good, as a host process killed at this instant: no more ticks, frames or retries (its RAM is
    /// gone). A test then attaches a new stub to the host's node to play the restarted host.
    /// </summary>
    public void Stop() => _driver.Stop();

    /// <summary>Sends a management request built by <paramref name="fill"/> to <paramref name="destination"/>, once; returns its token.</summary>
    public byte SendManagement(ulong destination, ManagementMessageType type, Action<ManagementMessage>? fill = null) =>
        Session.SendManagement(destination, type, fill, policy: Once).Token;

    /// <summary>Asks the hub to whitelist <paramref name="device"/>.</summary>
    public byte Join(ulong device, HanDeviceType type) => Session.Join(device, type, policy: Once).Token;

    /// <summary>Asks <paramref name="device"/> who it is.</summary>
    public byte Ping(ulong device) => Session.Ping(device, policy: Once).Token;

    /// <summary>Asks <paramref name="device"/> to restart after <paramref name="delayMs"/>.</summary>
    public byte Reboot(ulong device, ushort delayMs = 0) => Session.Reboot(device, delayMs, policy: Once).Token;

    /// <summary>Asks the hub to distribute <paramref name="image"/> (Manufacturer Image hash <paramref name="hash"/>) to <paramref name="devices"/>.</summary>
    public byte Distribute(ImageIdentity image, byte[] hash, params ulong[] devices) => Session.Distribute(image, hash, devices, policy: Once).Token;

    /// <summary>Asks the hub to stop distributing <paramref name="image"/> to <paramref name="devices"/>.</summary>
    public byte Cancel(ImageIdentity image, params ulong[] devices) => Session.CancelDistribution(image, devices, policy: Once).Token;

    /// <summary>Sends CS08 Read Firmware Version to <paramref name="device"/> as the ACB, once; returns the bytes sent (for replay tests).</summary>
    public byte[] SendCs08(ulong device, ulong? counter = null) => Session.ReadFirmwareVersion(device, policy: Once, counter: counter).LastMessage;

    /// <summary>
    /// Sends CS06 Activate Firmware for <paramref name="manufacturerImageHash"/> to <paramref name="device"/> as the supplier,
    /// once (now, or at <paramref name="executionDateTime"/>); returns the bytes sent (for replay tests).
    /// </summary>
    public byte[] SendCs06(ulong device, byte[] manufacturerImageHash, GbcsTimestamp? executionDateTime = null) =>
        Session.ActivateFirmware(device, manufacturerImageHash, policy: Once, executionDateTime: executionDateTime).LastMessage;

    /// <summary>
    /// Sends a GBCS command as it is (a replay, a forged one) to <paramref name="device"/>, once, its answer awaited through
    /// the session's call registry like any command's (<see cref="HubGbcsCalls.SendCommand"/>): the host takes only
    /// responses it is waiting for, so a scenario that sends raw commands registers what it expects.
    /// </summary>
    public void SendGbcs(ulong device, byte[] message) => Session.Gbcs.SendCommand(device, message, Once);

    /// <summary>
    /// Offers <paramref name="image"/> (a whole OTA file) to the hub and sends it Image Notify naming it; the hub pulls it.
    /// Returns the identity from its header.
    /// </summary>
    public ImageIdentity Deliver(byte[] image) => Session.Images.DeliverImage(image);

    /// <summary>Makes <paramref name="image"/> available on the server without notifying.</summary>
    public OtaServerImage Offer(byte[] image) => Session.Images.OfferImage(image);

    /// <summary>The management answers of <paramref name="type"/> from <paramref name="source"/>.</summary>
    public IEnumerable<ManagementRecord> AnswersFrom(ulong source, ManagementMessageType type) =>
        Management.Where(m => m.Source == source && m.Type == type);

    /// <summary>CCS08 alerts about <paramref name="device"/>.</summary>
    public IEnumerable<HubTransferAlert> TransferAlertsFor(ulong device) => Gbcs.OfType<HubTransferAlert>().Where(a => a.Device == device);

    /// <summary>0x8F8B alerts from <paramref name="device"/>.</summary>
    public IEnumerable<DeviceActivationAlert> ActivationAlertsFrom(ulong device) => Gbcs.OfType<DeviceActivationAlert>().Where(a => a.Device == device);

    /// <summary>CS08 responses from <paramref name="device"/>.</summary>
    public IEnumerable<FirmwareVersionResponse> Cs08ResponsesFrom(ulong device) => Gbcs.OfType<FirmwareVersionResponse>().Where(r => r.Header.Originator == device);

    /// <summary>CS06 responses (outcomes and acknowledgements) from <paramref name="device"/>.</summary>
    public IEnumerable<FirmwareActivationResponse> Cs06ResponsesFrom(ulong device) => Gbcs.OfType<FirmwareActivationResponse>().Where(r => r.Header.Originator == device);

    /// <summary>Future-dated CS06 outcome alerts (0x8F66/0x8F67) from <paramref name="device"/>.</summary>
    public IEnumerable<HubActivationOutcome> Cs06AlertsFrom(ulong device) => Gbcs.OfType<HubActivationOutcome>().Where(a => a.Device == device);

    /// <summary>A raw request is sent once and forgotten after this long (the scenario tests resend themselves).</summary>
    private static RetryPolicy Once => RetryPolicy.Once(60_000);
}
