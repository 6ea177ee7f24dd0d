using System.Globalization;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Ota;

namespace HanBench.Host.Inventory;

/// <summary>
/// A firmware version as DUIS, the inventory and HanBench's output write it: the four octets of the OTA header's file
/// version (and of GBCS CS08/CS06 payloads) as eight upper-case hex digits, e.g. <c>00020000</c> (docs/PROTOCOL.md §2).
/// </summary>
public static class FirmwareVersionText
{
    /// <summary>The text of <paramref name="version"/>.</summary>
    public static string Of(uint version) => version.ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="text"/> (a DUIS FirmwareVersion) names <paramref name="version"/>: its eight hex digits, any case.</summary>
    public static bool Names(string? text, uint version) => string.Equals(text, Of(version), StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether two DUIS FirmwareVersion texts name the same version (case aside).</summary>
    public static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The file version in the header of the OTA file <paramref name="file"/>, or null when it does not start with one.</summary>
    public static uint? OfOtaFile(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var header = new OtaHeader();
        return OtaHeader.TryDecode(new ByteReader(file, 0, file.Length), header) == OtaFileStatus.Ok ? header.FileVersion : null;
    }

    /// <summary>
    /// Null when <paramref name="requested"/> is the file version <paramref name="file"/>'s OTA header carries (or the file
    /// has no OTA header: whether that is acceptable is the image parser's call); otherwise one sentence naming both. The
    /// device runs the header's version after activation and reports it in CS08 and 0x8F8B, so a request, a CPL entry and
    /// the file they name must agree, or every later alert names a version the device does not run.
    /// </summary>
    public static string? Disagreement(byte[] file, string requested, string requestedAs)
    {
        if (OfOtaFile(file) is not { } header || Names(requested, header))
        {
            return null;
        }

        return $"{requestedAs} {requested} is not the image's version: its OTA header carries file version {Of(header)}";
    }
}
