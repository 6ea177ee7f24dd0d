namespace HanBench.Host.Inventory;

/// <summary>Smart Metering Inventory device status, named exactly as DUIS <c>sr:DeviceStatus</c> spells it.</summary>
public enum DeviceStatus
{
    /// <summary>Pre-notified (SRV 12.2) and nothing more.</summary>
    Pending,

    /// <summary>On a Comms Hub's whitelist (SRV 8.11 add) but not yet commissioned.</summary>
    Whitelisted,

    /// <summary>Installed, not commissioned.</summary>
    InstalledNotCommissioned,

    /// <summary>Commissioned: reachable for device service requests such as 11.2 and 11.4.</summary>
    Commissioned,

    /// <summary>Decommissioned.</summary>
    Decommissioned,

    /// <summary>Withdrawn.</summary>
    Withdrawn,

    /// <summary>Suspended.</summary>
    Suspended,

    /// <summary>Under recovery.</summary>
    Recovery,

    /// <summary>Recovered.</summary>
    Recovered,
}

/// <summary>Parsing of <see cref="DeviceStatus"/>.</summary>
public static class DeviceStatuses
{
    /// <summary>Parses the DUIS spelling (exact case).</summary>
    public static bool TryParse(string? text, out DeviceStatus status) => EnumText.TryParseExact(text, out status);
}
