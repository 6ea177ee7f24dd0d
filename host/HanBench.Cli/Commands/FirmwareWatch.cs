using System.Diagnostics;
using System.Globalization;
using HanBench.Cli.Output;
using HanBench.Host.Inventory;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench firmware status REQUEST --watch</c>: follows one distribution the way Zigbee2MQTT users follow an OTA
/// update, one line per device whenever its state or progress changes (whole percent), with the time left estimated
/// from the bytes moved since the watch began, until every device is Activated or Failed. Reads only: the engine
/// (<c>csp run</c>, a bench) does the work, in this process or another, on the same inventory.
/// </summary>
internal static class FirmwareWatch
{
    public static int Run(CliConsole console, InventoryStore store, string requestId, TimeSpan interval, bool asJson, CancellationToken cancellation)
    {
        var shown = new Dictionary<Eui64, (FirmwareProgressState State, int Percent)>();
        var firstSeen = new Dictionary<Eui64, (long Bytes, long Ms)>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (request, progress) = store.Read(s =>
            {
                FirmwareRequestRecord? r = s.Firmware.FindRequest(requestId);
                return (r, r is null ? [] : s.Firmware.Progress(r.RowId));
            });
            if (request is null)
            {
                throw new CliException($"no firmware request {requestId} (firmware status lists them)", ExitCodes.BadInput);
            }

            foreach (FirmwareProgressRecord p in progress)
            {
                int percent = p.BytesTotal == 0 ? 0 : (int)(100 * p.BytesDone / p.BytesTotal);
                firstSeen.TryAdd(p.DeviceId, (p.BytesDone, clock.ElapsedMilliseconds));
                if (shown.TryGetValue(p.DeviceId, out var last) && last == (p.State, percent))
                {
                    continue;
                }

                shown[p.DeviceId] = (p.State, percent);
                long? leftMs = TimeLeftMs(p, firstSeen[p.DeviceId], clock.ElapsedMilliseconds);
                Print(console, p, percent, leftMs, asJson);
            }

            if (progress.Count > 0 && progress.All(p => FirmwareProgressTransitions.IsTerminal(p.State)))
            {
                return progress.Any(p => p.State == FirmwareProgressState.Failed) ? ExitCodes.Failed : ExitCodes.Ok;
            }

            if (cancellation.WaitHandle.WaitOne(interval))
            {
                return ExitCodes.Ok;
            }
        }
    }

    /// <summary>Time left at the rate seen since the watch began; null until bytes have moved.</summary>
    private static long? TimeLeftMs(FirmwareProgressRecord p, (long Bytes, long Ms) first, long nowMs)
    {
        long moved = p.BytesDone - first.Bytes;
        long elapsed = nowMs - first.Ms;
        if (FirmwareProgressTransitions.IsTerminal(p.State) || moved <= 0 || elapsed <= 0)
        {
            return null;
        }

        return (long)((p.BytesTotal - p.BytesDone) * (double)elapsed / moved);
    }

    private static void Print(CliConsole console, FirmwareProgressRecord p, int percent, long? leftMs, bool asJson)
    {
        if (asJson)
        {
            // One JSON object per line (JSON Lines), so a script can read the stream as it comes.
            CliJson.WriteLine(console.Out, FirmwareWatchJson.From(p, percent, leftMs));
            return;
        }

        string left = leftMs is { } value ? $"\t{TimeSpan.FromMilliseconds(value).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)} left" : string.Empty;
        string reason = p.FailureReason is { } why ? $"\t{why}" : string.Empty;
        console.Out.WriteLine($"{DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}\t{p.DeviceId}\t{p.Component}\t{p.State}\t{percent}%{left}{reason}");
    }
}
