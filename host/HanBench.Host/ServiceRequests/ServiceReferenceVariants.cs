namespace HanBench.Host.ServiceRequests;

/// <summary>The DUIS service reference variants HanBench handles, as DUIS spells them.</summary>
public static class ServiceReferenceVariants
{
    /// <summary>Read Inventory.</summary>
    public const string ReadInventory = "8.2";

    /// <summary>Update Inventory.</summary>
    public const string UpdateInventory = "8.4";

    /// <summary>Join Service (Non-Critical): not for Alt HAN devices.</summary>
    public const string JoinServiceNonCritical = "8.7.2";

    /// <summary>Unjoin Service (Non-Critical): not for Alt HAN devices.</summary>
    public const string UnjoinServiceNonCritical = "8.8.2";

    /// <summary>Read Device Log: not for Alt HAN devices.</summary>
    public const string ReadDeviceLog = "8.9";

    /// <summary>Update HAN Device Log (add to / remove from a Comms Hub's whitelist).</summary>
    public const string UpdateHanDeviceLog = "8.11";

    /// <summary>Update Firmware (ESME, GSME, Comms Hub).</summary>
    public const string UpdateFirmware = "11.1";

    /// <summary>Read Firmware Version.</summary>
    public const string ReadFirmwareVersion = "11.2";

    /// <summary>Activate Firmware (ESME, GSME, Comms Hub): CS06.</summary>
    public const string ActivateFirmware = "11.3";

    /// <summary>Update PPMID Firmware (PPMID, HCALCS, Alt HAN bridges).</summary>
    public const string UpdatePpmidFirmware = "11.4";

    /// <summary>Device Pre-notification.</summary>
    public const string DevicePrenotification = "12.2";
}
