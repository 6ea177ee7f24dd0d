using HanBench.Bench.Radio;
using HanBench.Bench.Topology;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// The standard bench in virtual time with the real host on its WAN link: an inventory file on disk (so the host can
/// "crash" and reopen it), the service-request handlers, and the distribution engine on the bench's host session.
/// Devices are in the inventory as commissioned on the hub and joined to its HAN.
/// </summary>
public sealed class EngineBench : IDisposable
{
    public const string Requester = "90-B3-D5-1F-30-01-00-00";
    private readonly DistributionSettings? _settings;
    private readonly Action<GbcsPartyKeys>? _hostKeys;
    private ulong _counter;

    /// <summary>
    /// A bench for CS02 (SECMP0170 requirement 8) from <paramref name="seed"/>: the boards trust <paramref name="keys"/>'
    /// CAs, which issue the replacing certificates, and every host started (also after a restart) finds private keys with
    /// <paramref name="privateKeys"/> (else the keystore's), as a keystore-provisioned one does. HanBench's ZigBee model
    /// carries one 102-octet frame (no APS fragmentation yet), which no signed CS02 fits: the ZigBee hops get a HAN frame's
    /// full size.
    /// </summary>
    public static EngineBench ForCredentials(ulong seed, HanBench.Host.Keys.Keystore keys, Func<byte[], byte[]?>? privateKeys = null) => new(
        seed,
        options: new StandardBenchOptions
        {
            ZigBee = RadioModel.ZigBee with { MaxFrameBytes = HanFrame.MaxEncodedLength },
            Provisioning = HanBench.Host.Keys.BoardProvisioning.TestKeys.WithAuthoritiesOf(keys),
        },
        hostKeys: host => host.PrivateKeyFinder = privateKeys ?? keys.PrivateKeyFor);

    /// <summary>
    /// A bench from <paramref name="seed"/> (<paramref name="options"/>), its engine under <paramref name="settings"/>;
    /// <paramref name="hostKeys"/> runs on the keys of every host started (the first and each restarted one) before the CSP composes on them.
    /// </summary>
    public EngineBench(ulong seed, DistributionSettings? settings = null, StandardBenchOptions? options = null, Action<GbcsPartyKeys>? hostKeys = null)
    {
        _settings = settings;
        _hostKeys = hostKeys;
        Bench = new StandardBench(seed, options);
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hanbench-engine-{Guid.NewGuid():N}.db");
        Time = new ClockTimeProvider(Bench.Scheduler, ClockTimeProvider.BenchEpoch);
        Store = InventoryStore.Open(Path, Time);
        Bench.JoinAll();
        Stub = Bench.Host;
        ReplaceHost();
        Store.Write(s =>
        {
            s.Devices.Insert(Device(StandardBench.HubEui, DeviceType.CHF, "CHMF", "CH-1", null, null));
            s.Devices.Insert(Device(StandardBench.PpmidEui, DeviceType.PPMID, "PPMF", "PPMID-1", null, StandardBench.HubEui));
            ulong[] bridges = [StandardBench.B1Eui, StandardBench.B2Eui, StandardBench.B3Eui, StandardBench.B4Eui];
            for (int i = 0; i < bridges.Length; i++)
            {
                s.Devices.Insert(Device(bridges[i], DeviceType.PPMID, "AHCO", $"BRIDGE-B{i + 1}", $"B{i + 1}", StandardBench.HubEui));
            }
        });
    }

    public StandardBench Bench { get; }

    public string Path { get; }

    public ClockTimeProvider Time { get; }

    public InventoryStore Store { get; private set; }

    public HostStub Stub { get; private set; }

    public HubSession Session => Stub.Session;

    public DistributionEngine Engine { get; private set; } = null!;

    public ServiceRequestHandlers Handlers { get; private set; } = null!;

    /// <summary>Frames to the host it picks are lost on the way (a lost response), on every host started.</summary>
    public Func<HanFrame, bool>? DropToHost { get; set; }

    /// <summary>The CSP composed on the current host.</summary>
    public CspRuntime Runtime { get; private set; } = null!;

    /// <summary>Every alert issued, across host restarts.</summary>
    public List<IssuedDccAlert> Alerts { get; } = [];

    /// <summary>Every progress event, across host restarts.</summary>
    public List<DistributionProgress> Progress { get; } = [];

    public List<string> Log { get; } = [];

    public static DeviceRecord Device(ulong id, DeviceType type, string maker, string model, string? variant, ulong? hub) =>
        new(new Eui64(id), type, DeviceStatus.Commissioned, maker, model, null, variant, hub is null ? null : new Eui64(hub.Value), null, null, null);

    /// <summary>An image for component <paramref name="component"/> of <paramref name="device"/>.</summary>
    public BenchImage ImageFor(BenchDevice device, FirmwareComponentId component, int bodyBytes, uint version, ulong seed, ushort? minimumHardware = null, ushort? maximumHardware = null)
    {
        FirmwareComponentConfig config = device.Configuration.FindComponent(component)!;
        return BenchImages.Build(config.ManufacturerCode, config.ImageType, version, bodyBytes, seed, minimumHardware, maximumHardware);
    }

    /// <summary>Puts the image on the CPL for the devices' models and sends 11.4 for them; returns the result.</summary>
    public FirmwareUpdateResult Submit(BenchImage image, string component, params ulong[] devices)
    {
        string hash = Convert.ToHexStringLower(image.ManufacturerImageHash);
        string version = image.Identity.FileVersion.ToString("X8");
        Store.Write(s =>
        {
            foreach (ulong device in devices)
            {
                DeviceRecord record = s.Devices.Find(new Eui64(device))!;
                s.Cpl.Put(new CplEntry(record.Manufacturer, record.Model, component, version, hash));
            }
        });
        string requestId = $"{Requester}:{new Eui64(StandardBench.HubEui)}:{++_counter}";
        FirmwareUpdateResult result = Handlers.FirmwareUpdate.Handle(new FirmwareUpdateRequest(requestId, FirmwareUpdateKind.UpdatePpmidFirmware,
            Convert.ToBase64String(image.Bytes), version, devices.Select(d => new Eui64(d)).ToList()));
        Engine.Wake();
        return result;
    }

    public FirmwareProgressRecord ProgressOf(FirmwareUpdateResult request, ulong device) =>
        Store.Read(s => s.Firmware.FindProgress(request.Request!.RowId, new Eui64(device)))!;

    public bool Finished(FirmwareUpdateResult request, ulong device) =>
        FirmwareProgressTransitions.IsTerminal(ProgressOf(request, device).State);

    public IReadOnlyList<DccAlertRecord> AlertRows() => Store.Read(s => s.Alerts.All());

    /// <summary>Codes of the alerts issued about <paramref name="device"/>, in order.</summary>
    public string[] AlertCodes(ulong device) => Alerts.Where(a => a.DeviceId == new Eui64(device)).Select(a => a.AlertCode).ToArray();

    /// <summary>
    /// Kills the host now (its RAM and the frames in flight to it are gone), keeps it down for <paramref name="downMs"/>
    /// of bench time (frames to it are lost), then starts a new host process on the same inventory file.
    /// </summary>
    public void CrashHost(long downMs)
    {
        MediumNode node = Bench.Medium.FindNode(StandardBench.HostEui)!;
        Stub.Stop();
        node.Detach();
        Store.Dispose();
        Bench.RunFor(downMs);
        Store = InventoryStore.Open(Path, Time);
        ReplaceHost();
    }

    /// <summary>A new host process on the bench's host node: counters from the inventory (above every one sent before).</summary>
    private void ReplaceHost()
    {
        MediumNode node = Bench.Medium.FindNode(StandardBench.HostEui)!;
        Stub.Stop();
        Stub = new HostStub(Bench.Scheduler, StandardBench.HostEui, StandardBench.HubEui, node.Port(HopKind.Wire), new InventoryOriginatorCounter(Store));
        _hostKeys?.Invoke(Stub.Session.Options.Keys);
        node.Attach(new LossyInbox(Stub, frame => DropToHost?.Invoke(frame) == true));
        StartEngine();
    }

    public void Dispose()
    {
        Stub.Stop();
        Store.Dispose();
        foreach (string file in InventoryStore.FilesOf(Path))
        {
            File.Delete(file);
        }
    }

    private void StartEngine()
    {
        // Composed as every HanBench host is (demo, bench run, csp run): what the inventory holds is taken up at start.
        Runtime = CspRuntime.Attach(Store, Stub.Session, _settings);
        Handlers = Runtime.Handlers;
        Engine = Runtime.Engine;
        Engine.AlertIssued += Alerts.Add;
        Engine.ProgressChanged += Progress.Add;
        Engine.Log += Log.Add;
        Engine.Wake();
    }

    /// <summary>The host as its WAN node sees it: frames <c>drop</c> picks never reach it.</summary>
    private sealed class LossyInbox(IDeviceRole inner, Func<HanFrame, bool> drop) : IDeviceRole
    {
        public long NextWakeMs => inner.NextWakeMs;

        public void Start(long nowMs) => inner.Start(nowMs);

        public void Tick(long nowMs) => inner.Tick(nowMs);

        public void OnFrame(IFrameLink link, HanFrame frame)
        {
            if (!drop(frame))
            {
                inner.OnFrame(link, frame);
            }
        }
    }
}
