using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Tooling.Demo;

/// <summary>
/// The Comms Hub's own firmware: 11.1 to the hub, then 11.3 (CS06), checked against what the hub itself reports.
/// </summary>
public sealed partial class DemoRunner
{
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
}
