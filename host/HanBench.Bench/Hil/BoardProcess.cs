using System.Diagnostics;
using System.Text;

namespace HanBench.Bench.Hil;

/// <summary>How to start <c>hanbench board</c>: a program and the arguments that come before <c>board</c>.</summary>
/// <param name="FileName">The program (<c>dotnet</c>, or the <c>hanbench</c> app host).</param>
/// <param name="Prefix">Arguments before <c>board</c> (<c>hanbench.dll</c> when the program is <c>dotnet</c>).</param>
public sealed record BoardCommandLine(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>
    /// The <c>hanbench</c> next to this build: <c>dotnet hanbench.dll</c> with the running <c>dotnet</c> host when there is
    /// one, else the app host. Null when neither is there.
    /// </summary>
    public static BoardCommandLine? NextToThisBuild()
    {
        string directory = AppContext.BaseDirectory;
        string dll = Path.Combine(directory, "hanbench.dll");
        string? current = Environment.ProcessPath;
        if (File.Exists(dll))
        {
            string dotnet = current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
            return new BoardCommandLine(dotnet, [dll]);
        }

        string host = Path.Combine(directory, OperatingSystem.IsWindows() ? "hanbench.exe" : "hanbench");
        return File.Exists(host) ? new BoardCommandLine(host, []) : null;
    }
}

/// <summary>
/// A <c>hanbench board</c> process the bench started for a <see cref="NodeRun.Process"/> node: its links are in-process
/// pseudo-terminals of the board (<c>--link pty</c>), whose paths it prints and the host opens as serial ports, exactly
/// as it opens a USB adapter. Its output is kept (the device log in JUnit reports).
/// </summary>
public sealed class BoardProcess : IAsyncDisposable
{
    private const string PtyPrefix = "pty: ";
    private const string RunningLine = "running;";
    private const int MaxKeptLines = 2000;

    /// <summary>The .NET runtime's switch for its debugger, profiler and EventPipe endpoints (0: none).</summary>
    public const string DiagnosticsVariable = "DOTNET_EnableDiagnostics";

    /// <summary>
    /// How long a board gets to stop by itself once its standard input closes (it runs with <c>--exit-on-stdin-eof</c>)
    /// before it is killed. (HanBench choice: a board stops in well under a second; this is the bound on a loaded machine.)
    /// </summary>
    public static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BoardProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>The node's name.</summary>
    public string Name { get; }

    /// <summary>The pty slave paths, in link order, once running.</summary>
    public IReadOnlyList<string> PtyPaths { get; private set; } = [];

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>board</c> with <paramref name="arguments"/> and waits (bounded) until it runs; throws with its output when it does not.</summary>
    public static async Task<BoardProcess> StartAsync(BoardCommandLine command, string name, IReadOnlyList<string> arguments, TimeSpan patience, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string argument in command.Prefix.Append("board").Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        // No debugger pipes or diagnostic socket (clr-debug-pipe-*, dotnet-diagnostic-* in the temporary folder): a board
        // that has to be killed cannot remove them, and a bench run must leave nothing behind (issue 13 §1 "Resume").
        info.Environment[DiagnosticsVariable] = "0";

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var board = new BoardProcess(process, name);
        process.OutputDataReceived += (_, e) => board.Add(e.Data);
        process.ErrorDataReceived += (_, e) => board.Add(e.Data is null ? null : "stderr: " + e.Data);
        process.Exited += (_, _) => board._running.TrySetException(new InvalidOperationException($"{name}: the board process exited ({SafeExitCode(process)})"));
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{name}: cannot start {command.FileName}: {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await board._running.Task.WaitAsync(patience, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await board.DisposeAsync().ConfigureAwait(false);
            string reason = ex is TimeoutException ? $"not running within {patience.TotalSeconds:F0} s" : ex.Message;
            throw new InvalidOperationException($"{name}: {reason}\n{board.Output(40)}", ex);
        }
        catch (OperationCanceledException)
        {
            // Stopped while it started (Ctrl-C, SIGTERM): the process is ours to stop, not left running on its own.
            await board.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return board;
    }

    /// <summary>The last <paramref name="maxLines"/> lines the process wrote.</summary>
    public string Output(int maxLines)
    {
        lock (_lines)
        {
            return string.Join("\n", _lines.Skip(Math.Max(0, _lines.Count - maxLines)));
        }
    }

    /// <summary>
    /// Stops the process: closes its standard input, on which the board stops cleanly, and kills it only when it has not
    /// within <see cref="StopPatience"/> (the bench's board state is a temporary directory either way).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    _process.StandardInput.Close();
                    await _process.WaitForExitAsync().WaitAsync(StopPatience).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or TimeoutException)
                {
                    Add($"stop: no clean stop ({ex.Message}); killing it");
                }
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            Add($"stop: {ex.Message}");
        }

        _process.Dispose();
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return $"exit code {process.ExitCode}";
        }
        catch (InvalidOperationException)
        {
            return "exit code unknown";
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            if (_lines.Count > MaxKeptLines)
            {
                _lines.RemoveRange(0, _lines.Count - MaxKeptLines);
            }

            if (line.StartsWith(PtyPrefix, StringComparison.Ordinal))
            {
                PtyPaths = [.. PtyPaths, line[PtyPrefix.Length..].Trim()];
            }
        }

        if (line.StartsWith(RunningLine, StringComparison.Ordinal))
        {
            _running.TrySetResult();
        }
    }
}
