using HanBench.Bench.Time;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Topology;

/// <summary>
/// The DCC side of a bench in its simplest form: the node on the Comms Hub's WAN link that originates GBCS commands as
/// the ACB (CS08), sends management requests (joins, pings, distribution), and records every GBCS message and management
/// answer that comes back. The host's real DSP/CSP (inventory, queue, DUIS) is built on the same messages elsewhere;
/// this stub is what scenario tests and benchmarks drive directly.
/// </summary>
public sealed partial class HostStub : IDeviceRole
{
    private readonly IScheduler _scheduler;
    private readonly IFrameLink _wan;
    private readonly HanFrame _frame = new();
    private readonly byte[] _buffer = new byte[HanFrame.MaxPayloadLength];
    private readonly ManagementMessage _in = new();
    private readonly GbcsEnvelope _envelope = new();
    private byte _sequence;
    private byte _token;

    /// <summary>A host stub at <paramref name="eui64"/> talking to the hub <paramref name="hubEui"/> over <paramref name="wan"/>.</summary>
    public HostStub(IScheduler scheduler, ulong eui64, ulong hubEui, IFrameLink wan)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(wan);
        _scheduler = scheduler;
        Eui64 = eui64;
        HubEui = hubEui;
        _wan = wan;
        OtaInit();
    }

    /// <summary>The host's EUI-64 on the WAN link.</summary>
    public ulong Eui64 { get; }

    /// <summary>The Comms Hub.</summary>
    public ulong HubEui { get; }

    /// <summary>System title the stub's GBCS commands come from.</summary>
    public ulong AcbSystemTitle { get; set; } = RoleConfiguration.DefaultAcbSystemTitle;

    /// <summary>Originator counter of the next command (strictly increasing; GBCS).</summary>
    public ulong NextCommandCounter { get; set; } = 0x1000;

    /// <summary>Every GBCS message received, in order.</summary>
    public List<GbcsRecord> Gbcs { get; } = [];

    /// <summary>Every management answer received, in order.</summary>
    public List<ManagementRecord> Management { get; } = [];

    /// <summary>Frames received that did not decode.</summary>
    public int Malformed { get; private set; }

    /// <summary>Raised for each GBCS message received.</summary>
    public event Action<GbcsRecord>? GbcsReceived;

    /// <inheritdoc />
    public long NextWakeMs => OtaNextWakeMs;

    /// <inheritdoc />
    public void Start(long nowMs)
    {
    }

    /// <inheritdoc />
    public void Tick(long nowMs) => OtaTick(nowMs);

    /// <inheritdoc />
    public void OnFrame(IFrameLink link, HanFrame frame)
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

    /// <summary>Sends a management request built by <paramref name="fill"/> to <paramref name="destination"/>; returns its token.</summary>
    public byte SendManagement(ulong destination, ManagementMessageType type, Action<ManagementMessage>? fill = null)
    {
        var message = new ManagementMessage { Header = new ManagementHeader(type, ++_token) };
        fill?.Invoke(message);
        var writer = new ByteWriter(_buffer);
        message.WriteTo(writer);
        Send(HanFrameKind.Management, 0, destination, _buffer, writer.Written);
        return _token;
    }

    /// <summary>Asks the hub to whitelist <paramref name="device"/>.</summary>
    public byte Join(ulong device, HanDeviceType type) =>
        SendManagement(HubEui, ManagementMessageType.JoinDevice, m => m.Join = new JoinDeviceRequest { Eui64 = device, DeviceType = type });

    /// <summary>Asks <paramref name="device"/> who it is.</summary>
    public byte Ping(ulong device) => SendManagement(device, ManagementMessageType.Ping);

    /// <summary>Asks <paramref name="device"/> to restart after <paramref name="delayMs"/>.</summary>
    public byte Reboot(ulong device, ushort delayMs = 0) =>
        SendManagement(device, ManagementMessageType.Reboot, m => m.Reboot = new RebootRequest { DelayMs = delayMs });

    /// <summary>Asks the hub to distribute <paramref name="image"/> (Manufacturer Image hash <paramref name="hash"/>) to <paramref name="devices"/>.</summary>
    public byte Distribute(ImageIdentity image, byte[] hash, params ulong[] devices) =>
        SendManagement(HubEui, ManagementMessageType.DistributeImage, m =>
        {
            m.Distribute.Image = image;
            m.Distribute.SetHash(hash, 0);
            m.Distribute.Devices.Clear();
            foreach (ulong device in devices)
            {
                m.Distribute.Devices.Add(device);
            }
        });

    /// <summary>Asks the hub to stop distributing <paramref name="image"/> to <paramref name="devices"/>.</summary>
    public byte Cancel(ImageIdentity image, params ulong[] devices) =>
        SendManagement(HubEui, ManagementMessageType.CancelDistribution, m =>
        {
            m.Cancel.Image = image;
            m.Cancel.Devices.Clear();
            foreach (ulong device in devices)
            {
                m.Cancel.Devices.Add(device);
            }
        });

    /// <summary>Sends CS08 Read Firmware Version to <paramref name="device"/> as the ACB; returns the bytes sent (for replay tests).</summary>
    public byte[] SendCs08(ulong device, ulong? counter = null)
    {
        ulong used = counter ?? NextCommandCounter++;
        var content = new byte[ReadFirmwareVersionCommand.EncodedLength];
        ReadFirmwareVersionCommand.WriteTo(new ByteWriter(content));
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = used,
            OriginatorSystemTitle = AcbSystemTitle,
            RecipientSystemTitle = device,
            MessageCode = GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion,
        };
        envelope.SetContent(content, 0, content.Length);
        var message = new byte[envelope.EncodedLength];
        envelope.WriteTo(new ByteWriter(message));
        SendGbcs(device, message);
        return message;
    }

    /// <summary>Sends a GBCS message as it is (a replay, a forged one) to <paramref name="device"/>.</summary>
    public void SendGbcs(ulong device, byte[] message) => Send(HanFrameKind.Gbcs, 0, device, message, message.Length);

    /// <summary>The management answers of <paramref name="type"/> from <paramref name="source"/>.</summary>
    public IEnumerable<ManagementRecord> AnswersFrom(ulong source, ManagementMessageType type) =>
        Management.Where(m => m.Source == source && m.Type == type);

    /// <summary>CCS08 alerts about <paramref name="device"/>.</summary>
    public IEnumerable<GbcsRecord> TransferAlertsFor(ulong device) => Gbcs.Where(g => g.TransferEntity == device);

    /// <summary>0x8F8B alerts from <paramref name="device"/>.</summary>
    public IEnumerable<GbcsRecord> ActivationAlertsFrom(ulong device) =>
        Gbcs.Where(g => g.Originator == device && g.MessageCode == GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert);

    /// <summary>CS08 responses from <paramref name="device"/>.</summary>
    public IEnumerable<GbcsRecord> Cs08ResponsesFrom(ulong device) =>
        Gbcs.Where(g => g.Originator == device && g.MessageCode == GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion && g.Cra == GbcsCraFlag.Response);

    private void Send(HanFrameKind kind, ushort clusterId, ulong destination, byte[] buffer, int count)
    {
        _frame.Kind = kind;
        _frame.ClusterId = clusterId;
        _frame.Source = Eui64;
        _frame.Destination = destination;
        _frame.Sequence = _sequence++;
        _frame.SetPayload(buffer, 0, count);
        _wan.Send(_frame);
    }

    private void OnManagement(HanFrame frame)
    {
        if (_in.TryDecode(new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength)) != ManagementDecodeStatus.Ok)
        {
            Malformed++;
            return;
        }

        ManagementHeader header = _in.Header;
        var record = new ManagementRecord(_scheduler.NowMs, frame.Source, header.Type, header.Token);
        record = header.Type switch
        {
            ManagementMessageType.JoinResult => record with { Join = _in.JoinResult },
            ManagementMessageType.DistributeResult => record with { Distribute = _in.DistributeResult },
            ManagementMessageType.Ack => record with { Ack = _in.Ack },
            ManagementMessageType.StateReport => record with { State = _in.State.State },
            ManagementMessageType.Identity => record with { Identity = Snapshot(_in.Identity) },
            _ => record,
        };
        Management.Add(record);
    }

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

        var record = new GbcsRecord(_scheduler.NowMs, frame.Source, _envelope.CraFlag, _envelope.MessageCode, _envelope.OriginatorCounter,
            _envelope.OriginatorSystemTitle, _envelope.RecipientSystemTitle);
        var content = new ByteReader(_envelope.ContentBuffer, _envelope.ContentOffset, _envelope.ContentLength);
        switch (_envelope.MessageCode)
        {
            case GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion when _envelope.CraFlag == GbcsCraFlag.Response:
                var cs08 = new ReadFirmwareVersionResponse();
                if (ReadFirmwareVersionResponse.TryDecode(content, cs08) == GbcsPayloadStatus.Ok)
                {
                    record = record with { Cs08Version = cs08.FirmwareVersion };
                }

                break;
            case GbcsMessageCode.FirmwareTransferAlert:
                var transfer = new FirmwareTransferAlert();
                if (FirmwareTransferAlert.TryDecode(content, transfer) == GbcsPayloadStatus.Ok)
                {
                    record = record with
                    {
                        TransferAlertCode = transfer.AlertCode,
                        TransferEntity = transfer.Entity,
                        TransferResponse = transfer.ResponseCode,
                        FirmwareVersion = transfer.FirmwareVersion,
                    };
                }

                break;
            case GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert:
                var activation = new PpmidFirmwareActivationAlert();
                if (PpmidFirmwareActivationAlert.TryDecode(content, activation) == GbcsPayloadStatus.Ok)
                {
                    record = record with { FirmwareVersion = activation.FirmwareVersion, ActivationResult = activation.Result };
                }

                break;
        }

        Gbcs.Add(record);
        GbcsReceived?.Invoke(record);
    }
}
