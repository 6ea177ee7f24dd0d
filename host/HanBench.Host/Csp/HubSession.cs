using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

/// <summary>
/// The host's end of the WAN link to one Comms Hub (docs/ARCHITECTURE.md "The host": the CSP delivers images and commands to
/// the Comms Hub and turns device alerts into DCC alerts). One implementation for every bench: a device role in shape —
/// fed received frames (<see cref="OnFrame"/>) and <see cref="Tick"/>, owning no thread — so it runs on the bench medium
/// in virtual time and over a stream frame link (serial, pty, TCP) in real time.
/// <list type="bullet">
/// <item>the OTA server the hub pulls images from (<see cref="Images"/>, <see cref="HubImageServer"/>; docs/PROTOCOL.md §1:
/// the hub is an OTA client of the host);</item>
/// <item>management requests with correlation tokens, time-outs and retries (<see cref="Management"/>,
/// <see cref="HubManagementCalls"/>);</item>
/// <item>GBCS commands with originator counters from an <see cref="IOriginatorCounterSource"/> (persisted by
/// <see cref="InventoryOriginatorCounter"/>), and the intake of responses and alerts raised as typed events
/// (<see cref="Gbcs"/>, <see cref="HubGbcsCalls"/>).</item>
/// </list>
/// The session itself is the frame router: it owns the link, the clock and the extensions' schedule, and sends each
/// received frame to the part that handles its kind.
/// Single-threaded: every member is called on the thread that calls <see cref="OnFrame"/> and <see cref="Tick"/>.
/// A call made outside <see cref="OnFrame"/>/<see cref="Tick"/> raises <see cref="WakeRequested"/> so the runner re-reads
/// <see cref="NextWakeMs"/>.
/// </summary>
public sealed class HubSession : IDeviceRole
{
    private readonly IFrameLink _wan;
    private readonly IClock _clock;
    private readonly HanFrame _frame = new();
    private readonly List<IHubSessionExtension> _extensions = [];
    private byte _sequence;
    private int _depth;

    /// <summary>A session over <paramref name="wan"/>, timed by <paramref name="clock"/>, with counters from <paramref name="counters"/> (in memory from 0x1000 if null).</summary>
    public HubSession(IFrameLink wan, IClock clock, HubSessionOptions options, IOriginatorCounterSource? counters = null)
    {
        ArgumentNullException.ThrowIfNull(wan);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        options.Management.Validate();
        options.Gbcs.Validate();
        options.Activation.Validate();
        _wan = wan;
        _clock = clock;
        Options = options;
        Counters = counters ?? new MemoryOriginatorCounter(0x1000);
        Management = new HubManagementCalls(this);
        Gbcs = new HubGbcsCalls(this);
        Credentials = new HubCredentialCalls(this);
        Images = new HubImageServer(this, wan.MaxFrameLength);
        Blocks = new GbcsBlockSender(this);
        Blocks.TransferFailed += Gbcs.OnBlockTransferFailed;
        Liveness = new HubLiveness(options.SilenceNoteMs, options.SilenceRepeatMs);
    }

    /// <summary>The options.</summary>
    public HubSessionOptions Options { get; }

    /// <summary>The host's EUI-64 on the WAN link.</summary>
    public ulong HostEui => Options.HostEui;

    /// <summary>The Comms Hub.</summary>
    public ulong HubEui => Options.HubEui;

    /// <summary>Where command counters come from.</summary>
    public IOriginatorCounterSource Counters { get; }

    /// <summary>The session's clock.</summary>
    public IClock Clock => _clock;

    /// <summary>Whether the hub answers at all: its silence while it owes an answer.</summary>
    public HubLiveness Liveness { get; }

    /// <summary>The OTA server the hub pulls images from, and the events of its downloads.</summary>
    public HubImageServer Images { get; }

    /// <summary>Management requests and their answers.</summary>
    public HubManagementCalls Management { get; }

    /// <summary>GBCS commands, responses and alerts.</summary>
    public HubGbcsCalls Gbcs { get; }

    /// <summary>GBCS messages longer than a HAN frame, sent as acknowledged general block transfer blocks (GBCS 7.2.11).</summary>
    public GbcsBlockSender Blocks { get; }

    /// <summary>The CS02 credential commands (SECMP0170 requirement 8) over <see cref="Gbcs"/>.</summary>
    public HubCredentialCalls Credentials { get; }

    /// <summary>
    /// Whether this host plays <paramref name="party"/> towards <paramref name="device"/>: the ACB, or the supplier the
    /// device trusts now (<see cref="GbcsPartyKeys.SupplierFor"/>: the provisioned one until a 6.15.1 or 6.23 named
    /// another) — who its answers and alerts may be addressed to. After a change of supplier the outgoing supplier is no
    /// longer a party this host plays towards that device, so nothing addressed to it is acted on.
    /// </summary>
    internal bool Plays(ulong party, ulong device) =>
        party == Options.AcbSystemTitle || party == Options.Keys.SupplierFor(device, Options.SupplierSystemTitle);

    /// <summary>Frames received that did not decode (management or GBCS).</summary>
    public int Malformed { get; private set; }

    /// <summary>Frames the link refused to send.</summary>
    public int SendFailures { get; private set; }

    /// <summary>Management requests waiting for an answer.</summary>
    public int PendingManagement => Management.Pending;

    /// <summary>GBCS commands waiting for a response.</summary>
    public int PendingGbcs => Gbcs.Pending;

    /// <summary>Raised for each GBCS response and alert taken (its origin checked), decoded; before the typed alert events.</summary>
    public event Action<HubGbcsMessage>? GbcsReceived;

    /// <summary>Raised for each CCS08 Firmware Transfer alert (0x8F8A/0x8F89) from the hub.</summary>
    public event Action<HubTransferAlert>? TransferAlertReceived;

    /// <summary>Raised for each 0x8F8B Firmware Activation alert from a device.</summary>
    public event Action<DeviceActivationAlert>? ActivationAlertReceived;

    /// <summary>Raised for each future-dated CS06 outcome alert (0x8F66/0x8F67).</summary>
    public event Action<HubActivationOutcome>? ActivationOutcomeReceived;

    /// <summary>Raised for each management message received (answers and anything unsolicited).</summary>
    public event Action<ManagementRecord>? ManagementReceived;

    /// <summary>Raised when a call made outside <see cref="OnFrame"/>/<see cref="Tick"/> may have moved <see cref="NextWakeMs"/> earlier.</summary>
    public event Action? WakeRequested;

    /// <inheritdoc />
    public long NextWakeMs
    {
        get
        {
            long wake = Math.Min(Math.Min(Math.Min(Images.NextWakeMs, Blocks.NextWakeMs), Math.Min(Management.NextWakeMs, Gbcs.NextWakeMs)), Liveness.NextWakeMs);
            foreach (IHubSessionExtension extension in _extensions)
            {
                long next = extension.NextWakeMs;
                if (next < wake)
                {
                    wake = next;
                }
            }

            return wake;
        }
    }

    /// <summary>Runs <paramref name="extension"/> on this session's clock: ticked after the session, its wake time included in <see cref="NextWakeMs"/>.</summary>
    public void Attach(IHubSessionExtension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        _extensions.Add(extension);
        RequestWake();
    }

    /// <summary>Tells the runner that <see cref="NextWakeMs"/> may have changed (an extension calls it when work arrives from outside).</summary>
    public void RequestWake()
    {
        if (_depth == 0)
        {
            WakeRequested?.Invoke();
        }
    }

    /// <inheritdoc />
    public void Start(long nowMs)
    {
    }

    /// <inheritdoc />
    public void Tick(long nowMs)
    {
        _depth++;
        try
        {
            Images.Tick(nowMs);
            Management.Expire(nowMs);
            Gbcs.Expire(nowMs);
            Blocks.Tick(nowMs);
            Liveness.Tick(nowMs);
            for (int i = 0; i < _extensions.Count; i++)
            {
                if (_extensions[i].NextWakeMs <= nowMs)
                {
                    _extensions[i].Tick(nowMs);
                }
            }
        }
        finally
        {
            _depth--;
        }
    }

    /// <inheritdoc />
    public void OnFrame(IFrameLink link, HanFrame frame)
    {
        _depth++;
        try
        {
            Liveness.Heard(_clock.NowMs);
            bool decoded = frame.Kind switch
            {
                HanFrameKind.Management => Management.OnFrame(frame),
                HanFrameKind.Gbcs when GbcsBlockTransfer.IsBlock(frame.Payload, frame.PayloadOffset, frame.PayloadLength) => Blocks.OnAck(frame),
                HanFrameKind.Gbcs => Gbcs.OnFrame(frame),
                HanFrameKind.Zcl => Images.OnFrame(frame),
                _ => true,
            };
            if (!decoded)
            {
                Malformed++;
            }
        }
        finally
        {
            _depth--;
        }
    }

    /// <inheritdoc cref="HubManagementCalls.SendManagement"/>
    public ManagementCall SendManagement(ulong destination, ManagementMessageType type, Action<ManagementMessage>? fill = null,
        Action<ManagementCall>? completed = null, RetryPolicy? policy = null) => Management.SendManagement(destination, type, fill, completed, policy);

    /// <inheritdoc cref="HubManagementCalls.Join"/>
    public ManagementCall Join(ulong device, HanDeviceType type, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        Management.Join(device, type, completed, policy);

    /// <inheritdoc cref="HubManagementCalls.Remove"/>
    public ManagementCall Remove(ulong device, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) => Management.Remove(device, completed, policy);

    /// <inheritdoc cref="HubManagementCalls.Ping"/>
    public ManagementCall Ping(ulong device, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) => Management.Ping(device, completed, policy);

    /// <inheritdoc cref="HubManagementCalls.QueryState"/>
    public ManagementCall QueryState(ulong device, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) => Management.QueryState(device, completed, policy);

    /// <inheritdoc cref="HubManagementCalls.Reboot"/>
    public ManagementCall Reboot(ulong device, ushort delayMs = 0, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        Management.Reboot(device, delayMs, completed, policy);

    /// <inheritdoc cref="HubManagementCalls.Distribute"/>
    public ManagementCall Distribute(ImageIdentity image, byte[] hash, IReadOnlyList<ulong> devices, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        Management.Distribute(image, hash, devices, completed, policy);

    /// <inheritdoc cref="HubManagementCalls.CancelDistribution"/>
    public ManagementCall CancelDistribution(ImageIdentity image, IReadOnlyList<ulong> devices, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        Management.CancelDistribution(image, devices, completed, policy);

    /// <inheritdoc cref="HubGbcsCalls.ReadFirmwareVersion"/>
    public GbcsCall ReadFirmwareVersion(ulong device, Action<GbcsCall>? completed = null, RetryPolicy? policy = null, ulong? counter = null) =>
        Gbcs.ReadFirmwareVersion(device, completed, policy, counter);

    /// <inheritdoc cref="HubGbcsCalls.ActivateFirmware"/>
    public GbcsCall ActivateFirmware(ulong device, byte[] manufacturerImageHash, Action<GbcsCall>? completed = null, RetryPolicy? policy = null,
        GbcsTimestamp? executionDateTime = null) => Gbcs.ActivateFirmware(device, manufacturerImageHash, completed, policy, executionDateTime);

    /// <inheritdoc cref="HubGbcsCalls.SendGbcs"/>
    public void SendGbcs(ulong device, byte[] message) => Gbcs.SendGbcs(device, message);

    /// <inheritdoc cref="HubGbcsCalls.Seal"/>
    public byte[] Seal(ulong originator, ulong recipient, ushort messageCode, ulong counter, byte[] content, bool supplierSigned = false) =>
        Gbcs.Seal(originator, recipient, messageCode, counter, content, supplierSigned);

    internal void Raise(ManagementRecord record) => ManagementReceived?.Invoke(record);

    internal void Raise(HubGbcsMessage message) => GbcsReceived?.Invoke(message);

    internal void Raise(HubTransferAlert alert) => TransferAlertReceived?.Invoke(alert);

    internal void Raise(DeviceActivationAlert alert) => ActivationAlertReceived?.Invoke(alert);

    internal void Raise(HubActivationOutcome alert) => ActivationOutcomeReceived?.Invoke(alert);

    /// <summary>Sends one frame on the WAN link (counted in <see cref="SendFailures"/> when the link refuses it).</summary>
    internal void Send(HanFrameKind kind, ushort clusterId, ulong destination, byte[] buffer, int count) => _ = Send(kind, clusterId, destination, buffer, 0, count);

    /// <summary>
    /// Sends one GBCS, management or ZCL message from <paramref name="offset"/> of <paramref name="buffer"/>; false (and
    /// counted) when the link refuses it. A GBCS message longer than a frame (a signed CS02b with its certificates) goes as
    /// general block transfer blocks (GBCS 7.2.11), which the hub relays like any GBCS frame, the device reassembles and
    /// acknowledges, and <see cref="Blocks"/> sends again until it does.
    /// </summary>
    internal bool Send(HanFrameKind kind, ushort clusterId, ulong destination, byte[] buffer, int offset, int count) =>
        kind == HanFrameKind.Gbcs && count > HanFrame.MaxPayloadLength
            ? Blocks.Start(destination, buffer, offset, count)
            : SendFrame(kind, clusterId, destination, buffer, offset, count);

    /// <summary>Sends one frame; false (and counted) when the link refuses it.</summary>
    internal bool SendFrame(HanFrameKind kind, ushort clusterId, ulong destination, byte[] buffer, int offset, int count)
    {
        _frame.Kind = kind;
        _frame.ClusterId = clusterId;
        _frame.Source = HostEui;
        _frame.Destination = destination;
        _frame.Sequence = _sequence++;
        _frame.SetPayload(buffer, offset, count);
        bool sent = _wan.Send(_frame);
        if (!sent)
        {
            SendFailures++;
        }
        else if (kind != HanFrameKind.Zcl && destination == HubEui)
        {
            // Every management and GBCS frame the host sends the hub asks for an answer (a request, a command, a block); of
            // the ZCL ones only Image Notify does, and HubImageServer says so itself (the others answer the hub's requests).
            // A frame for a device behind the hub is only passed on: its silence is the device's (HanTransferMonitor, the
            // call's own time-out), not the hub's. A frame the link refused (down, never opened) is the link's to report.
            Liveness.Expect(_clock.NowMs);
        }

        return sent;
    }
}
