using System.Globalization;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;

namespace HanBench.Cli.Commands;

/// <summary>
/// What <c>csp run</c> prints, one record per line (safe from any thread), and what it remembers for its exit code: a
/// progress line when an update changes state or leg and at every tenth of a leg (never the same line twice: a hub that
/// is not there used to print <c>DeliveringToHub</c> every second), the engine's notes and alerts, the WAN link coming
/// and going, and every update that failed in this run (so <c>--exit-when-idle</c> exits 1 after a failed distribution).
/// </summary>
internal sealed class CspRunOutput
{
    private readonly CliConsole _console;
    private readonly object _gate = new();
    private readonly Dictionary<(long Row, Eui64 Device), string> _last = [];
    private readonly List<string> _failures = [];

    public CspRunOutput(CliConsole console)
    {
        _console = console;
    }

    /// <summary>Updates that failed, and other failed steps (a refused join, an 11.2 that got no version), in this run.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>Prints one line.</summary>
    public void Line(string text)
    {
        lock (_gate)
        {
            _console.Out.WriteLine(text);
            _console.Out.Flush();
        }
    }

    /// <summary>Records a failed step and prints it.</summary>
    public void Fail(string text)
    {
        lock (_gate)
        {
            _failures.Add(text);
        }

        Line($"failed {text}");
    }

    /// <summary>The engine's view of one update changed.</summary>
    public void Progress(DistributionProgress progress)
    {
        string leg = progress.Leg switch
        {
            DistributionLeg.Hub => " CSP→hub",
            DistributionLeg.Han => " hub→HAN",
            _ => string.Empty,
        };
        string bytes = progress.Leg == DistributionLeg.None || progress.IsFinished || progress.BytesTotal <= 0
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" {(int)(progress.Percent / 10) * 10}% of {progress.BytesTotal} bytes");
        string line = $"progress {progress.DeviceId} {progress.Component} {progress.FirmwareVersion} {progress.State}{leg}{bytes}";
        lock (_gate)
        {
            (long, Eui64) key = (progress.RequestRowId, progress.DeviceId);
            if (_last.TryGetValue(key, out string? last) && last == line)
            {
                return;
            }

            _last[key] = line;
        }

        Line(line);
        if (progress.State == FirmwareProgressState.Failed)
        {
            Fail($"{progress.DeviceId} {progress.Component} {progress.FirmwareVersion} (request {progress.RequestId}): {progress.FailureReason ?? "no reason given"}");
        }
    }

    /// <summary>A queued credential request was sent, or ended (a refusal is a failed step).</summary>
    public void Credential(CredentialRequestRecord request)
    {
        string line = $"credentials {request.RequestId} {request.ServiceReferenceVariant} {request.DeviceId} {request.State}";
        if (request.State == CredentialRequestState.Refused)
        {
            Fail($"{line} {request.ResponseCode}: {request.Outcome}");
        }
        else
        {
            Line(request.IsFinished ? $"{line} {request.ResponseCode}: {request.Outcome}" : line);
        }
    }

    /// <summary>A line from the WAN link's pump (connected, peer gone, cannot open), said as the link's state.</summary>
    public void Link(string text) => Line($"link {text}");
}
