using HanBench.Host.Csp;
using HanBench.Tooling.Demo;

namespace HanBench.Cli.Commands;

/// <summary>
/// The demo's bench, stopped (Ctrl-C, SIGTERM: <see cref="StopSignal"/>) where the demo lets bench time pass: between two
/// of the bench's events, so whatever inventory transaction an event began has finished. The demo then unwinds with
/// <see cref="OperationCanceledException"/> and closes its inventory as any end does, and a kept one resumes on the next
/// run (review F14: the process was ended from the signal handler, wherever the demo's thread was).
/// </summary>
internal sealed class StoppableDemoBench(IDemoBench inner, Task stopRequested) : IDemoBench
{
    public HubSession Session => inner.Session;

    public DemoDevice Hub => inner.Hub;

    public IReadOnlyList<DemoDevice> Devices => inner.Devices;

    public IReadOnlyList<DemoDevice> TrafficDevices => inner.TrafficDevices;

    public long NowMs => inner.NowMs;

    public (long Reports, long Lost) MeterTraffic => inner.MeterTraffic;

    /// <summary>As the bench's, ending early with <see cref="OperationCanceledException"/> once a stop was asked for.</summary>
    public bool RunUntil(Func<bool> condition, long timeoutMs)
    {
        bool met = inner.RunUntil(() => stopRequested.IsCompleted || condition(), timeoutMs);
        if (stopRequested.IsCompleted)
        {
            throw new OperationCanceledException("the demo was asked to stop");
        }

        return met;
    }
}
