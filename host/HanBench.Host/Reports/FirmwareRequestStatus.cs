using System.Globalization;
using HanBench.Host.Inventory;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Reports;

/// <summary>One distribution request and how many of its devices stand in each state.</summary>
/// <param name="Request">The request.</param>
/// <param name="DevicesPerState">State → devices (states with none are absent).</param>
public sealed record FirmwareRequestSummary(FirmwareRequestRecord Request, IReadOnlyDictionary<FirmwareProgressState, long> DevicesPerState)
{
    /// <summary>Devices in the request.</summary>
    public long Devices => DevicesPerState.Values.Sum();

    /// <summary>Every request, oldest first, with its counts (one grouped query).</summary>
    public static IReadOnlyList<FirmwareRequestSummary> All(InventorySession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var counts = new Dictionary<long, Dictionary<FirmwareProgressState, long>>();
        using (SqliteCommand command = session.Command("SELECT request_row, state, COUNT(*) FROM firmware_progress GROUP BY request_row, state"))
        using (SqliteDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                long row = r.GetInt64(0);
                if (!counts.TryGetValue(row, out Dictionary<FirmwareProgressState, long>? states))
                {
                    counts[row] = states = [];
                }

                states[Enum.Parse<FirmwareProgressState>(r.GetString(1))] = r.GetInt64(2);
            }
        }

        var summaries = new List<FirmwareRequestSummary>();
        using (SqliteCommand command = session.Command("SELECT id FROM firmware_requests ORDER BY id"))
        using (SqliteDataReader r = command.ExecuteReader())
        {
            var rows = new List<long>();
            while (r.Read())
            {
                rows.Add(r.GetInt64(0));
            }

            foreach (long row in rows)
            {
                FirmwareRequestRecord request = session.Firmware.FindRequest(row)!;
                summaries.Add(new FirmwareRequestSummary(request, counts.TryGetValue(row, out var states) ? states : []));
            }
        }

        return summaries;
    }

    /// <summary>ETA-free progress text, e.g. "3/4 activated, 1 failed".</summary>
    public override string ToString() =>
        string.Join(", ", DevicesPerState.OrderBy(p => p.Key).Select(p => $"{p.Value.ToString(CultureInfo.InvariantCulture)} {p.Key}"));
}
