using System.Runtime.InteropServices;

namespace HanBench.Cli;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (systemd, containers, CI teardown) as one "stop now, cleanly" request for a command
/// that runs until told to stop: the signal's default action (ending the process at once) is cancelled so the command
/// can finish what is in flight and exit 0.
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;

    public StopSignal()
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    /// <summary>Completes when a stop was asked for (a signal or <see cref="Request"/>).</summary>
    public Task Requested => _requested.Task;

    /// <summary>Asks for a stop from inside (e.g. standard input closed).</summary>
    public void Request() => _requested.TrySetResult();

    /// <inheritdoc/>
    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Request();
    }
}
