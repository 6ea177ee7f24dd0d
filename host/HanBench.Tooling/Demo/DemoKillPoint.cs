using System.Diagnostics;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;

namespace HanBench.Tooling.Demo;

/// <summary>
/// Test hook, not a user feature: with <see cref="Variable"/> set, the demo kills its own process the moment it reaches the
/// point the variable names, so a process test of resuming (issue 13 §1 "Resume") kills at exactly that point whatever the
/// machine's load, not when a line of output happens to be read. The kill is SIGKILL on POSIX
/// (<see cref="Process.Kill()"/> of the own process; TerminateProcess on Windows): nothing unwinds, no finally block or
/// exit handler runs, only what was written to files before survives, as with <c>kill -9</c>. Before it, one line
/// <c>hanbench: test kill point POINT reached</c> goes to stderr, so a test can tell the hook from a crash.
/// <para>Points (device names as the demo shows them: PPMID, B1–B4, CH):</para>
/// <list type="bullet">
/// <item><c>alert:CODE:DEVICE</c>: right after the first DCC alert CODE (N39, N59, N62, …) for DEVICE is issued, that is
/// recorded in the inventory; <c>alert:N62:B2</c> is B2 holding its whole image, before it activates.</item>
/// <item><c>transferring:DEVICE</c>: the first time DEVICE's HAN leg reports bytes part-way (more than none, fewer than all).</item>
/// </list>
/// Reached on the demo's one thread (<see cref="IDemoObserver"/>), so in virtual time a point is the same bench state on
/// every run.
/// </summary>
public sealed class DemoKillPoint : IDemoObserver
{
    /// <summary>The environment variable naming the point (unset or empty: no hook).</summary>
    public const string Variable = "HANBENCH_TEST_KILL_AT";

    private readonly IDemoObserver _inner;
    private readonly string _point;
    private readonly string _kind;
    private readonly string? _code;
    private readonly string _device;

    private DemoKillPoint(IDemoObserver inner, string point)
    {
        _inner = inner;
        _point = point;
        string[] parts = point.Split(':');
        switch (parts)
        {
            case ["alert", { Length: > 0 } code, { Length: > 0 } device]:
                (_kind, _code, _device) = ("alert", code, device);
                break;
            case ["transferring", { Length: > 0 } device]:
                (_kind, _code, _device) = ("transferring", null, device);
                break;
            default:
                throw new InvalidOperationException($"{Variable}={point}: not a kill point (alert:CODE:DEVICE or transferring:DEVICE)");
        }
    }

    /// <summary><paramref name="observer"/>, behind the kill point <see cref="Variable"/> names when it is set.</summary>
    public static IDemoObserver Wrap(IDemoObserver observer) =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } point ? new DemoKillPoint(observer, point) : observer;

    /// <inheritdoc />
    public void Step(string text) => _inner.Step(text);

    /// <inheritdoc />
    public void Note(string text) => _inner.Note(text);

    /// <inheritdoc />
    public void Alert(IssuedDccAlert alert, string deviceName)
    {
        _inner.Alert(alert, deviceName);
        if (_kind == "alert" && alert.AlertCode == _code && deviceName == _device)
        {
            Kill();
        }
    }

    /// <inheritdoc />
    public void Progress(DistributionProgress progress, string deviceName)
    {
        _inner.Progress(progress, deviceName);
        if (_kind == "transferring" && deviceName == _device && progress.State == FirmwareProgressState.Transferring
            && progress.Leg == DistributionLeg.Han && progress.BytesDone > 0 && progress.BytesDone < progress.BytesTotal)
        {
            Kill();
        }
    }

    private void Kill()
    {
        Console.Out.Flush();
        Console.Error.WriteLine($"hanbench: test kill point {_point} reached");
        Console.Error.Flush();
        using Process self = Process.GetCurrentProcess();
        self.Kill();

        // Kill() of the own process does not return once the signal is delivered; should it, nothing may go on.
        Thread.Sleep(Timeout.Infinite);
    }
}
