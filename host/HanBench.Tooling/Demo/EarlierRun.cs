using HanBench.Host.Inventory;

namespace HanBench.Tooling.Demo;

/// <summary>One device's update in one firmware request: what a wave of the demo waits for.</summary>
/// <param name="RequestRowId">The request's inventory row.</param>
/// <param name="Device">The device.</param>
public sealed record DemoUpdate(long RequestRowId, Eui64 Device);

/// <summary>
/// What an earlier <c>demo</c> run on the same kept inventory did (<c>demo --inventory FILE</c> run again after it was
/// stopped or killed), read from the inventory, the one record of it: the demo keeps those steps and does only the rest,
/// so no device is updated twice and no alert is issued twice (the alert writer's idempotency keys see to replays).
/// </summary>
internal sealed class EarlierRun(InventoryStore store)
{
    /// <summary>Whether the inventory holds a run at all (its Comms Hub is known).</summary>
    public bool Exists(ulong hub) => store.Read(s => s.Devices.Find(new Eui64(hub))) is not null;

    /// <summary>Whether the hub's inventory record holds <paramref name="version"/>: the demo's last step finished.</summary>
    public bool Finished(ulong hub, string component, string version) =>
        string.Equals(store.Read(s => s.Devices.FirmwareVersion(new Eui64(hub), component)), version, StringComparison.OrdinalIgnoreCase);

    /// <summary>The update of <paramref name="image"/> that an earlier run requested for <paramref name="device"/> and that has not failed, or null.</summary>
    public DemoUpdate? Update(DemoImage image, ulong device)
    {
        FirmwareProgressRecord? row = Row(image, device);
        return row is null ? null : new DemoUpdate(row.RequestRowId, row.DeviceId);
    }

    /// <summary>Where <paramref name="update"/> stands in the inventory.</summary>
    public FirmwareProgressRecord Progress(DemoUpdate update) =>
        store.Read(s => s.Firmware.FindProgress(update.RequestRowId, update.Device))
        ?? throw new InvalidOperationException($"the inventory has no progress of {update.Device} in request row {update.RequestRowId}");

    /// <summary>Where the latest update of <paramref name="image"/> for <paramref name="device"/> stands, or null when none was requested.</summary>
    public FirmwareProgressState? State(DemoImage image, ulong device) =>
        store.Read(s => s.Firmware.ProgressOfImage(new Eui64(device), image.ManufacturerImageHash)).LastOrDefault()?.State;

    /// <summary>DCC alerts of <paramref name="code"/> about <paramref name="device"/> in the inventory, over every run.</summary>
    public int Alerts(ulong device, string code) =>
        store.Read(s => s.Alerts.All()).Count(a => a.AlertCode == code && a.DeviceId?.Value == device);

    private FirmwareProgressRecord? Row(DemoImage image, ulong device) =>
        store.Read(s => s.Firmware.ProgressOfImage(new Eui64(device), image.ManufacturerImageHash)).LastOrDefault(p => p.State != FirmwareProgressState.Failed);
}
