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
public sealed class DemoRunner
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

        // The CSP carries 8.11 to the hub as a join; a device the hub whitelists has joined the HAN (HanBench: the join
        // completing commissions a PPMID that 8.11 left Whitelisted; SECMP0170 §4.2 commissions an Alt HAN device at 8.11).
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

            if (_bench.Devices.Contains(device))
            {
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

    private Dictionary<(ulong, string), DemoImage> BuildImages()
    {
        var images = new Dictionary<(ulong, string), DemoImage>();
        int seed = (int)(_options.Seed % int.MaxValue);
        DemoImage? broadcom = null;
        int bridge = 0;
        foreach (DemoDevice device in _bench.Devices)
        {
            foreach (DemoComponent component in device.Components)
            {
                DemoImage image = component.Component switch
                {
                    FirmwareComponents.Broadcom => broadcom ??= DemoImage.Build(component.ManufacturerCode, component.ImageType, BroadcomVersion, _options.TrimmedBroadcomBytes, seed + 98, "Alt HAN Broadcom trimmed"),
                    FirmwareComponents.SiLabs => DemoImage.Build(component.ManufacturerCode, component.ImageType, SiLabsVersion,
                        _options.SiLabsBytes[Math.Min(bridge, _options.SiLabsBytes.Count - 1)], seed + bridge, $"Alt HAN {device.Variant} SiLabs"),
                    _ => DemoImage.Build(component.ManufacturerCode, component.ImageType, PpmidVersion, _options.PpmidBytes, seed + 50, "PPMID"),
                };
                images[(device.Eui64, component.Component)] = image;
            }

            if (device.Variant is not null)
            {
                bridge++;
            }
        }

        return images;
    }

    private void PutOnCpl(InventoryStore store, Dictionary<(ulong, string), DemoImage> images)
    {
        _observer.Step($"Central Product List: {images.Values.Distinct().Count()} images (SECMP0170 requirement 12: only known images are sent)");
        store.Write(s =>
        {
            foreach (DemoDevice device in _bench.Devices)
            {
                (string maker, string model) = ModelOf(device);
                foreach (DemoComponent component in device.Components)
                {
                    DemoImage image = images[(device.Eui64, component.Component)];
                    s.Cpl.Put(new CplEntry(maker, model, component.Component, image.VersionText, image.ManufacturerImageHash));
                }
            }
        });
    }

    private FirmwareUpdateResult SubmitUpdate(ServiceRequestHandlers handlers, DemoImage image, IReadOnlyList<DemoDevice> devices, bool expectAccepted)
    {
        string base64 = Convert.ToBase64String(image.Bytes);
        FirmwareUpdateResult result = handlers.FirmwareUpdate.Handle(new FirmwareUpdateRequest(NextRequestId(_bench.Hub), FirmwareUpdateKind.UpdatePpmidFirmware, base64,
            image.VersionText, devices.Select(d => new Eui64(d.Eui64)).ToList()));
        string what = $"{image.Bytes.Length / 1000.0:N0} KB ({base64.Length:N0} Base64 characters) for {string.Join(", ", devices.Select(d => d.Name))}";
        _observer.Note($"{result.ResponseCode} {what}: {result.Message}");
        bool accepted = result.ResponseCode == DuisResponseCodes.Acknowledged;
        if (expectAccepted && !accepted)
        {
            _failures.Add($"11.4 {what} was not accepted: {result.ResponseCode} {result.Message}");
        }

        return result;
    }

    /// <summary>
    /// 11.4 of <paramref name="image"/> for <paramref name="devices"/>: an update an earlier run on this inventory requested
    /// already (and that has not failed) is kept, not requested twice; the others are requested now.
    /// </summary>
    private List<DemoUpdate> Request(ServiceRequestHandlers handlers, DemoImage image, IReadOnlyList<DemoDevice> devices)
    {
        var updates = new List<DemoUpdate>();
        var fresh = new List<DemoDevice>();
        foreach (DemoDevice device in devices)
        {
            if (_earlier.Update(image, device.Eui64) is { } kept)
            {
                updates.Add(kept);
                _observer.Note($"{device.Name}: {image.VersionText} was requested by the earlier run ({_earlier.Progress(kept).State}), kept");
            }
            else
            {
                fresh.Add(device);
            }
        }

        if (fresh.Count > 0 && SubmitUpdate(handlers, image, fresh, expectAccepted: true) is { Request: { } request } result)
        {
            updates.AddRange(result.With(FirmwareDeviceOutcome.Queued).Select(device => new DemoUpdate(request.RowId, device)));
        }

        return updates;
    }

    private void RunWave(DistributionEngine engine, string wave, IReadOnlyList<DemoUpdate> updates)
    {
        _observer.Step($"Distribution ({wave}): CSP → Comms Hub → HAN, one update per device, alerts as they arrive");

        // Updates a resumed run finds finished are not waited for; the engine reports on the rest (the inventory is read
        // once here and once at the end, not at every bench event).
        var open = updates.Where(u => !FirmwareProgressTransitions.IsTerminal(_earlier.Progress(u).State)).Select(u => (u.RequestRowId, u.Device)).ToHashSet();
        bool Finished()
        {
            int finished = 0;
            foreach (DistributionProgress progress in engine.Progress)
            {
                if (progress.IsFinished && open.Contains((progress.RequestRowId, progress.DeviceId)))
                {
                    finished++;
                }
            }

            return finished == open.Count;
        }

        if (!_bench.RunUntil(Finished, _options.WaveTimeoutMs))
        {
            _failures.Add($"the {wave} updates did not finish within {_options.WaveTimeoutMs / 1000} s of bench time ({engine.ActiveCount} still running)");
        }

        foreach (DemoUpdate update in updates)
        {
            FirmwareProgressRecord progress = _earlier.Progress(update);
            if (progress.State != FirmwareProgressState.Activated)
            {
                _failures.Add($"{NameOf(update.Device)} {progress.Component}: {progress.State}{(progress.FailureReason is { } reason ? $" ({reason})" : string.Empty)}");
            }
        }
    }

    private List<DemoDeviceReport> Report(InventoryStore store, DistributionEngine engine, Dictionary<(ulong, string), DemoImage> images,
        Dictionary<ulong, IdentitySnapshot?> before, Dictionary<ulong, IdentitySnapshot?> after, Dictionary<ulong, string?> cs08Before, Dictionary<ulong, string?> cs08After)
    {
        var reports = new List<DemoDeviceReport>();
        foreach (DemoDevice device in _bench.Devices)
        {
            IReadOnlyDictionary<string, string> inventory = store.Read(s => s.Devices.FirmwareVersions(new Eui64(device.Eui64)));
            var components = new List<DemoComponentReport>();
            foreach (DemoComponent component in device.Components)
            {
                DemoImage image = images[(device.Eui64, component.Component)];
                DistributionProgress? progress = engine.Progress.LastOrDefault(p => p.DeviceId.Value == device.Eui64 && p.Component == component.Component);
                uint? was = before.GetValueOrDefault(device.Eui64)?.VersionOf(component.Id);
                uint? now = after.GetValueOrDefault(device.Eui64)?.VersionOf(component.Id);
                string? recorded = inventory.TryGetValue(component.Component, out string? v) ? v : null;
                components.Add(new DemoComponentReport(component.Component, FirmwareVersionText.Of(was ?? component.Version), now is null ? null : FirmwareVersionText.Of(now.Value), recorded, image.VersionText,
                    (progress?.State ?? _earlier.State(image, device.Eui64))?.ToString() ?? "NotDistributed", image.Bytes.Length, progress?.Timing.HanTransferMs, progress?.Timing.TotalMs));
                if (now != image.Identity.FileVersion)
                {
                    _failures.Add($"{device.Name} {component.Component} runs {(now is null ? "(no answer)" : FirmwareVersionText.Of(now.Value))}, not {image.VersionText}");
                }

                if (!string.Equals(recorded, image.VersionText, StringComparison.OrdinalIgnoreCase))
                {
                    _failures.Add($"the inventory records {device.Name} {component.Component} as {recorded ?? "(none)"}, not {image.VersionText}");
                }
            }

            reports.Add(new DemoDeviceReport(device.Name, new Eui64(device.Eui64).ToString(), device.Variant?.ToString(), cs08Before.GetValueOrDefault(device.Eui64), cs08After.GetValueOrDefault(device.Eui64), components));
        }

        return reports;
    }

    /// <summary>
    /// The Comms Hub's own firmware: 11.1 (the CSP delivers the image, the hub keeps it: N59, Transferred), then 11.3
    /// (CS06): the hub restarts into it and its answer raises N64 (N999 for a Service User on an older DUIS version).
    /// </summary>
    private DemoDeviceReport UpdateHub(InventoryStore store, ServiceRequestHandlers handlers, DistributionEngine engine)
    {
        DemoDevice hub = _bench.Hub;
        var hubId = new Eui64(hub.Eui64);
        DemoComponent component = hub.Components[0];
        _observer.Step("11.1 Update Firmware: the Comms Hub's own image; the CSP delivers it and the hub keeps it (no HAN leg)");
        uint? before = HubIdentityVersion(component.Id);
        DemoImage image = DemoImage.BuildSigned(component.ManufacturerCode, component.ImageType, HubVersion, _options.HubBytes, (int)(_options.Seed % int.MaxValue) + 77, "Comms Hub", _bench.Session.Options.Keys, hub.Eui64);
        store.Write(s => s.Cpl.Put(new CplEntry(DccSide.HubMaker, DccSide.HubModel, component.Component, image.VersionText, image.ManufacturerImageHash)));
        DemoUpdate? kept = _earlier.Update(image, hub.Eui64);
        long? row = kept?.RequestRowId;
        if (kept is not null)
        {
            _observer.Note($"{hub.Name}: {image.VersionText} was requested by the earlier run ({_earlier.Progress(kept).State}), kept");
        }
        else
        {
            string base64 = Convert.ToBase64String(image.Bytes);
            FirmwareUpdateResult update = handlers.FirmwareUpdate.Handle(new FirmwareUpdateRequest(NextRequestId(hub), FirmwareUpdateKind.UpdateFirmware, base64, image.VersionText, [hubId]));
            _observer.Note($"{update.ResponseCode} {image.Bytes.Length / 1000.0:N0} KB ({base64.Length:N0} Base64 characters) for {hub.Name}: {update.Message}");
            if (update.ResponseCode != DuisResponseCodes.Acknowledged)
            {
                _failures.Add($"11.1 for {hub.Name} was not accepted: {update.ResponseCode} {update.Message}");
            }
            else
            {
                row = update.Request!.RowId;
            }
        }

        DistributionProgress? progress = null;
        FirmwareProgressState? state = null;
        if (row is { } requestRow)
        {
            engine.Wake();

            // The engine's view of the update, or the inventory's when the engine has none (what an earlier run finished).
            DistributionProgress? Latest() => engine.Progress.LastOrDefault(p => p.DeviceId == hubId && p.RequestRowId == requestRow);
            FirmwareProgressRecord Recorded() => _earlier.Progress(new DemoUpdate(requestRow, hubId));
            FirmwareProgressState State() => Latest()?.State ?? Recorded().State;
            if (State() == FirmwareProgressState.Activated)
            {
                _observer.Note($"{hub.Name}: {image.VersionText} was activated by the earlier run");
            }
            else if (!_bench.RunUntil(() => State() is FirmwareProgressState.Transferred or FirmwareProgressState.Failed, _options.WaveTimeoutMs)
                || State() != FirmwareProgressState.Transferred)
            {
                _failures.Add($"{hub.Name}: its image did not reach it ({State()}{(Recorded().FailureReason is { } why ? $": {why}" : string.Empty)})");
            }
            else
            {
                _observer.Step($"11.3 Activate Firmware: CS06 to {hub.Name}; it restarts into {image.VersionText} and answers from the new firmware (N64, SECMP0024)");
                Task<ActivateFirmwareResult> task = handlers.ActivateFirmware.HandleAsync(new ActivateFirmwareRequest(NextRequestId(hub), hubId, image.ManufacturerImageHash));
                Wait(() => task.IsCompleted, 600_000, $"11.3 of {hub.Name}");
                ActivateFirmwareResult activated = task.GetAwaiter().GetResult();
                foreach (IssuedDccAlert alert in activated.Alerts)
                {
                    Show(alert);
                }

                _observer.Note($"{activated.ResponseCode} {activated.Message}");
                if (activated.DeviceResponseCode != ActivateFirmwareResponseCode.Success)
                {
                    _failures.Add($"11.3 {hub.Name}: {activated.ResponseCode} {activated.Message}");
                }

                // The engine's view of the 11.1 update follows at its next scan.
                engine.Wake();
                _bench.RunUntil(() => Latest() is { IsFinished: true }, 10_000);
            }

            progress = Latest();
            state = State();
        }

        uint? after = HubIdentityVersion(component.Id);
        string? recorded = store.Read(s => s.Devices.FirmwareVersion(hubId, component.Component));
        if (after != image.Identity.FileVersion)
        {
            _failures.Add($"{hub.Name} runs {(after is null ? "(no answer)" : FirmwareVersionText.Of(after.Value))}, not {image.VersionText}");
        }

        if (!string.Equals(recorded, image.VersionText, StringComparison.OrdinalIgnoreCase))
        {
            _failures.Add($"the inventory records {hub.Name} as {recorded ?? "(none)"}, not {image.VersionText}");
        }

        var report = new DemoComponentReport(component.Component, FirmwareVersionText.Of(before ?? component.Version), after is null ? null : FirmwareVersionText.Of(after.Value), recorded, image.VersionText,
            state?.ToString() ?? "NotDistributed", image.Bytes.Length, null, progress?.Timing.TotalMs);
        return new DemoDeviceReport(hub.Name, hubId.ToString(), null, null, null, [report]);
    }

    /// <summary>The version the hub's management identity reports for <paramref name="component"/> (CS08 is for PPMIDs only).</summary>
    private uint? HubIdentityVersion(FirmwareComponentId component)
    {
        ManagementCall ping = _bench.Session.Ping(_bench.Hub.Eui64);
        Wait(() => ping.IsCompleted, 120_000, $"ping of {_bench.Hub.Name}");
        return ping.Reply?.Identity?.VersionOf(component);
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
