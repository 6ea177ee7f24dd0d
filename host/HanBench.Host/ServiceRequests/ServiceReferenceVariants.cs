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

    /// <summary>Update Security Credentials (KRP): replace a remote party's certificates on a device, supplier by supplier (CS02b).</summary>
    public const string UpdateSecurityCredentialsKrp = "6.15.1";

    /// <summary>Update Security Credentials (Device): put a device certificate on the device (CS02d).</summary>
    public const string UpdateSecurityCredentialsDevice = "6.15.2";

    /// <summary>Issue Security Credentials: the device generates a new key pair (CS02c).</summary>
    public const string IssueSecurityCredentials = "6.17";

    /// <summary>Update Security Credentials (CoS): the incoming supplier's certificates on change of supplier (CS02b).</summary>
    public const string UpdateSecurityCredentialsCoS = "6.23";

    /// <summary>Retrieve Device Security Credentials (KRP): the remote parties' credentials details a device holds (CS02a).</summary>
    public const string RetrieveDeviceSecurityCredentialsKrp = "6.24.1";

    /// <summary>Retrieve Device Security Credentials (Device): the device's own certificate (CS02e).</summary>
    public const string RetrieveDeviceSecurityCredentialsDevice = "6.24.2";

    /// <summary>Service Opt Out: replace the Access Control Broker's certificate, ACB by ACB (CS02b).</summary>
    public const string ServiceOptOut = "8.5";

    /// <summary>Device Pre-notification.</summary>
    public const string DevicePrenotification = "12.2";
}
