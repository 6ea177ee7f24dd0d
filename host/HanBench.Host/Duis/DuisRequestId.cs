using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using HanBench.Host.Inventory;

namespace HanBench.Host.Duis;

/// <summary>
/// A DUIS RequestID: business originator EUI-64, business target EUI-64 and a counter,
/// <c>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A4:1000</c>. For a device request the target is the device; for a
/// DCC-only request it is the DCC's own identifier.
/// </summary>
public readonly record struct DuisRequestId(Eui64 Originator, Eui64 Target, ulong Counter)
{
    private static long _lastCounter;

    /// <summary>
    /// A fresh RequestID from <paramref name="originator"/> about <paramref name="target"/> whose counter is the UTC time in
    /// microseconds, raised past the last one issued in this process: it keeps growing across separate runs against the
    /// same inventory (a FirmwareUpdate RequestID may not be reused) and never repeats within one.
    /// </summary>
    public static DuisRequestId Next(Eui64 originator, Eui64 target)
    {
        long counter = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        long previous;
        do
        {
            previous = Interlocked.Read(ref _lastCounter);
            counter = Math.Max(counter, previous + 1);
        }
        while (Interlocked.CompareExchange(ref _lastCounter, counter, previous) != previous);

        return new DuisRequestId(originator, target, (ulong)counter);
    }

    /// <summary>Parses the three colon-separated parts.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out DuisRequestId id)
    {
        id = default;
        string[] parts = text?.Trim().Split(':') ?? [];
        if (parts.Length != 3
            || !Eui64.TryParse(parts[0], out Eui64 originator)
            || !Eui64.TryParse(parts[1], out Eui64 target)
            || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong counter))
        {
            return false;
        }

        id = new DuisRequestId(originator, target, counter);
        return true;
    }

    /// <summary>The ResponseID a response to this request carries: target, originator, counter (as DCC Boxed does).</summary>
    public string ResponseId => $"{Target}:{Originator}:{Counter.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc/>
    public override string ToString() => $"{Originator}:{Target}:{Counter.ToString(CultureInfo.InvariantCulture)}";
}
