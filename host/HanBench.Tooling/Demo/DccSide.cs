using System.Globalization;
using HanBench.Host.Csp;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;

namespace HanBench.Tooling.Demo;

/// <summary>
/// The DCC side a bench run plays, as both <c>hanbench demo</c> (<see cref="DemoRunner"/>) and <c>hanbench bench run</c>
/// use it: an inventory (a temporary file unless one is named) with the CSP composed on the host's
/// <see cref="HubSession"/> exactly as <c>hanbench csp run</c> composes it (<see cref="CspRuntime"/>), and the Service
/// User's side of a run: the small steps both make: 12.2 pre-notification, 8.11 adding a device to the hub's
/// HAN, commissioning a device once the hub reports it joined, and request ids. Runs on the session's thread.
/// </summary>
public sealed class DccSide : IDisposable
{
    /// <summary>The supplier that sends every request (and receives the alerts).</summary>
    public static readonly Eui64 Supplier = Keystore.DefaultSupplier;

    /// <summary>AltHANCo's manufacturer name for the bridges on the CPL.</summary>
    public const string BridgeMaker = "AHCO";

    /// <summary>The PPMID's manufacturer.</summary>
    public const string PpmidMaker = "PPMF";

    /// <summary>The PPMID's model.</summary>
    public const string PpmidModel = "PPMID-1";

    /// <summary>The Comms Hub's manufacturer.</summary>
    public const string HubMaker = "CHMF";

    /// <summary>The Comms Hub's model.</summary>
    public const string HubModel = "CH-1";

    private readonly bool _keep;
    private ulong _counter;

    private DccSide(string path, bool keep, InventoryStore store, HubSession session)
    {
        Path = path;
        _keep = keep;
        Store = store;
        Csp = CspRuntime.Attach(store, session);
        _counter = store.Read(LastCounterUsed);
    }

    /// <summary>The inventory file.</summary>
    public string Path { get; }

    /// <summary>The inventory.</summary>
    public InventoryStore Store { get; }

    /// <summary>The CSP on the session.</summary>
    public CspRuntime Csp { get; }

    /// <summary>The service requests' seam to devices.</summary>
    public HubDeviceGateway Gateway => Csp.Gateway;

    /// <summary>The service-request handlers.</summary>
    public ServiceRequestHandlers Handlers => Csp.Handlers;

    /// <summary>The distribution engine, attached to the session.</summary>
    public DistributionEngine Engine => Csp.Engine;

    /// <summary>
    /// Opens the inventory at <paramref name="inventoryPath"/> (kept afterwards when <paramref name="keep"/>), or a fresh
    /// temporary one deleted on <see cref="Dispose"/>, with its times on the session's clock.
    /// </summary>
    public static DccSide Open(HubSession session, string? inventoryPath, bool keep)
    {
        ArgumentNullException.ThrowIfNull(session);
        string path = inventoryPath ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hanbench-dcc-{Guid.NewGuid():N}.db");
        InventoryStore store = InventoryStore.Open(path, new ClockTimeProvider(session.Clock, ClockTimeProvider.BenchEpoch));
        return new DccSide(path, keep, store, session);
    }

    /// <summary>
    /// A DUIS request id from <see cref="Supplier"/> about <paramref name="target"/>. Numbers start at 1 in a fresh
    /// inventory, so a run repeats exactly, and continue after the highest one a kept inventory has seen: DUIS refuses
    /// a RequestID used before, so a second run on the same file must not reuse the first run's.
    /// </summary>
    public string NextRequestId(ulong target) => new DuisRequestId(Supplier, new Eui64(target), ++_counter).ToString();

    /// <summary>Manufacturer and model of a PPMID, or of an Alt HAN bridge of <paramref name="variant"/>.</summary>
    public static (string Maker, string Model) ModelOf(AltHanVariant? variant) =>
        variant is { } v ? (BridgeMaker, $"BRIDGE-{v}") : (PpmidMaker, PpmidModel);

    /// <summary>
    /// 12.2 for the Comms Hub, then 8.4 InstalledNotCommissioned and 8.4 Commissioned (the hub is installed, then
    /// commissioned, before its HAN devices). A step an earlier run on the same inventory completed is not repeated (a
    /// resumed <c>demo --inventory</c>): only the results of the steps sent are returned.
    /// </summary>
    public IReadOnlyList<ServiceResult> CommissionHub(ulong hub, uint version)
    {
        var id = new Eui64(hub);
        DeviceRecord? known = Store.Read(s => s.Devices.Find(id));
        var results = new List<ServiceResult>();
        if (known is null)
        {
            results.Add(Handlers.DevicePrenotification.Handle(new DevicePrenotificationRequest(NextRequestId(hub), id, HubMaker, HubModel, DeviceType.CHF,
                FirmwareVersion: FirmwareVersionText.Of(version))));
        }

        if (known?.Status is not (DeviceStatus.InstalledNotCommissioned or DeviceStatus.Commissioned))
        {
            results.Add(Handlers.UpdateInventory.Handle(new UpdateInventoryRequest(NextRequestId(hub), id, new StatusChange(DeviceStatus.InstalledNotCommissioned))));
        }

        if (known?.Status is not DeviceStatus.Commissioned)
        {
            results.Add(Handlers.UpdateInventory.Handle(new UpdateInventoryRequest(NextRequestId(hub), id, new StatusChange(DeviceStatus.Commissioned))));
        }

        return results;
    }

    /// <summary>
    /// 12.2 for a PPMID or Alt HAN bridge, then 8.11 adds it to <paramref name="hub"/>'s HAN; as
    /// <see cref="CommissionHub"/>, a step an earlier run completed is not repeated.
    /// </summary>
    public IReadOnlyList<ServiceResult> AddDevice(ulong hub, ulong device, DeviceType type, AltHanVariant? variant, uint version)
    {
        (string maker, string model) = ModelOf(variant);
        var id = new Eui64(device);
        DeviceRecord? known = Store.Read(s => s.Devices.Find(id));
        var results = new List<ServiceResult>();
        if (known is null)
        {
            results.Add(Handlers.DevicePrenotification.Handle(new DevicePrenotificationRequest(NextRequestId(device), id, maker, model, type,
                FirmwareVersion: FirmwareVersionText.Of(version), AltHanVariant: variant)));
        }

        if (known?.CommsHubId?.Value != hub)
        {
            results.Add(Handlers.UpdateHanDeviceLog.Handle(new UpdateHanDeviceLogRequest(NextRequestId(hub), new Eui64(hub), id, HanDeviceLogAction.Add, 3600,
                device.ToString("X16", CultureInfo.InvariantCulture))));
        }

        return results;
    }

    /// <summary>Whether <paramref name="device"/> is Whitelisted: 8.11 put it on the hub's HAN and it has not answered through the hub yet.</summary>
    public bool AwaitsJoin(ulong device) => Store.Read(s => s.Devices.Find(new Eui64(device)) is { Status: DeviceStatus.Whitelisted });

    /// <summary>The hub whitelisted <paramref name="device"/> and it joined (<see cref="HanJoinKeeper.RecordJoined"/>).</summary>
    public void RecordJoined(ulong device) => Store.Write(s => HanJoinKeeper.RecordJoined(s, new Eui64(device)));

    /// <summary>Submits an 11.4 (PPMID image) or 11.1 (Comms Hub image) for <paramref name="devices"/> and wakes the engine.</summary>
    public FirmwareUpdateResult SubmitUpdate(FirmwareUpdateKind kind, byte[] image, string version, IReadOnlyList<ulong> devices, ulong requestTarget)
    {
        FirmwareUpdateResult result = Handlers.FirmwareUpdate.Handle(new FirmwareUpdateRequest(NextRequestId(requestTarget), kind, Convert.ToBase64String(image), version,
            devices.Select(d => new Eui64(d)).ToList()));
        Engine.Wake();
        return result;
    }

    /// <summary>Closes the inventory; a temporary one is deleted.</summary>
    public void Dispose()
    {
        Csp.Dispose();
        Store.Dispose();
        if (!_keep)
        {
            foreach (string file in InventoryStore.FilesOf(Path))
            {
                File.Delete(file);
            }
        }
    }


    /// <summary>The highest request counter <see cref="Supplier"/> has used in this inventory (every request is audited).</summary>
    private static ulong LastCounterUsed(InventorySession session)
    {
        ulong last = 0;
        foreach (AuditEntry entry in session.Audit.All())
        {
            if (DuisRequestId.TryParse(entry.RequestId, out DuisRequestId id) && id.Originator == Supplier && id.Counter > last)
            {
                last = id.Counter;
            }
        }

        return last;
    }
}
