using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace HanBench.Host.Inventory;

/// <summary>
/// A device identifier (IEEE EUI-64). DUIS writes it as eight hyphenated hex octets, most significant first
/// (<c>00-DB-12-34-56-78-90-A0</c>, the <c>sr:EUI</c> pattern); the inventory stores that canonical upper-case
/// form so the database reads the same as the XML.
/// </summary>
public readonly record struct Eui64(ulong Value)
{
    private const int OctetCount = 8;

    /// <summary>Parses the DUIS form (<c>00-DB-…</c>, either case) or 16 bare hex digits.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Eui64 eui)
    {
        eui = default;
        if (text is null)
        {
            return false;
        }

        string trimmed = text.Trim();
        string digits;
        if (trimmed.Length == (OctetCount * 3) - 1)
        {
            for (int i = 2; i < trimmed.Length; i += 3)
            {
                if (trimmed[i] != '-')
                {
                    return false;
                }
            }

            digits = trimmed.Replace("-", string.Empty, StringComparison.Ordinal);
        }
        else
        {
            digits = trimmed;
        }

        if (digits.Length != OctetCount * 2 || !ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value))
        {
            return false;
        }

        eui = new Eui64(value);
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/>; throws <see cref="FormatException"/> naming the bad text.</summary>
    public static Eui64 Parse(string text) =>
        TryParse(text, out Eui64 eui) ? eui : throw new FormatException($"'{text}' is not an EUI-64 (expected eight hex octets such as 00-DB-12-34-56-78-90-A0)");

    /// <summary>Characters (and UTF-8 bytes) in the DUIS form.</summary>
    public const int TextLength = (OctetCount * 3) - 1;

    /// <summary>The DUIS form: eight upper-case hex octets joined by hyphens.</summary>
    public override string ToString()
    {
        Span<byte> text = stackalloc byte[TextLength];
        WriteUtf8(text);
        return Encoding.ASCII.GetString(text);
    }

    /// <summary>Writes the DUIS form as <see cref="TextLength"/> UTF-8 bytes, allocating nothing (bulk writes).</summary>
    public void WriteUtf8(Span<byte> text)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(text.Length, TextLength);
        for (int i = 0; i < OctetCount; i++)
        {
            byte octet = (byte)(Value >> (56 - (8 * i)));
            int at = i * 3;
            text[at] = HexDigit(octet >> 4);
            text[at + 1] = HexDigit(octet & 0x0F);
            if (i < OctetCount - 1)
            {
                text[at + 2] = (byte)'-';
            }
        }
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
