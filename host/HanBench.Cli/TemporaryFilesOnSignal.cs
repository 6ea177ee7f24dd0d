using System.Runtime.InteropServices;

namespace HanBench.Cli;

/// <summary>
/// Deletes a command's temporary files when SIGINT (Ctrl-C), SIGTERM or SIGQUIT ends the process, which skips every
/// <c>finally</c> and <c>Dispose</c>; the process then says it was stopped and exits with the signal's status (128 + its
/// number), as every command stopped by a signal does (<see cref="StopSignal"/>). Disposing unregisters. Only for files
/// that go anyway: the process ends from the signal handler, wherever the command was; a command with nothing to delete
/// stops through <see cref="StopSignal"/>, finishing what is in flight (review F14).
/// </summary>
public sealed class TemporaryFilesOnSignal : IDisposable
{
    private readonly string[] _files;
    private readonly CliConsole _console;
    private readonly string _command;
    private readonly PosixSignalRegistration[] _registrations;

    /// <summary>Deletes <paramref name="files"/> (at least one) when a signal stops <paramref name="command"/>, said on <paramref name="console"/>'s stderr.</summary>
    public TemporaryFilesOnSignal(IReadOnlyCollection<string> files, CliConsole console, string command)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("no files to delete: a command with none stops through StopSignal", nameof(files));
        }

        _files = [.. files];
        _console = console;
        _command = command;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal)];
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        Delete();

        // The process ends through the runtime's shutdown, in which handlers registered earlier (pooled SQLite
        // connections closing, say) may write a -wal or -shm file back: delete once more at the very end.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete();

        // Exit with the status a shell reports for the signal (128 + its number) rather than letting the signal's
        // default action end the process: that skips the runtime's own exit, which removes its debugger pipes and
        // diagnostic socket (clr-debug-pipe-*, dotnet-diagnostic-*) from the temporary folder.
        context.Cancel = true;
        _console.Error.WriteLine(StopSignal.StoppedLine(_command, context.Signal));
        _console.Error.Flush();
        Environment.Exit(StopSignal.ExitCodeOf(context.Signal));
    }

    private void Delete()
    {
        foreach (string file in _files)
        {
            try
            {
                if (Directory.Exists(file))
                {
                    Directory.Delete(file, recursive: true);
                }
                else
                {
                    File.Delete(file);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort on the way out: the signal still ends the process.
            }
        }
    }
}
