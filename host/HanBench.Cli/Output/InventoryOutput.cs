using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;

namespace HanBench.Cli.Output;

/// <summary><c>inventory init --json</c>: the inventory file and whether this run created it.</summary>
internal sealed record InventoryInitJson(string Inventory, bool Created);

/// <summary><c>inventory list --json</c>: one device and its firmware version per component.</summary>
internal sealed record DeviceJson(
    string DeviceId,
    string DeviceType,
    string Status,
    string Manufacturer,
    string Model,
    string? AltHanVariant,
    string? CommsHubId,
    IReadOnlyDictionary<string, string> FirmwareVersions)
{
    public static DeviceJson From(DeviceRecord device, IReadOnlyDictionary<string, string> versions) => new(
        device.DeviceId.ToString(), device.Type.ToString(), device.Status.ToString(), device.Manufacturer, device.Model,
        device.AltHanVariant?.ToString(), device.CommsHubId?.ToString(), versions);
}

/// <summary><c>inventory prenotify --from FILE --json</c>: devices added and each refusal.</summary>
internal sealed record BulkPrenotificationJson(long Added, IReadOnlyList<ServiceRefusalJson> Refused)
{
    public static BulkPrenotificationJson From(BulkPrenotificationResult result) => new(
        result.Added, [.. result.Refused.Select(r => new ServiceRefusalJson(r.DeviceId.ToString(), r.ResponseCode, r.Message))]);
}

/// <summary>One device a bulk request refused.</summary>
internal sealed record ServiceRefusalJson(string DeviceId, string ResponseCode, string Message);

/// <summary><c>cpl add|list --json</c>: a Central Products List entry.</summary>
internal sealed record CplEntryJson(string Manufacturer, string Model, string Component, string FirmwareVersion, string ManufacturerImageHash, string Status)
{
    public static CplEntryJson From(CplEntry e) => new(e.Manufacturer, e.Model, e.Component, e.FirmwareVersion, e.ManufacturerImageHash, e.Status.ToString());
}
