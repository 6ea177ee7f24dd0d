using HanBench.Host.Inventory;

namespace HanBench.Host.Ssi;

/// <summary>
/// Remaining time of the transfers the SSI shows, estimated from what the inventory records as they go: the bytes done
/// and the time of each update (inventory time, which is bench time on a bench). The rate is the mean since the
/// transfer was first seen moving, so a page opened mid-transfer has an estimate after its second sample. Bounded: a
/// row is forgotten once its transfer ends, and at most <see cref="Capacity"/> transfers are tracked.
/// </summary>
public sealed class SsiRemainingTime
{
    /// <summary>Transfers tracked at once (the SSI shows at most <see cref="SsiReadModel.MaxRows"/> rows).</summary>
    public const int Capacity = SsiReadModel.MaxRows;

    /// <summary>The longest remaining time shown; beyond it the transfer is taken as stalled.</summary>
    public static readonly TimeSpan MaxEstimate = TimeSpan.FromDays(30);

    private readonly Dictionary<(long Request, Eui64 Device, FirmwareProgressState State), (DateTimeOffset At, long Bytes)> _first = [];
    private readonly Lock _lock = new();

    /// <summary>The time left for <paramref name="row"/>'s current leg, or null while it cannot be estimated.</summary>
    public TimeSpan? Estimate(SsiProgress row)
    {
        FirmwareProgressRecord p = row.Progress;
        var key = (p.RequestRowId, p.DeviceId, p.State);
        lock (_lock)
        {
            if (row.Ended || p.BytesTotal <= 0 || p.BytesDone <= 0 || p.BytesDone >= p.BytesTotal)
            {
                _first.Remove(key);
                return null;
            }

            if (!_first.TryGetValue(key, out (DateTimeOffset At, long Bytes) first))
            {
                if (_first.Count >= Capacity)
                {
                    _first.Clear();
                }

                _first[key] = (p.UpdatedUtc, p.BytesDone);
                return null;
            }

            double seconds = (p.UpdatedUtc - first.At).TotalSeconds;
            long moved = p.BytesDone - first.Bytes;
            double left = seconds <= 0 || moved <= 0 ? double.NaN : (p.BytesTotal - p.BytesDone) * seconds / moved;

            // A transfer that has all but stalled has no meaningful estimate (and one past TimeSpan's range would throw).
            return double.IsNaN(left) || left > MaxEstimate.TotalSeconds ? null : TimeSpan.FromSeconds(left);
        }
    }
}
