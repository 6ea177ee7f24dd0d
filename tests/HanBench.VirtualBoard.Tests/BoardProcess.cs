using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace HanBench.VirtualBoard.Tests;

/// <summary>
/// A <c>hanbench board</c> running as its own process (<c>dotnet hanbench.dll board …</c>, the build copied next to the
/// tests), with its output collected line by line and bounded waits for lines that match.
/// </summary>
internal sealed partial class BoardProcess : IAsyncDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _changed = new(0);

    private BoardProcess(Process process, string label)
    {
        _process = process;
        Label = label;
    }

    public string Label { get; }

    public static string HanbenchDll => Path.Combine(AppContext.BaseDirectory, "hanbench.dll");

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return $"--- {Label} ---\n" + string.Join("\n", _lines);
            }
        }
    }

    public int LineCount
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static BoardProcess Start(string label, params string[] arguments) => StartCommand(label, ["board", .. arguments]);

    /// <summary>Any <c>hanbench</c> command as its own process (the arguments after <c>hanbench</c>), in <paramref name="workingDirectory"/> if given.</summary>
    public static BoardProcess StartCommand(string label, string[] arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            // Held open until CloseInput (a board with --exit-on-stdin-eof stops when it closes, as its bench's does).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(HanbenchDll);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var board = new BoardProcess(process, label);
        process.OutputDataReceived += (_, e) => board.Add(e.Data);
        process.ErrorDataReceived += (_, e) => board.Add(e.Data is null ? null : "stderr: " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return board;
    }

    /// <summary>Waits (bounded) for a line from index <paramref name="from"/> on that contains <paramref name="text"/>; returns its index.</summary>
    public async Task<int> WaitForLineAsync(string text, int from = 0)
    {
        DateTime deadline = DateTime.UtcNow + TestPeer.Patience;
        while (true)
        {
            lock (_lines)
            {
                for (int i = from; i < _lines.Count; i++)
                {
                    if (_lines[i].Contains(text, StringComparison.Ordinal))
                    {
                        return i;
                    }
                }
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new AssertFailedException($"{Label}: no line containing '{text}' within {TestPeer.Patience.TotalSeconds} s\n{Output}");
            }

            if (_process.HasExited && !await _changed.WaitAsync(TimeSpan.FromMilliseconds(200)))
            {
                throw new AssertFailedException($"{Label}: exited ({_process.ExitCode}) without a line containing '{text}'\n{Output}");
            }

            await _changed.WaitAsync(left);
        }
    }

    public string Line(int index)
    {
        lock (_lines)
        {
            return _lines[index];
        }
    }

    /// <summary>SIGTERM: the board should stop cleanly.</summary>
    /// <summary>The exit code of a command stopped by SIGTERM: the status a shell reports for it (README, "The CLI").</summary>
    public const int StoppedBySigterm = 143;

    public void Terminate() => Assert.AreEqual(0, Kill(_process.Id, SigTerm), $"kill -TERM {_process.Id}");

    /// <summary>SIGINT: Ctrl+C, which should stop it as cleanly as SIGTERM.</summary>
    public void Interrupt() => Assert.AreEqual(0, Kill(_process.Id, SigInt), $"kill -INT {_process.Id}");

    /// <summary>SIGKILL: a power cut.</summary>
    public void KillHard() => _process.Kill();

    /// <summary>Closes the process's standard input, as a bench that stops its board does.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public async Task<int> WaitForExitAsync(TimeSpan? patienceOverride = null)
    {
        using var patience = new CancellationTokenSource(patienceOverride ?? TestPeer.Patience);
        await _process.WaitForExitAsync(patience.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            _changed.Release();
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        _changed.Release();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

/// <summary>
/// <c>socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B</c>: a null-modem cable between two pseudo-terminals.
/// socat keeps both sides up while programs open and close them, as a cable between two boards would.
/// </summary>
internal sealed class SocatPair : IAsyncDisposable
{
    private readonly Process _process;

    private SocatPair(Process process, string a, string b)
    {
        _process = process;
        A = a;
        B = b;
    }

    public string A { get; }

    public string B { get; }

    public static async Task<SocatPair> StartAsync(string directory, string name)
    {
        string a = Path.Combine(directory, name + "-a");
        string b = Path.Combine(directory, name + "-b");
        var info = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-d");
        info.ArgumentList.Add("-d");
        info.ArgumentList.Add($"pty,raw,echo=0,link={a}");
        info.ArgumentList.Add($"pty,raw,echo=0,link={b}");
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Inconclusive("socat is not installed (.ci/setup installs it)");
            throw;
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var pair = new SocatPair(process, a, b);
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(a) && File.Exists(b)), $"socat to create {a} and {b}");
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
