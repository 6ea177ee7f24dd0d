using System.Globalization;
using HanBench.Tooling.Boards;
using HanBench.Host.Inventory;

namespace HanBench.Tooling.Flashing;

/// <summary>What <c>hanbench flash</c> was asked to do, already parsed.</summary>
/// <param name="Board">The board's profile.</param>
/// <param name="Role">The role to run.</param>
/// <param name="Port">Serial port of the board's COM1 USB connector (<c>/dev/ttyUSB0</c>, <c>COM5</c>).</param>
/// <param name="Eui64">16 upper-case hex digits, or null to let the board derive its own from its MAC.</param>
/// <param name="Variant">Alt HAN device variant B1–B4 (bridges only), or null.</param>
/// <param name="ImagePath">The HanBench app deployment image (<c>.bin</c>).</param>
/// <param name="LinkBaudRate">Baud rate of the board's COM2/COM3 links.</param>
/// <param name="WorkDirectory">Where the role configuration and the nanoff file-deployment JSON are written.</param>
/// <param name="CredentialsPath">The board's credentials record (<c>hanbench-keys.bin</c>) to put on <c>I:</c>, or null for none.</param>
public sealed record FlashRequest(
    BoardProfile Board,
    BoardRole Role,
    string Port,
    string? Eui64,
    string? Variant,
    string ImagePath,
    int LinkBaudRate,
    string WorkDirectory,
    string? CredentialsPath = null)
{
    /// <summary>Alt HAN device variants (SECMP0170): B1–B3 carry two firmware components, B4 one.</summary>
    public static IReadOnlyList<string> Variants { get; } = [.. AltHanVariants.Bridges.Select(v => v.ToString())];

    /// <summary>
    /// Parses an EUI-64: 16 hex digits, optionally in pairs separated by ':' or '-'. All-zero and all-ones are
    /// refused (unset / broadcast). The result is 16 upper-case hex digits, most significant octet first.
    /// </summary>
    public static bool TryParseEui64(string text, out string canonical, out string error)
    {
        canonical = string.Empty;
        string digits = text.Replace(":", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        bool separated = digits.Length != text.Length;
        if (digits.Length != 16 || !digits.All(char.IsAsciiHexDigit) || (separated && text.Length != 23))
        {
            error = $"EUI-64 '{text}' must be 16 hex digits, e.g. 0123456789ABCDEF or 01:23:45:67:89:AB:CD:EF";
            return false;
        }

        ulong value = ulong.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (value == 0 || value == ulong.MaxValue)
        {
            error = $"EUI-64 '{text}' is reserved ({(value == 0 ? "all zeros: unset" : "all ones: broadcast")})";
            return false;
        }

        canonical = value.ToString("X16", CultureInfo.InvariantCulture);
        error = string.Empty;
        return true;
    }
}
