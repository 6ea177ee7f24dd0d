namespace HanBench.Host.Inventory;

/// <summary>
/// Exact-spelling enum parsing for values that come from DUIS XML or the database: <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/>
/// alone would also accept numbers ("3") and case variants, which DUIS does not.
/// </summary>
internal static class EnumText
{
    public static bool TryParseExact<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return text is not null
            && Enum.TryParse(text, ignoreCase: false, out value)
            && Enum.IsDefined(value)
            && string.Equals(value.ToString(), text, StringComparison.Ordinal);
    }

    public static TEnum ParseStored<TEnum>(string text)
        where TEnum : struct, Enum =>
        TryParseExact(text, out TEnum value)
            ? value
            : throw new InvalidOperationException($"the inventory holds '{text}', which is not a {typeof(TEnum).Name}");
}
