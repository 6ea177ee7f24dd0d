using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Tooling.Demo;

namespace HanBench.Host.Tests.Demo;

/// <summary>Keeps what the demo tells its front end.</summary>
public sealed class RecordingDemoObserver : IDemoObserver
{
    public List<string> Lines { get; } = [];

    public List<(string Code, string Device)> Alerts { get; } = [];

    public int ProgressEvents { get; private set; }

    public void Step(string text) => Lines.Add("## " + text);

    public void Note(string text) => Lines.Add("   " + text);

    public void Alert(IssuedDccAlert alert, string deviceName)
    {
        Alerts.Add((alert.AlertCode, deviceName));
        Lines.Add($"   ALERT {alert.AlertCode} {deviceName}");
    }

    public void Progress(DistributionProgress progress, string deviceName) => ProgressEvents++;

    public override string ToString() => string.Join(Environment.NewLine, Lines);
}
