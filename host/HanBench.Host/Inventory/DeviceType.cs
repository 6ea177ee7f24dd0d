namespace HanBench.Host.Inventory;

/// <summary>
/// Smart Metering Inventory device types, named exactly as the DUIS <c>sr:DeviceType</c> enumeration spells them.
/// An Alt HAN point-to-point bridge is a <see cref="PPMID"/> whose SMETS variant holds B1–B4 (SECMP0170 §4.2).
/// </summary>
public enum DeviceType
{
    /// <summary>Electricity Smart Metering Equipment.</summary>
    ESME,

    /// <summary>Gas Smart Metering Equipment.</summary>
    GSME,

    /// <summary>Gas Proxy Function.</summary>
    GPF,

    /// <summary>Communications Hub Function.</summary>
    CHF,

    /// <summary>HAN Connected Auxiliary Load Control Switch (a Type 1 device).</summary>
    HCALCS,

    /// <summary>Prepayment Meter Interface Device (a Type 1 device); also an Alt HAN bridge.</summary>
    PPMID,

    /// <summary>In-Home Display (a Type 2 device).</summary>
    IHD,

    /// <summary>Consumer Access Device (a Type 2 device).</summary>
    CAD,
}

/// <summary>Rules that follow from a <see cref="DeviceType"/>.</summary>
public static class DeviceTypes
{
    /// <summary>
    /// Type 1 devices, of which a Comms Hub accepts at most six: SECMP0170 §4.2 "Comms Hub allows up to six
    /// Type 1 Devices (PPMID or HCALCS)". Alt HAN bridges are PPMIDs, so they count.
    /// </summary>
    public static bool IsType1(DeviceType type) => type is DeviceType.PPMID or DeviceType.HCALCS;

    /// <summary>Parses the DUIS spelling (exact, upper case).</summary>
    public static bool TryParse(string? text, out DeviceType type) => EnumText.TryParseExact(text, out type);
}
