using HanBench.Host.Inventory;
using HanBench.Host.Reports;

namespace HanBench.Host.Ssi;

/// <summary>One device as the SSI lists it: its inventory record and current firmware version per component.</summary>
public sealed record SsiDevice(DeviceRecord Device, IReadOnlyDictionary<string, string> Firmware)
{
    /// <summary>The device type the SSI shows (see <see cref="SsiReadModel.DisplayType"/>).</summary>
    public string DisplayType => SsiReadModel.DisplayType(Device);
}

/// <summary>One device's part of a firmware request, with the request it belongs to.</summary>
public sealed record SsiProgress(FirmwareRequestRecord Request, FirmwareProgressRecord Progress)
{
    /// <summary>Percent of the current leg's bytes done (0 when the size is not known yet).</summary>
    public double Percent => Progress.BytesTotal <= 0 ? 0 : Math.Clamp(100.0 * Progress.BytesDone / Progress.BytesTotal, 0, 100);

    /// <summary>Whether the update has ended (activated or failed).</summary>
    public bool Ended => Progress.State is FirmwareProgressState.Activated or FirmwareProgressState.Failed;
}

/// <summary>
/// What the Self-Service Interface reads from the inventory. Read-only by construction: every query goes through
/// <see cref="InventoryStore.Read{T}"/>; actions stay with the signed DUIS endpoint and the CLI. Every list is bounded
/// (<see cref="MaxRows"/>), so a page costs the same on a bench and on an inventory of millions of devices.
/// </summary>
public sealed class SsiReadModel(InventoryStore store)
{
    /// <summary>The type label of an Alt HAN P2P Device (SECMP0170 §4.4: a separate device type in the SSI).</summary>
    public const string AltHanDeviceType = "Alt HAN P2P Device";

    /// <summary>The most rows a list view shows.</summary>
    public const int MaxRows = 500;

    /// <summary>The device types a filter may name: <see cref="AltHanDeviceType"/> and every DUIS device type.</summary>
    public static IReadOnlyList<string> DeviceTypes { get; } = [AltHanDeviceType, .. Enum.GetNames<DeviceType>()];

    /// <summary>The inventory read.</summary>
    public InventoryStore Store { get; } = store;

    /// <summary>
    /// The device type the SSI shows. SECMP0170 §4.4 (SD2.1.3): the SSI must "recognise AltHAN and present as separate
    /// device type"; the DSP keeps such a device as a PPMID for processing (§4.2), so the inventory's type stays PPMID.
    /// </summary>
    public static string DisplayType(DeviceRecord device) => device.IsAltHan ? AltHanDeviceType : device.Type.ToString();

    /// <summary>Devices of one display type (null: all), in EUI-64 order, at most <see cref="MaxRows"/>.</summary>
    public IReadOnlyList<SsiDevice> Devices(string? displayType)
    {
        (DeviceType? type, bool? altHan) = displayType switch
        {
            null => ((DeviceType?)null, (bool?)null),
            AltHanDeviceType => (DeviceType.PPMID, true),
            _ => (Enum.Parse<DeviceType>(displayType), displayType == nameof(DeviceType.PPMID) ? false : null),
        };
        return Store.Read(s => s.Devices.Page(MaxRows, type, altHan).Select(d => new SsiDevice(d, s.Devices.FirmwareVersions(d.DeviceId))).ToList());
    }

    /// <summary>A device's details (firmware history, the requests that touched it) and its newest alerts, or null if unknown.</summary>
    public SsiDeviceDetails? Device(Eui64 id) => Store.Read(s =>
        DeviceDeploymentRecord.For(s, id) is { } record ? new SsiDeviceDetails(record, s.Alerts.Latest(MaxRows, id)) : null);

    /// <summary>Every device's part of the newest firmware requests, newest request first, at most <see cref="MaxRows"/> rows.</summary>
    public IReadOnlyList<SsiProgress> Progress() => Store.Read(s =>
    {
        var requests = new Dictionary<long, FirmwareRequestRecord?>();
        var rows = new List<SsiProgress>();
        foreach (FirmwareProgressRecord progress in s.Firmware.Latest(MaxRows))
        {
            if (!requests.TryGetValue(progress.RequestRowId, out FirmwareRequestRecord? request))
            {
                requests[progress.RequestRowId] = request = s.Firmware.FindRequest(progress.RequestRowId);
            }

            if (request is not null)
            {
                rows.Add(new SsiProgress(request, progress));
            }
        }

        return rows;
    });

    /// <summary>The deployment records (SECMP0170 requirement 5) of the Alt HAN P2P Devices, at most <see cref="MaxRows"/>.</summary>
    public IReadOnlyList<DeviceDeploymentRecord> Deployments() => Store.Read(s => s.Devices.Page(MaxRows, DeviceType.PPMID, altHan: true)
        .Select(d => DeviceDeploymentRecord.For(s, d.DeviceId))
        .OfType<DeviceDeploymentRecord>()
        .ToList());

    /// <summary>The newest DCC alerts, newest first, at most <see cref="MaxRows"/>.</summary>
    public IReadOnlyList<DccAlertRecord> Alerts() => Store.Read(s => s.Alerts.Latest(MaxRows));
}

/// <summary>A device's deployment record (SECMP0170 requirement 5) and the DCC alerts about it, newest first.</summary>
public sealed record SsiDeviceDetails(DeviceDeploymentRecord Record, IReadOnlyList<DccAlertRecord> Alerts);
