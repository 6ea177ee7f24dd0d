using HanBench.Protocol.Management;

namespace HanBench.Host.Inventory;

/// <summary>
/// The Alt HAN Device Variant of a point-to-point bridge as the inventory holds it (SECMP0170 §4.2: "four main types …
/// B1, B2, B3 and B4 and for each type there will be a unique 'Alt HAN Device Variant' value"). The DSP stores it in the
/// SMETS Variant field of a PPMID (§4.4 Data Manager) as the text "B1"…"B4" and uses it, not the CPL, to tell a bridge
/// from a real PPMID. The enumeration is the portable <see cref="AltHanVariant"/>, the one the devices report; its
/// <see cref="AltHanVariant.None"/> is never stored (a device that is not a bridge has no variant: null).
/// </summary>
public static class AltHanVariants
{
    /// <summary>The four bridge variants, B1–B4, in order.</summary>
    public static IReadOnlyList<AltHanVariant> Bridges { get; } = [AltHanVariant.B1, AltHanVariant.B2, AltHanVariant.B3, AltHanVariant.B4];

    /// <summary>The stored texts of <see cref="Bridges"/> as an SQL list of literals (<c>'B1', 'B2', …</c>), for queries over <c>smets_variant</c>.</summary>
    public static string SqlList { get; } = string.Join(", ", Bridges.Select(v => $"'{v}'"));

    /// <summary>Parses "B1"…"B4" (exact case, as DUIS would carry it in <c>HANVariant</c> and the inventory stores it); nothing else, "None" included.</summary>
    public static bool TryParse(string? text, out AltHanVariant variant) =>
        EnumText.TryParseExact(text, out variant) && variant != AltHanVariant.None;
}
