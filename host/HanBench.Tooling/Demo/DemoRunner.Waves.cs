using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;

namespace HanBench.Tooling.Demo;

/// <summary>
/// The distribution waves: the images built and put on the CPL, requested by 11.4, run by the engine and reported per
/// device.
/// </summary>
public sealed partial class DemoRunner
{
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
}
