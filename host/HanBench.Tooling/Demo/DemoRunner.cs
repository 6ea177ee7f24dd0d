using System.Diagnostics;
using System.Globalization;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Tooling.Demo;

/// <summary>
/// <c>hanbench demo</c>, the main job (README "Two commands"), as plain steps over an <see cref="IDemoBench"/>: a fresh
/// inventory; 12.2 pre-notification and 8.11 commissioning of the PPMID and bridges B1–B4 (carried to the hub as joins);
/// 11.2 (CS08) reads; images on the CPL; 11.4 SiLabs updates for every variant and the PPMID; an 869 KB Broadcom image
/// refused with E110405 and a trimmed one accepted for B1–B3; the distribution engine drives every update to N39; a
/// second 11.2 read; last, the Comms Hub's own firmware: 11.1 delivers its image to the hub (N59, no HAN leg) and 11.3
/// (CS06) activates it, the hub restarting into it and answering with its new version (N64, SECMP0024 §4.1). The front end (the CLI) only renders what <see cref="IDemoObserver"/> is told and the
/// <see cref="DemoReport"/>.
/// </summary>
public sealed partial class DemoRunner
{
    /// <summary>The supplier that sends every request (and receives the alerts).</summary>
    public static readonly Eui64 Supplier = DccSide.Supplier;

    /// <summary>AltHANCo's manufacturer name for the bridges on the CPL.</summary>
    public const string BridgeMaker = DccSide.BridgeMaker;

    /// <summary>The PPMID's manufacturer and model.</summary>
    public const string PpmidMaker = DccSide.PpmidMaker;

    private const uint HubVersion = 0x00020000;
    private const uint SiLabsVersion = 0x00020001;
    private const uint BroadcomVersion = 0x00030001;
    private const uint PpmidVersion = 0x00010201;

    private readonly IDemoBench _bench;
    private readonly DemoOptions _options;
    private readonly IDemoObserver _observer;
    private readonly List<string> _failures = [];
    private readonly List<DemoAlertReport> _alerts = [];
    private readonly Dictionary<ulong, string> _names = [];
    private DccSide _dcc = null!;
    private EarlierRun _earlier = null!;
    private long _startMs;

    /// <summary>A run of the demo on <paramref name="bench"/>.</summary>
    public DemoRunner(IDemoBench bench, DemoOptions options, IDemoObserver observer)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        _bench = bench;
        _options = options;
        _observer = DemoKillPoint.Wrap(observer);
        _names[bench.Hub.Eui64] = bench.Hub.Name;
        foreach (DemoDevice device in bench.Devices.Concat(bench.TrafficDevices))
        {
            _names[device.Eui64] = device.Name;
        }
    }

    /// <summary>Runs every step; failures are collected in the report (never thrown), so the front end can show how far it got.</summary>
    public DemoReport Run()
    {
        var wall = Stopwatch.StartNew();
        long startMs = _bench.NowMs;
        DemoRefusal? refusal = null;
        bool resumed = false;
        bool finishedBefore = false;
        var devices = new List<DemoDeviceReport>();
        using DccSide dcc = DccSide.Open(_bench.Session, _options.InventoryPath, _options.KeepInventory);
        _dcc = dcc;
        try
        {
            InventoryStore store = dcc.Store;
            ServiceRequestHandlers handlers = dcc.Handlers;
            DistributionEngine engine = dcc.Engine;
            _startMs = startMs;
            _earlier = new EarlierRun(store);
            resumed = _earlier.Exists(_bench.Hub.Eui64);
            finishedBefore = resumed && _earlier.Finished(_bench.Hub.Eui64, _bench.Hub.Components[0].Component, FirmwareVersionText.Of(HubVersion));
            if (resumed)
            {
                _observer.Step(finishedBefore
                    ? $"{dcc.Path}: the demo on this inventory finished already; nothing left to do but check it"
                    : $"Resuming on {dcc.Path}: what the earlier run did is kept, the rest continues");
            }

            engine.AlertIssued += Show;
            engine.ProgressChanged += progress => _observer.Progress(progress, NameOf(progress.DeviceId));
            engine.Log += _observer.Note;

            Commission();
            Dictionary<ulong, string?> cs08Before = ReadVersions(handlers, "before");
            Dictionary<ulong, IdentitySnapshot?> before = Identities();

            Dictionary<(ulong, string), DemoImage> images = BuildImages();
            PutOnCpl(store, images);

            _observer.Step("11.4 Update PPMID Firmware: SiLabs image for each bridge variant, and the PPMID's own");
            var wave = new List<DemoUpdate>();
            foreach (DemoDevice device in _bench.Devices)
            {
                DemoComponent first = device.Components[0];
                wave.AddRange(Request(handlers, images[(device.Eui64, first.Component)], [device]));
            }

            engine.Wake();
            RunWave(engine, "SiLabs/PPMID", wave);

            DemoDevice[] broadcomDevices = _bench.Devices.Where(d => d.Components.Any(c => c.Component == FirmwareComponents.Broadcom)).ToArray();
            DemoImage? trimmedImage = broadcomDevices.Length > 0 ? images[(broadcomDevices[0].Eui64, FirmwareComponents.Broadcom)] : null;
            if (trimmedImage is not null && broadcomDevices.All(d => _earlier.Update(trimmedImage, d.Eui64) is not null))
            {
                _observer.Step($"11.4 with the trimmed Broadcom image for {string.Join(", ", broadcomDevices.Select(d => d.Name))}: requested by the earlier run");
                RunWave(engine, "Broadcom", [.. broadcomDevices.Select(d => _earlier.Update(trimmedImage, d.Eui64)!)]);
            }
            else if (trimmedImage is not null)
            {
                _observer.Step($"11.4 with AltHANCo's {_options.BroadcomBytes / 1000} KB Broadcom image for {string.Join(", ", broadcomDevices.Select(d => d.Name))}");
                DemoComponent broadcom = broadcomDevices[0].Components.First(c => c.Component == FirmwareComponents.Broadcom);
                DemoImage oversized = DemoImage.Build(broadcom.ManufacturerCode, broadcom.ImageType, BroadcomVersion, _options.BroadcomBytes, (int)(_options.Seed % int.MaxValue) + 99, "Alt HAN Broadcom full");
                FirmwareUpdateResult refused = SubmitUpdate(handlers, oversized, broadcomDevices, expectAccepted: false);
                if (refused.ResponseCode == DuisResponseCodes.UpdatePpmidFirmwareImageTooLarge)
                {
                    refusal = new DemoRefusal(refused.ResponseCode, refused.Message, oversized.Bytes.Length, Convert.ToBase64String(oversized.Bytes).Length);
                }
                else
                {
                    _failures.Add($"the {oversized.Bytes.Length:N0}-byte Broadcom image was answered {refused.ResponseCode}, not {DuisResponseCodes.UpdatePpmidFirmwareImageTooLarge}");
                }

                _observer.Step($"11.4 again with the Broadcom image trimmed to {_options.TrimmedBroadcomBytes / 1000} KB");
                List<DemoUpdate> trimmed = Request(handlers, trimmedImage, broadcomDevices);
                engine.Wake();
                RunWave(engine, "Broadcom", trimmed);
            }

            Dictionary<ulong, string?> cs08After = ReadVersions(handlers, "after");
            Dictionary<ulong, IdentitySnapshot?> after = Identities();
            devices = Report(store, engine, images, before, after, cs08Before, cs08After);
            devices.Add(UpdateHub(store, handlers, engine));
            CheckAlerts(broadcomDevices);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            _failures.Add(e.Message);
        }

        (long reports, long lost) = _bench.MeterTraffic;
        return new DemoReport(_failures.Count == 0, _failures, devices, _alerts, refusal, _bench.NowMs - startMs, wall.ElapsedMilliseconds,
            reports, lost, _options.KeepInventory ? dcc.Path : null, resumed, finishedBefore);
    }

    private void Commission()
    {
        DemoDevice hub = _bench.Hub;
        _observer.Step($"12.2 Device Pre-notification of the Comms Hub and {_bench.Devices.Count} Type 1 devices; 8.11 adds them to the HAN");
        int sent = 0;
        foreach (ServiceResult result in _dcc.CommissionHub(hub.Eui64, hub.Components[0].Version))
        {
            Expect(result, $"12.2/8.4 {hub.Name}");
            sent++;
        }

        foreach (DemoDevice device in _bench.Devices)
        {
            foreach (ServiceResult result in _dcc.AddDevice(hub.Eui64, device.Eui64, device.Type, device.Variant, device.Components[0].Version))
            {
                Expect(result, $"12.2/8.11 {device.Name}");
                sent++;
            }
        }

        if (sent < 3 + (2 * _bench.Devices.Count))
        {
            _observer.Note($"{(3 + (2 * _bench.Devices.Count)) - sent} of these steps were done by the earlier run and are not repeated");
        }

        // The CSP carries 8.11 to the hub as a join; a device the hub whitelisted that answers through it has joined the HAN
        // (a PPMID that 8.11 left Whitelisted is then Commissioned; SECMP0170 §4.2 commissions an Alt HAN device at 8.11).
        foreach (DemoDevice device in _bench.Devices.Concat(_bench.TrafficDevices))
        {
            ManagementCall join = _bench.Session.Join(device.Eui64, device.JoinAs);
            Wait(() => join.IsCompleted, 120_000, $"join of {device.Name}");
            JoinStatus status = join.Reply?.Join?.Status ?? throw new TimeoutException($"the hub did not answer the join of {device.Name}");
            if (status is not (JoinStatus.Joined or JoinStatus.AlreadyJoined))
            {
                _failures.Add($"the hub refused {device.Name}: {status}");
                continue;
            }

            // Whitelisted is not joined (audit N5): Commissioned once the device answered through the hub.
            if (_bench.Devices.Contains(device) && _dcc.AwaitsJoin(device.Eui64))
            {
                ManagementCall ping = _bench.Session.Ping(device.Eui64);
                Wait(() => ping.IsCompleted, 120_000, $"answer of {device.Name} through the hub");
                if (ping.Reply is null)
                {
                    _failures.Add($"the hub whitelisted {device.Name} but it did not answer through the hub");
                    continue;
                }

                _dcc.RecordJoined(device.Eui64);
            }
        }

        _observer.Note($"{_bench.Devices.Count + _bench.TrafficDevices.Count} devices joined the hub's HAN");
    }

    private Dictionary<ulong, string?> ReadVersions(ServiceRequestHandlers handlers, string when)
    {
        _observer.Step($"11.2 Read Firmware Version (CS08) of every device, {when}");
        var versions = new Dictionary<ulong, string?>();
        foreach (DemoDevice device in _bench.Devices)
        {
            Task<ReadFirmwareVersionResult> task = handlers.ReadFirmwareVersion.HandleAsync(new ReadFirmwareVersionRequest(NextRequestId(device), new Eui64(device.Eui64)));
            Wait(() => task.IsCompleted, 300_000, $"11.2 of {device.Name}");
            ReadFirmwareVersionResult result = task.GetAwaiter().GetResult();
            if (result.ResponseCode != DuisResponseCodes.Success)
            {
                _failures.Add($"11.2 {device.Name}: {result.ResponseCode} {result.Message}");
            }

            versions[device.Eui64] = result.FirmwareVersion;
            _observer.Note($"{device.Name}: {result.Message}");
        }

        return versions;
    }

    private Dictionary<ulong, IdentitySnapshot?> Identities()
    {
        var identities = new Dictionary<ulong, IdentitySnapshot?>();
        foreach (DemoDevice device in _bench.Devices)
        {
            ManagementCall ping = _bench.Session.Ping(device.Eui64);
            Wait(() => ping.IsCompleted, 120_000, $"ping of {device.Name}");
            identities[device.Eui64] = ping.Reply?.Identity;
        }

        return identities;
    }

    /// <summary>A DCC alert, recorded for the report and shown as it is issued.</summary>
    private void Show(IssuedDccAlert alert)
    {
        string name = alert.DeviceId is { } id && _names.TryGetValue(id.Value, out string? n) ? n : alert.DeviceId?.ToString() ?? "-";
        _alerts.Add(new DemoAlertReport(alert.AlertCode, name, alert.RequestId, _bench.NowMs - _startMs));
        _observer.Alert(alert, name);
    }

    /// <summary>
    /// Every alert exactly once, counted in the inventory (so a resumed run counts what the earlier one issued too).
    /// </summary>
    private void CheckAlerts(IReadOnlyList<DemoDevice> broadcomDevices)
    {
        // The hub's own update: delivered once (N59), activated once (N64; no Service User is registered on the demo's
        // inventory, so it goes once to the endpoint's default recipient), nothing on a HAN leg.
        foreach ((string code, int expected) in new[] { (DccAlertCodes.CspDeliverySucceeded, 1), (DccAlertCodes.CommsHubFirmwareActivation, 1), (DccAlertCodes.CommsHubFirmwareTransfer, 0) })
        {
            int count = _earlier.Alerts(_bench.Hub.Eui64, code);
            if (count != expected)
            {
                _failures.Add($"{_bench.Hub.Name}: {count} {code} alert(s), expected {expected}");
            }
        }

        foreach (DemoDevice device in _bench.Devices)
        {
            int updates = device.Components.Count(c => c.Component != FirmwareComponents.Broadcom || broadcomDevices.Contains(device));
            foreach (string code in new[] { DccAlertCodes.CspDeliverySucceeded, DccAlertCodes.CommsHubFirmwareTransfer, DccAlertCodes.PpmidAlert })
            {
                int count = _earlier.Alerts(device.Eui64, code);
                if (count != updates)
                {
                    _failures.Add($"{device.Name}: {count} {code} alert(s), expected {updates}");
                }
            }
        }
    }

    private void Wait(Func<bool> condition, long timeoutMs, string what)
    {
        if (!_bench.RunUntil(condition, timeoutMs))
        {
            throw new TimeoutException($"{what}: nothing within {timeoutMs / 1000} s of bench time");
        }
    }

    private void Expect(ServiceResult result, string what)
    {
        if (result.IsRefused)
        {
            _failures.Add($"{what}: {result.ResponseCode} {result.Message}");
        }
    }

    private string NextRequestId(DemoDevice target) => _dcc.NextRequestId(target.Eui64);

    private string NameOf(Eui64 device) => _names.TryGetValue(device.Value, out string? name) ? name : device.ToString();

    private static (string Maker, string Model) ModelOf(DemoDevice device) => DccSide.ModelOf(device.Variant);
}
