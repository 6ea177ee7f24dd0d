using System.Globalization;

namespace HanBench.Host.Inventory;

/// <summary>
/// A firmware version as DUIS, the inventory and HanBench's output write it: the four octets of the OTA header's file
/// version (and of GBCS CS08/CS06 payloads) as eight upper-case hex digits, e.g. <c>00020000</c> (docs/PROTOCOL.md §2).
/// </summary>
public static class FirmwareVersionText
{
    /// <summary>The text of <paramref name="version"/>.</summary>
    public static string Of(uint version) => version.ToString("X8", CultureInfo.InvariantCulture);
}
