using HanBench.Bench.Radio;
using HanBench.Bench.Time;
using HanBench.Device.Configuration;
using HanBench.Device.Desktop.Storage;
using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Topology;

/// <summary>
/// The bench of docs/ARCHITECTURE.md's picture on the medium, in virtual time, seeded:
/// <code>
/// host ──wire── CH ──ZigBee── PPMID
///               CH ──ZigBee── B1 ═Alt HAN═ B2 ──ZigBee── GSME
///               CH ──ZigBee── B3 ═Alt HAN═ B4 ──ZigBee── IHD
/// </code>
/// The PPMID and the four bridges are Type 1 devices joined to the hub as PPMIDs (five of the six allowed); the GSME
/// and IHD are meter traffic nodes. B2 and B4 reach the hub through B1 and B3. Relayed addresses make the medium deliver
/// a frame to the bridge that forwards it: B1 answers for B2, the GSME, the hub and the host; B2 for the GSME, the hub and
/// the host; likewise B3/B4 for the IHD; the hub answers on its WAN side for every HAN device, and on its HAN side for the
/// host.
/// </summary>
public sealed class StandardBench
{
    /// <summary>The host (DCC side): the well-known bench address a flashed hub expects.</summary>
    public const ulong HostEui = RoleAddressing.DefaultHostEui;

    /// <summary>The Comms Hub: the well-known bench address.</summary>
    public const ulong HubEui = RoleAddressing.DefaultHubEui;

    /// <summary>The PPMID.</summary>
    public const ulong PpmidEui = 0x00DB000000000010UL;

    /// <summary>Bridge B1 (EUI-64s of B2–B4 follow).</summary>
    public const ulong B1Eui = 0x00DB000000000021UL;

    /// <summary>Bridge B2.</summary>
    public const ulong B2Eui = 0x00DB000000000022UL;

    /// <summary>Bridge B3.</summary>
    public const ulong B3Eui = 0x00DB000000000023UL;

    /// <summary>Bridge B4.</summary>
    public const ulong B4Eui = 0x00DB000000000024UL;

    /// <summary>The gas meter behind B1 ═ B2.</summary>
    public const ulong GsmeEui = 0x00DB000000000031UL;

    /// <summary>The IHD behind B3 ═ B4.</summary>
    public const ulong IhdEui = 0x00DB000000000032UL;

    /// <summary>Builds and starts the bench; devices are not joined yet (see <see cref="JoinAll"/>).</summary>
    public StandardBench(ulong seed, StandardBenchOptions? options = null)
    {
        Options = options ?? new StandardBenchOptions();
        Scheduler = new VirtualScheduler(checked(Options.StartMs * 1000));
        Medium = new Medium(Scheduler, seed);
        MediumNode host = Medium.AddNode(HostEui, "host");
        MediumNode hub = Medium.AddNode(HubEui, "CH");
        MediumNode ppmid = Medium.AddNode(PpmidEui, "PPMID");
        MediumNode b1 = Medium.AddNode(B1Eui, "B1");
        MediumNode b2 = Medium.AddNode(B2Eui, "B2");
        MediumNode b3 = Medium.AddNode(B3Eui, "B3");
        MediumNode b4 = Medium.AddNode(B4Eui, "B4");
        MediumNode gsme = Medium.AddNode(GsmeEui, "GSME");
        MediumNode ihd = Medium.AddNode(IhdEui, "IHD");

        Wan = Medium.AddHop(host, hub, HopKind.Wire, Options.Wan);
        Medium.AddHop(hub, ppmid, HopKind.ZigBee, Options.ZigBee);
        Medium.AddHop(hub, b1, HopKind.ZigBee, Options.ZigBee);
        Medium.AddHop(b1, b2, HopKind.AltHan, Options.AltHan);
        Medium.AddHop(b2, gsme, HopKind.ZigBee, Options.ZigBee);
        Medium.AddHop(hub, b3, HopKind.ZigBee, Options.ZigBee);
        Medium.AddHop(b3, b4, HopKind.AltHan, Options.AltHan);
        Medium.AddHop(b4, ihd, HopKind.ZigBee, Options.ZigBee);

        foreach (ulong eui in new[] { PpmidEui, B1Eui, B2Eui, B3Eui, B4Eui, GsmeEui, IhdEui, HostEui })
        {
            hub.AddRelayedAddress(eui);
        }

        Relay(b1, B2Eui, GsmeEui);
        Relay(b2, GsmeEui);
        Relay(b3, B4Eui, IhdEui);
        Relay(b4, IhdEui);

        Host = new HostStub(Scheduler, HostEui, HubEui, host.Port(HopKind.Wire), counters: Options.Counters, provisioning: Options.Provisioning, insecure: Options.Insecure);
        host.Attach(Host);

        Hub = Add("CH", hub, RoleSettings.ForHub(HubEui, HostEui), hub.Port(HopKind.Wire), hub.Port(HopKind.ZigBee));
        Ppmid = Add("PPMID", ppmid, RoleSettings.ForPpmid(PpmidEui, HubEui), ppmid.Port(HopKind.ZigBee), null);
        B1 = Add("B1", b1, RoleSettings.ForBridge(B1Eui, AltHanVariant.B1, HubEui, B2Eui, [B2Eui, GsmeEui]), b1.Port(HopKind.ZigBee), b1.Port(HopKind.AltHan));
        B2 = Add("B2", b2, RoleSettings.ForBridge(B2Eui, AltHanVariant.B2, HubEui, B1Eui, [GsmeEui]), b2.Port(HopKind.AltHan), b2.Port(HopKind.ZigBee));
        B3 = Add("B3", b3, RoleSettings.ForBridge(B3Eui, AltHanVariant.B3, HubEui, B4Eui, [B4Eui, IhdEui]), b3.Port(HopKind.ZigBee), b3.Port(HopKind.AltHan));
        B4 = Add("B4", b4, RoleSettings.ForBridge(B4Eui, AltHanVariant.B4, HubEui, B3Eui, [IhdEui]), b4.Port(HopKind.AltHan), b4.Port(HopKind.ZigBee));
        Gsme = Add("GSME", gsme, RoleSettings.ForMeter(GsmeEui, HubEui), gsme.Port(HopKind.ZigBee), null);
        Ihd = Add("IHD", ihd, RoleSettings.ForMeter(IhdEui, HubEui), ihd.Port(HopKind.ZigBee), null);
        Devices = [Hub, Ppmid, B1, B2, B3, B4, Gsme, Ihd];
        Bridges = [B1, B2, B3, B4];
    }

    /// <summary>The options the bench was built with.</summary>
    public StandardBenchOptions Options { get; }

    /// <summary>Virtual time.</summary>
    public VirtualScheduler Scheduler { get; }

    /// <summary>The medium.</summary>
    public Medium Medium { get; }

    /// <summary>The host–hub wire.</summary>
    public MediumHop Wan { get; }

    /// <summary>The host stub (ACB/CSP side).</summary>
    public HostStub Host { get; }

    /// <summary>The Comms Hub.</summary>
    public BenchDevice Hub { get; }

    /// <summary>The PPMID.</summary>
    public BenchDevice Ppmid { get; }

    /// <summary>Bridge B1.</summary>
    public BenchDevice B1 { get; }

    /// <summary>Bridge B2.</summary>
    public BenchDevice B2 { get; }

    /// <summary>Bridge B3.</summary>
    public BenchDevice B3 { get; }

    /// <summary>Bridge B4.</summary>
    public BenchDevice B4 { get; }

    /// <summary>The GSME meter traffic node.</summary>
    public BenchDevice Gsme { get; }

    /// <summary>The IHD meter traffic node.</summary>
    public BenchDevice Ihd { get; }

    /// <summary>Every device, hub first.</summary>
    public IReadOnlyList<BenchDevice> Devices { get; }

    /// <summary>B1–B4.</summary>
    public IReadOnlyList<BenchDevice> Bridges { get; }

    /// <summary>The device with <paramref name="eui64"/>.</summary>
    public BenchDevice Device(ulong eui64) => Devices.First(d => d.Eui64 == eui64);

    /// <summary>
    /// Joins the PPMID and B1–B4 (as PPMIDs) and the two meters to the hub, one after another, and runs until every
    /// join is answered; throws if one is refused.
    /// </summary>
    public void JoinAll()
    {
        (ulong Eui, HanDeviceType Type)[] joins =
        [
            (PpmidEui, HanDeviceType.Ppmid), (B1Eui, HanDeviceType.Ppmid), (B2Eui, HanDeviceType.Ppmid), (B3Eui, HanDeviceType.Ppmid),
            (B4Eui, HanDeviceType.Ppmid), (GsmeEui, HanDeviceType.Gsme), (IhdEui, HanDeviceType.Ihd),
        ];
        foreach ((ulong eui, HanDeviceType type) in joins)
        {
            byte token = Host.Join(eui, type);
            if (!Scheduler.RunUntil(() => Host.Management.Any(m => m.Token == token && m.Type == ManagementMessageType.JoinResult), Scheduler.NowMs + 10_000))
            {
                throw new InvalidOperationException($"no answer to the join of {eui:X16}");
            }

            JoinStatus status = Host.Management.Last(m => m.Token == token).Join!.Value.Status;
            if (status != JoinStatus.Joined)
            {
                throw new InvalidOperationException($"join of {eui:X16} refused: {status}");
            }
        }
    }

    /// <summary>Runs virtual time until <paramref name="condition"/> holds or <paramref name="timeoutMs"/> pass; returns whether it held.</summary>
    public bool RunUntil(Func<bool> condition, long timeoutMs) => Scheduler.RunUntil(condition, Scheduler.NowMs + timeoutMs);

    /// <summary>Runs virtual time for <paramref name="durationMs"/>.</summary>
    public void RunFor(long durationMs) => Scheduler.RunUntilMs(Scheduler.NowMs + durationMs);

    private static void Relay(MediumNode bridge, params ulong[] behind)
    {
        foreach (ulong eui in behind)
        {
            bridge.AddRelayedAddress(eui);
        }

        bridge.AddRelayedAddress(HubEui);
        bridge.AddRelayedAddress(HostEui);
    }

    /// <summary>Wraps a device's port and has frames arriving on the port reach the role on the wrapper (its link).</summary>
    private IFrameLink Wrap(IFrameLink link)
    {
        IFrameLink wrapper = Options.WrapLink!(link);
        if (link is MediumPort port)
        {
            port.RoleLink = wrapper;
        }

        return wrapper;
    }

    private BenchDevice Add(string name, MediumNode node, RoleSettings configuration, IFrameLink upstream, IFrameLink? downstream)
    {
        configuration.Insecure = Options.Insecure;
        Options.Configure?.Invoke(configuration);
        // The bench's boards live in this process: their state must survive it being killed, not a power cut.
        (ISettingsStore settings, IImageStore images) = Options.StateDirectory is { } state
            ? (new FileSettingsStore(Path.Combine(state, name, "settings"), flushToDisk: false), new FileImageStore(Path.Combine(state, name, "images"), Options.ImageStoreBytes))
            : ((ISettingsStore)new MemorySettingsStore(), (IImageStore)new MemoryImageStore(Options.ImageStoreBytes));

        // A device provisioned on an earlier run keeps what it holds (a credential replacement included).
        if (Options.Unprovisioned?.Invoke(configuration) != true && !settings.Contains(ProvisionedCredentials.SettingsKey))
        {
            Options.Provisioning.Provision(configuration).Save(settings);
        }

        var context = new DeviceContext(Scheduler, images, settings, new MemoryIndicator(), new MemoryLog(Options.LogLines, Options.LogLevel));
        if (Options.WrapLink is not null)
        {
            upstream = Wrap(upstream);
            downstream = downstream is null ? null : Wrap(downstream);
        }

        var device = new BenchDevice(name, node, configuration, context, upstream, downstream);
        device.Attach();
        return device;
    }
}
