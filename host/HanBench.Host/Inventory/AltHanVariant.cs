namespace HanBench.Host.Inventory;

/// <summary>
/// The Alt HAN Device Variant of a point-to-point bridge (SECMP0170 §4.2: "four main types … B1, B2, B3 and B4
/// and for each type there will be a unique 'Alt HAN Device Variant' value"). The DSP stores it in the SMETS
/// Variant field of a PPMID (§4.4 Data Manager) and uses it, not the CPL, to tell a bridge from a real PPMID.
/// </summary>
public enum AltHanVariant
{
    /// <summary>Bridge 1: SiLabs and Broadcom components.</summary>
    B1,

    /// <summary>Bridge 2: SiLabs and Broadcom components.</summary>
    B2,

    /// <summary>Bridge 3: SiLabs and Broadcom components.</summary>
    B3,

    /// <summary>Bridge 4: a SiLabs component only.</summary>
    B4,
}

/// <summary>Parsing of <see cref="AltHanVariant"/>.</summary>
public static class AltHanVariants
{
    /// <summary>Parses "B1"…"B4" (exact case, as DUIS would carry it in <c>HANVariant</c>).</summary>
    public static bool TryParse(string? text, out AltHanVariant variant) => EnumText.TryParseExact(text, out variant);
}
