using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
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
/// <item>the OTA server the hub pulls images from (<see cref="DeliverImage"/>; docs/PROTOCOL.md §1: the hub is an OTA client
/// of the host);</item>
/// <item>management requests with correlation tokens, time-outs and retries (join/remove, distribute/cancel, ping,
/// state query, reboot), each a <see cref="ManagementCall"/>;</item>
/// <item>GBCS commands (CS08 as the ACB, CS06 as the supplier) with originator counters from an
/// <see cref="IOriginatorCounterSource"/> (strictly increasing; persisted by <see cref="InventoryOriginatorCounter"/>),
/// matched to their responses, each a <see cref="GbcsCall"/>;</item>
/// <item>intake of hub and device alerts (0x8F8A/0x8F89 CCS08, 0x8F8B), decoded and raised as <see cref="AlertReceived"/>
/// for the distribution engine and the DCC alert service.</item>
/// </list>
/// Single-threaded: every member is called on the thread that calls <see cref="OnFrame"/> and <see cref="Tick"/>.
/// A call made outside <see cref="OnFrame"/>/<see cref="Tick"/> raises <see cref="WakeRequested"/> so the runner re-reads
/// <see cref="NextWakeMs"/>.
/// </summary>
public sealed partial class HubSession : IDeviceRole
{
    private readonly IFrameLink _wan;
    private readonly IClock _clock;
    private readonly HanFrame _frame = new();
    private readonly byte[] _buffer = new byte[HanFrame.MaxPayloadLength];
    private readonly ManagementMessage _in = new();
    private readonly ManagementMessage _out = new();
    private readonly GbcsEnvelope _envelope = new();
    private readonly ManagementCall?[] _calls = new ManagementCall?[256];
    private readonly List<GbcsCall> _gbcsCalls = [];
    private readonly List<IHubSessionExtension> _extensions = [];
    private readonly ReadFirmwareVersionResponse _cs08 = new();
    private readonly ActivateFirmwareResponse _cs06 = new();
    private readonly FirmwareTransferAlert _transfer = new();
    private readonly PpmidFirmwareActivationAlert _activation = new();
    private readonly ActivateFirmwareAlert _futureActivation = new();
    private byte _sequence;
    private byte _token;
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
        OtaInit();
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

    /// <summary>Frames received that did not decode (management or GBCS).</summary>
    public int Malformed { get; private set; }

    /// <summary>Frames the link refused to send.</summary>
    public int SendFailures { get; private set; }

    /// <summary>Management requests waiting for an answer.</summary>
    public int PendingManagement
    {
        get
        {
            int count = 0;
            foreach (ManagementCall? call in _calls)
            {
                if (call is not null)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>GBCS commands waiting for a response.</summary>
    public int PendingGbcs => _gbcsCalls.Count;

    /// <summary>Raised for each GBCS message received (responses and alerts), decoded.</summary>
    public event Action<GbcsRecord>? GbcsReceived;

    /// <summary>Raised for each alert received (CRA flag 3): CCS08 0x8F8A/0x8F89 from the hub, 0x8F8B from a device.</summary>
    public event Action<GbcsRecord>? AlertReceived;

    /// <summary>Raised for each management message received (answers and anything unsolicited).</summary>
    public event Action<ManagementRecord>? ManagementReceived;

    /// <summary>Raised when a call made outside <see cref="OnFrame"/>/<see cref="Tick"/> may have moved <see cref="NextWakeMs"/> earlier.</summary>
    public event Action? WakeRequested;

    /// <inheritdoc />
    public long NextWakeMs
    {
        get
        {
            long wake = OtaNextWakeMs;
            foreach (ManagementCall? call in _calls)
            {
                if (call is not null && call.DeadlineMs < wake)
                {
                    wake = call.DeadlineMs;
                }
            }

            foreach (GbcsCall call in _gbcsCalls)
            {
                if (call.DeadlineMs < wake)
                {
                    wake = call.DeadlineMs;
                }
            }

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
            OtaTick(nowMs);
            ExpireManagement(nowMs);
            ExpireGbcs(nowMs);
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
            switch (frame.Kind)
            {
                case HanFrameKind.Management:
                    OnManagement(frame);
                    break;
                case HanFrameKind.Gbcs:
                    OnGbcs(frame);
                    break;
                case HanFrameKind.Zcl:
                    OtaOnZcl(frame);
                    break;
            }
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>
    /// Sends a management request built by <paramref name="fill"/> to <paramref name="destination"/> with a fresh token;
    /// resent with the same token under <paramref name="policy"/> (the session's default if null) until answered.
    /// <paramref name="completed"/> runs on the session thread when it is answered or every attempt timed out.
    /// </summary>
    public ManagementCall SendManagement(ulong destination, ManagementMessageType type, Action<ManagementMessage>? fill = null,
        Action<ManagementCall>? completed = null, RetryPolicy? policy = null)
    {
        RetryPolicy used = policy ?? Options.Management;
        used.Validate();
        byte token = NextToken();
        _out.Header = new ManagementHeader(type, token);
        fill?.Invoke(_out);
        var writer = new ByteWriter(_buffer);
        _out.WriteTo(writer);
        byte[] message = new byte[writer.Written];
        Array.Copy(_buffer, message, message.Length);
        var call = new ManagementCall(token, destination, type, message, used, completed);
        _calls[token] = call;
        SendAttempt(call, _clock.NowMs);
        RequestWake();
        return call;
    }

    /// <summary>Asks the hub to whitelist <paramref name="device"/> (answered with JoinResult).</summary>
    public ManagementCall Join(ulong device, HanDeviceType type, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        SendManagement(HubEui, ManagementMessageType.JoinDevice, m => m.Join = new JoinDeviceRequest { Eui64 = device, DeviceType = type }, completed, policy);

    /// <summary>Asks the hub to remove <paramref name="device"/> from its whitelist (answered with JoinResult).</summary>
    public ManagementCall Remove(ulong device, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        SendManagement(HubEui, ManagementMessageType.RemoveDevice, m => m.Remove = new RemoveDeviceRequest { Eui64 = device }, completed, policy);

    /// <summary>Asks <paramref name="device"/> who it is (answered with Identity: role, variant, component versions).</summary>
    public ManagementCall Ping(ulong device, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        SendManagement(device, ManagementMessageType.Ping, null, completed, policy);

    /// <summary>Asks <paramref name="device"/> how it is doing (answered with StateReport: the transfer it is receiving).</summary>
    public ManagementCall QueryState(ulong device, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        SendManagement(device, ManagementMessageType.StateQuery, null, completed, policy);

    /// <summary>Asks <paramref name="device"/> to restart after <paramref name="delayMs"/> (answered with Ack first).</summary>
    public ManagementCall Reboot(ulong device, ushort delayMs = 0, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        SendManagement(device, ManagementMessageType.Reboot, m => m.Reboot = new RebootRequest { DelayMs = delayMs }, completed, policy);

    /// <summary>Asks the hub to distribute <paramref name="image"/> (Manufacturer Image hash <paramref name="hash"/>) to <paramref name="devices"/>.</summary>
    public ManagementCall Distribute(ImageIdentity image, byte[] hash, IReadOnlyList<ulong> devices, Action<ManagementCall>? completed = null, RetryPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(devices);
        return SendManagement(HubEui, ManagementMessageType.DistributeImage, m =>
        {
            m.Distribute.Image = image;
            m.Distribute.SetHash(hash, 0);
            m.Distribute.Devices.Clear();
            foreach (ulong device in devices)
            {
                m.Distribute.Devices.Add(device);
            }
        }, completed, policy);
    }

    /// <summary>Asks the hub to stop distributing <paramref name="image"/> to <paramref name="devices"/> (each ends with 0x8F89 code 3).</summary>
    public ManagementCall CancelDistribution(ImageIdentity image, IReadOnlyList<ulong> devices, Action<ManagementCall>? completed = null, RetryPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        return SendManagement(HubEui, ManagementMessageType.CancelDistribution, m =>
        {
            m.Cancel.Image = image;
            m.Cancel.Devices.Clear();
            foreach (ulong device in devices)
            {
                m.Cancel.Devices.Add(device);
            }
        }, completed, policy);
    }

    /// <summary>
    /// Sends CS08 Read PPMID/HCALCS Firmware Version to <paramref name="device"/> as the ACB. Each attempt takes the next
    /// counter from <see cref="Counters"/>, unless <paramref name="counter"/> fixes the first (replay tests).
    /// </summary>
    public GbcsCall ReadFirmwareVersion(ulong device, Action<GbcsCall>? completed = null, RetryPolicy? policy = null, ulong? counter = null)
    {
        ulong? first = counter;
        return SendGbcsCommand(device, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, used =>
        {
            var content = new byte[ReadFirmwareVersionCommand.EncodedLength];
            ReadFirmwareVersionCommand.WriteTo(new ByteWriter(content));
            return Seal(Options.AcbSystemTitle, device, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, used, content);
        }, completed, policy, first);
    }

    /// <summary>
    /// Sends CS06 Activate Firmware for the Manufacturer Image <paramref name="manufacturerImageHash"/> to
    /// <paramref name="device"/> as the supplier: now, or at <paramref name="executionDateTime"/> (future-dated; the
    /// device acknowledges and reports the outcome later in alert 0x8F66/0x8F67; 9999-12-31 23:59:59 cancels, RTDS 11.3).
    /// Under <paramref name="policy"/>, else <see cref="HubSessionOptions.Activation"/>: a device answers an immediate
    /// CS06 only after restarting into the new image.
    /// </summary>
    public GbcsCall ActivateFirmware(ulong device, byte[] manufacturerImageHash, Action<GbcsCall>? completed = null, RetryPolicy? policy = null,
        GbcsTimestamp? executionDateTime = null)
    {
        ArgumentNullException.ThrowIfNull(manufacturerImageHash);
        if (manufacturerImageHash.Length != ActivateFirmwareCommand.HashLength)
        {
            throw new ArgumentException($"a Manufacturer Image hash is {ActivateFirmwareCommand.HashLength} octets", nameof(manufacturerImageHash));
        }

        byte[] hash = (byte[])manufacturerImageHash.Clone();
        return SendGbcsCommand(device, GbcsMessageCode.ActivateFirmware, used =>
        {
            var command = new ActivateFirmwareCommand { OriginatorCounter = used };
            command.SetManufacturerImageHash(hash, 0);
            if (executionDateTime is { } when)
            {
                command.HasExecutionDateTime = true;
                command.ExecutionDateTime = when;
            }

            var content = new byte[command.EncodedLength];
            command.WriteTo(new ByteWriter(content));
            return Seal(Options.SupplierSystemTitle, device, GbcsMessageCode.ActivateFirmware, used, content);
        }, completed, policy ?? Options.Activation, null);
    }

    /// <summary>Sends a GBCS message as it is (a replay, a forged one) to <paramref name="device"/>; nothing is awaited.</summary>
    public void SendGbcs(ulong device, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Send(HanFrameKind.Gbcs, 0, device, message, message.Length);
    }

    /// <summary>Builds a GBCS envelope (command, no ciphering: the bench does not model the keys) around <paramref name="content"/>.</summary>
    public static byte[] Seal(ulong originator, ulong recipient, ushort messageCode, ulong counter, byte[] content)
    {
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = counter,
            OriginatorSystemTitle = originator,
            RecipientSystemTitle = recipient,
            MessageCode = messageCode,
        };
        envelope.SetContent(content, 0, content.Length);
        var message = new byte[envelope.EncodedLength];
        envelope.WriteTo(new ByteWriter(message));
        return message;
    }

    private GbcsCall SendGbcsCommand(ulong device, ushort messageCode, Func<ulong, byte[]> build, Action<GbcsCall>? completed, RetryPolicy? policy, ulong? firstCounter)
    {
        RetryPolicy used = policy ?? Options.Gbcs;
        used.Validate();
        var call = new GbcsCall(device, messageCode, used, build, completed);
        _gbcsCalls.Add(call);
        SendGbcsAttempt(call, _clock.NowMs, firstCounter);
        RequestWake();
        return call;
    }

    private void SendGbcsAttempt(GbcsCall call, long nowMs, ulong? counter)
    {
        ulong used = counter ?? Counters.Next();
        call.AddCounter(used);
        byte[] message = call.Build(used);
        call.LastMessage = message;
        call.DeadlineMs = nowMs + call.Policy.TimeoutMs;
        Send(HanFrameKind.Gbcs, 0, call.Device, message, message.Length);
    }

    private void SendAttempt(ManagementCall call, long nowMs)
    {
        call.Attempts++;
        call.DeadlineMs = nowMs + call.Policy.TimeoutMs;
        Send(HanFrameKind.Management, 0, call.Destination, call.Message, call.Message.Length);
    }

    private byte NextToken()
    {
        // Tokens 1..255 (0 is never used, so a zeroed answer matches nothing); one in flight per token.
        for (int i = 0; i < 255; i++)
        {
            _token = (byte)(_token == 255 ? 1 : _token + 1);
            if (_calls[_token] is null)
            {
                return _token;
            }
        }

        throw new InvalidOperationException("255 management requests are in flight: wait for some to end");
    }

    private void ExpireManagement(long nowMs)
    {
        for (int i = 0; i < _calls.Length; i++)
        {
            ManagementCall? call = _calls[i];
            if (call is null || call.DeadlineMs > nowMs)
            {
                continue;
            }

            if (call.Attempts < call.Policy.Attempts)
            {
                SendAttempt(call, nowMs);
                continue;
            }

            _calls[i] = null;
            call.Complete(null);
        }
    }

    private void ExpireGbcs(long nowMs)
    {
        for (int i = 0; i < _gbcsCalls.Count; i++)
        {
            GbcsCall call = _gbcsCalls[i];
            if (call.DeadlineMs > nowMs)
            {
                continue;
            }

            if (call.Counters.Count < call.Policy.Attempts)
            {
                SendGbcsAttempt(call, nowMs, null);
                continue;
            }

            _gbcsCalls.RemoveAt(i);
            i--;
            call.Complete(null);
        }
    }

    private void Send(HanFrameKind kind, ushort clusterId, ulong destination, byte[] buffer, int count)
    {
        _frame.Kind = kind;
        _frame.ClusterId = clusterId;
        _frame.Source = HostEui;
        _frame.Destination = destination;
        _frame.Sequence = _sequence++;
        _frame.SetPayload(buffer, 0, count);
        if (!_wan.Send(_frame))
        {
            SendFailures++;
        }
    }

    private void OnManagement(HanFrame frame)
    {
        if (_in.TryDecode(new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength)) != ManagementDecodeStatus.Ok)
        {
            Malformed++;
            return;
        }

        ManagementHeader header = _in.Header;
        var record = new ManagementRecord(_clock.NowMs, frame.Source, header.Type, header.Token);
        record = header.Type switch
        {
            ManagementMessageType.JoinResult => record with { Join = _in.JoinResult },
            ManagementMessageType.DistributeResult => record with { Distribute = _in.DistributeResult },
            ManagementMessageType.Ack => record with { Ack = _in.Ack },
            ManagementMessageType.StateReport => record with { State = _in.State.State, Report = Snapshot(_in.State) },
            ManagementMessageType.Identity => record with { Identity = Snapshot(_in.Identity) },
            _ => record,
        };
        ManagementReceived?.Invoke(record);
        ManagementCall? call = _calls[header.Token];
        if (call is not null && call.IsAnsweredBy(frame.Source, header.Type, record))
        {
            _calls[header.Token] = null;
            call.Complete(record);
        }
    }

    private static StateSnapshot Snapshot(StateReport report) =>
        new(report.State, report.UptimeSeconds, report.TransferImage, report.TransferOffset, report.TransferSize, report.JoinedDevices, report.ActiveTransfers);

    private static IdentitySnapshot Snapshot(IdentityReport identity)
    {
        var components = new List<(FirmwareComponentId, ushort, uint)>();
        for (int i = 0; i < identity.ComponentCount; i++)
        {
            FirmwareComponentInfo c = identity.GetComponent(i);
            components.Add((c.Component, c.Image.ImageType, c.Image.FileVersion));
        }

        return new IdentitySnapshot(identity.Role, identity.Variant, identity.State, identity.Eui64, components);
    }

    private void OnGbcs(HanFrame frame)
    {
        var reader = new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
        if (GbcsEnvelope.TryDecode(reader, _envelope) != GbcsStatus.Ok)
        {
            Malformed++;
            return;
        }

        GbcsRecord record = Decode(frame.Source);
        GbcsReceived?.Invoke(record);
        if (record.Cra == GbcsCraFlag.Alert && record.PayloadDecoded)
        {
            AlertReceived?.Invoke(record);
            return;
        }

        for (int i = 0; i < _gbcsCalls.Count; i++)
        {
            GbcsCall call = _gbcsCalls[i];
            if (call.IsAnsweredBy(record))
            {
                _gbcsCalls.RemoveAt(i);
                call.Complete(record);
                return;
            }
        }
    }

    private GbcsRecord Decode(ulong frameSource)
    {
        var record = new GbcsRecord(_clock.NowMs, frameSource, _envelope.CraFlag, _envelope.MessageCode, _envelope.OriginatorCounter,
            _envelope.OriginatorSystemTitle, _envelope.RecipientSystemTitle);
        var content = new ByteReader(_envelope.ContentBuffer, _envelope.ContentOffset, _envelope.ContentLength);
        switch (_envelope.MessageCode)
        {
            case GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion when _envelope.CraFlag == GbcsCraFlag.Response:
                return ReadFirmwareVersionResponse.TryDecode(content, _cs08) == GbcsPayloadStatus.Ok
                    ? record with { Cs08Version = _cs08.FirmwareVersion, Cs08ResponseCode = _cs08.ResponseCode }
                    : record with { PayloadDecoded = false };
            case GbcsMessageCode.ActivateFirmware when _envelope.CraFlag == GbcsCraFlag.Response:
                if (ActivateFirmwareResponse.TryDecode(content, _cs06) != GbcsPayloadStatus.Ok)
                {
                    return record with { PayloadDecoded = false };
                }

                return _cs06.IsAcknowledgement ? record : record with { Cs06ResponseCode = _cs06.ResponseCode, FirmwareVersion = _cs06.FirmwareVersion };
            case GbcsMessageCode.FutureDatedFirmwareActivationAlert:
                return ActivateFirmwareAlert.TryDecode(content, _futureActivation) == GbcsPayloadStatus.Ok
                    ? record with
                    {
                        ActivationAlertCode = _futureActivation.AlertCode,
                        CommandCounter = _futureActivation.OriginatorCounter,
                        Cs06ResponseCode = _futureActivation.ResponseCode,
                        FirmwareVersion = _futureActivation.FirmwareVersion,
                        EventTime = ToTime(_futureActivation.ExecutionDateTime),
                    }
                    : record with { PayloadDecoded = false };
            case GbcsMessageCode.FirmwareTransferAlert:
                return FirmwareTransferAlert.TryDecode(content, _transfer) == GbcsPayloadStatus.Ok
                    ? record with
                    {
                        TransferAlertCode = _transfer.AlertCode,
                        TransferEntity = _transfer.Entity,
                        TransferResponse = _transfer.ResponseCode,
                        FirmwareVersion = _transfer.FirmwareVersion,
                        EventTime = ToTime(_transfer.ExecutionDateTime),
                    }
                    : record with { PayloadDecoded = false };
            case GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert:
                return PpmidFirmwareActivationAlert.TryDecode(content, _activation) == GbcsPayloadStatus.Ok
                    ? record with { FirmwareVersion = _activation.FirmwareVersion, ActivationResult = _activation.Result, EventTime = ToTime(_activation.Time) }
                    : record with { PayloadDecoded = false };
            default:
                return record;
        }
    }

    private static DateTimeOffset? ToTime(GbcsTimestamp time) =>
        GbcsTimestamp.IsValid(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second) && time.Year < 9999
            ? new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second, TimeSpan.Zero)
            : null;
}
