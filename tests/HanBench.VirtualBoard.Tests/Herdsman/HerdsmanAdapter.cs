using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace HanBench.VirtualBoard.Tests.Herdsman;

/// <summary>
/// zigbee-herdsman's own OTA code behind HanBench's thin transport adapter (<c>tools/herdsman-interop/ota-interop.js</c>,
/// copied next to the tests), run with <c>node</c> against the zigbee-herdsman that <c>.ci/setup</c> installs into
/// <c>$HANBENCH_CACHE/zigbee-herdsman</c> (default <c>~/.cache/hanbench</c>). Its output is one JSON record a line; a test
/// is inconclusive, with the reason, when node or the package is missing.
/// </summary>
internal sealed class HerdsmanAdapter : IAsyncDisposable
{
    private static readonly Lazy<bool> HasNode = new(() =>
    {
        try
        {
            using Process? node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            return node is not null && node.WaitForExit(60_000) && node.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    private readonly Process _process;
    private readonly List<JsonObject> _records = [];
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _changed = new(0);

    private HerdsmanAdapter(Process process)
    {
        _process = process;
    }

    public static string Script => Path.Combine(AppContext.BaseDirectory, "herdsman-interop", "ota-interop.js");

    public static string InstallDirectory => Path.Combine(
        Environment.GetEnvironmentVariable("HANBENCH_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "hanbench"),
        "zigbee-herdsman");

    public string Output
    {
        get
        {
            lock (_records)
            {
                return "--- herdsman adapter ---\n" + string.Join("\n", _records.Select(r => r.ToJsonString())) + "\n" + _errors;
            }
        }
    }

    /// <summary>Starts <c>ota-interop.js</c> with <paramref name="arguments"/>; inconclusive without node or herdsman.</summary>
    public static HerdsmanAdapter Start(params string[] arguments)
    {
        if (!HasNode.Value)
        {
            throw new AssertInconclusiveException("node not found: the zigbee-herdsman interop tests need Node.js 20 or later (and `bash .ci/setup` to install zigbee-herdsman)");
        }

        if (!File.Exists(Path.Combine(InstallDirectory, "node_modules", "zigbee-herdsman", "package.json")))
        {
            throw new AssertInconclusiveException($"zigbee-herdsman not installed in {InstallDirectory}: run `bash .ci/setup` (it needs npm)");
        }

        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Script);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("--herdsman");
        info.ArgumentList.Add(InstallDirectory);
        var process = new Process { StartInfo = info };
        var adapter = new HerdsmanAdapter(process);
        process.OutputDataReceived += (_, e) => adapter.Add(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (adapter._records)
            {
                adapter._errors.AppendLine("stderr: " + e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return adapter;
    }

    /// <summary>
    /// Waits (bounded by <paramref name="patience"/>) for the first record whose "event" is <paramref name="name"/>; fails
    /// at once when <paramref name="stopped"/> names a reason to give up (the peer process is gone).
    /// </summary>
    public async Task<JsonObject> WaitForAsync(string name, TimeSpan patience, Func<string?>? stopped = null)
    {
        DateTime deadline = DateTime.UtcNow + patience;
        while (true)
        {
            lock (_records)
            {
                JsonObject? found = _records.FirstOrDefault(r => (string?)r["event"] == name);
                if (found is not null)
                {
                    return found;
                }

                JsonObject? error = _records.FirstOrDefault(r => (string?)r["event"] == "error");
                if (error is not null)
                {
                    throw new AssertFailedException($"the herdsman adapter failed: {error["message"]}\n{Output}");
                }
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new AssertFailedException($"no '{name}' record from the herdsman adapter within {patience.TotalSeconds:0} s\n{Output}");
            }

            if (stopped?.Invoke() is { } reason)
            {
                throw new AssertFailedException($"no '{name}' record from the herdsman adapter: {reason}\n{Output}");
            }

            if (_process.HasExited && !await _changed.WaitAsync(TimeSpan.FromMilliseconds(200)))
            {
                throw new AssertFailedException($"the herdsman adapter exited ({_process.ExitCode}) without a '{name}' record\n{Output}");
            }

            await _changed.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>All records so far.</summary>
    public IReadOnlyList<JsonObject> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
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
        if (line is not null)
        {
            lock (_records)
            {
                try
                {
                    if (JsonNode.Parse(line) is JsonObject record)
                    {
                        _records.Add(record);
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    _errors.AppendLine("not a record: " + line);
                }
            }
        }

        _changed.Release();
    }
}
