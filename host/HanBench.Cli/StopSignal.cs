using System.Runtime.InteropServices;

namespace HanBench.Cli;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (systemd, containers, CI teardown) as one "stop now, cleanly" request for a command
/// that runs until told to stop: the signal's default action (ending the process at once) is cancelled so the command
/// can finish what is in flight; a second signal ends the process at once. Every command stopped by a signal then ends the same way (<see cref="ExitCode"/>): a
/// "stopped by SIGx" line on stderr and the status a shell reports for the signal, 130 for SIGINT, 143 for SIGTERM.
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Not disposed: Request may come after Dispose (board's standard input closing as the process ends), and a source
    // without a timer holds nothing to release.
    private readonly CancellationTokenSource _token = new();
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;

    /// <summary>
    /// Listens for SIGTERM and, when <paramref name="interruptStops"/>, SIGINT; otherwise SIGINT is ignored: for a process
    /// whose parent stops it (a bench's board, which shares the bench's terminal and so gets its Ctrl-C too).
    /// </summary>
    public StopSignal(bool interruptStops = true)
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, interruptStops ? OnSignal : context => context.Cancel = true);
    }

    /// <summary>Completes when a stop was asked for (a signal or <see cref="Request"/>).</summary>
    public Task Requested => _requested.Task;

    /// <summary>Cancelled when a stop was asked for: for work that takes a token (a bench's start and run).</summary>
    public CancellationToken Token => _token.Token;

    /// <summary>The signal that asked for the stop; null while none did (or a stop was asked for from inside).</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>Asks for a stop from inside (e.g. standard input closed).</summary>
    public void Request()
    {
        if (_requested.TrySetResult())
        {
            _token.Cancel();
        }
    }

    /// <summary>
    /// The exit code of <paramref name="command"/>: when a signal stopped it, says so on <paramref name="console"/>'s
    /// stderr and returns the signal's status (<see cref="ExitCodeOf"/>); otherwise <paramref name="otherwise"/>.
    /// </summary>
    public int ExitCode(CliConsole console, string command, int otherwise)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (Signal is not { } signal)
        {
            return otherwise;
        }

        console.Error.WriteLine(StoppedLine(command, signal));
        return ExitCodeOf(signal);
    }

    /// <summary>The line every command prints on stderr when a signal stopped it.</summary>
    public static string StoppedLine(string command, PosixSignal signal) => $"hanbench: {command}: stopped by {signal}";

    /// <summary>The status a shell reports for a process ended by <paramref name="signal"/>: 128 + its POSIX number (the same on Linux and macOS).</summary>
    public static int ExitCodeOf(PosixSignal signal) => 128 + signal switch
    {
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        _ => 15,
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // A second signal while the first one's stop is under way takes the default action and ends the process at once
        // (review R10): a user pressing Ctrl-C again is not kept waiting on a long step. SQLite rolls back what was in
        // flight at the next open, and what was temporary goes at the next run's sweep of per-process folders.
        if (Signal is not null)
        {
            return;
        }

        context.Cancel = true;
        Signal = context.Signal;
        Request();
    }
}
