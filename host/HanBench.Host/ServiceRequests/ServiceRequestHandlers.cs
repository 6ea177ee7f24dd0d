using HanBench.Host.Alerts;
using HanBench.Host.Inventory;

namespace HanBench.Host.ServiceRequests;

/// <summary>Every service-request handler over one inventory: what the CLI and the DUIS processor call.</summary>
public sealed class ServiceRequestHandlers
{
    /// <summary>
    /// Builds the handlers. <paramref name="gateway"/> serves 11.2 and 11.3; <paramref name="hasher"/> finds the
    /// Manufacturer Image for 11.4/11.1 (default: <see cref="OtaManufacturerImageHasher"/>); <paramref name="alerts"/>
    /// raises the DCC alerts requests cause (default: a <see cref="DccAlertService"/> with default settings);
    /// <paramref name="keystore"/>'s test CA issues the certificate for a key a device generates (6.17; none: not issued);
    /// with <paramref name="queueCredentials"/> (no device link here: the CLI, <c>serve</c>) credential requests are
    /// acknowledged and queued for the CSP instead of sent through <paramref name="gateway"/>.
    /// </summary>
    public ServiceRequestHandlers(InventoryStore store, IDeviceGateway gateway, IManufacturerImageHasher? hasher = null, ServiceRequestSettings? settings = null, DccAlertService? alerts = null, Keys.Keystore? keystore = null, bool queueCredentials = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(gateway);
        Store = store;
        Settings = settings ?? ServiceRequestSettings.Default;
        DevicePrenotification = new DevicePrenotificationHandler(store);
        UpdateInventory = new UpdateInventoryHandler(store);
        ReadInventory = new ReadInventoryHandler(store);
        UpdateHanDeviceLog = new UpdateHanDeviceLogHandler(store, Settings);
        AltHanRestricted = new AltHanRestrictedHandler(store);
        ReadFirmwareVersion = new ReadFirmwareVersionHandler(store, gateway);
        FirmwareUpdate = new FirmwareUpdateHandler(store, hasher ?? new OtaManufacturerImageHasher(), Settings);
        Alerts = alerts ?? new DccAlertService();
        ActivateFirmware = new ActivateFirmwareHandler(store, gateway, Alerts);
        ManageCredentials = new ManageCredentialsHandler(store, gateway, keystore, queueCredentials);
    }

    /// <summary>SRV 6.15.1, 6.15.2, 6.17, 6.23, 6.24.1, 6.24.2, 8.5: SMKI credential management (CS02).</summary>
    public ManageCredentialsHandler ManageCredentials { get; }

    /// <summary>The DCC alert service the handlers raise alerts through.</summary>
    public DccAlertService Alerts { get; }

    /// <summary>SRV 11.3.</summary>
    public ActivateFirmwareHandler ActivateFirmware { get; }

    /// <summary>The inventory the handlers work on.</summary>
    public InventoryStore Store { get; }

    /// <summary>The limits in force.</summary>
    public ServiceRequestSettings Settings { get; }

    /// <summary>SRV 12.2.</summary>
    public DevicePrenotificationHandler DevicePrenotification { get; }

    /// <summary>SRV 8.4.</summary>
    public UpdateInventoryHandler UpdateInventory { get; }

    /// <summary>SRV 8.2.</summary>
    public ReadInventoryHandler ReadInventory { get; }

    /// <summary>SRV 8.11.</summary>
    public UpdateHanDeviceLogHandler UpdateHanDeviceLog { get; }

    /// <summary>SRV 8.7.2, 8.8.2, 8.9.</summary>
    public AltHanRestrictedHandler AltHanRestricted { get; }

    /// <summary>SRV 11.2.</summary>
    public ReadFirmwareVersionHandler ReadFirmwareVersion { get; }

    /// <summary>SRV 11.4 and 11.1.</summary>
    public FirmwareUpdateHandler FirmwareUpdate { get; }
}
