using System.Diagnostics;

namespace HanBench.Tooling.Flashing;

/// <summary>Finds nanoff and runs a plan's steps in order, stopping at the first that fails.</summary>
public static class NanoffRunner
{
    /// <summary>
    /// nanoff's full path from <paramref name="pathVariable"/> (default: this process's PATH), or null when it is not
    /// installed (<c>dotnet tool install -g nanoff</c> puts it in <c>~/.dotnet/tools</c>).
    /// </summary>
    public static string? Locate(string? pathVariable = null)
    {
        string path = pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        string[] names = OperatingSystem.IsWindows() ? ["nanoff.exe", "nanoff.cmd", "nanoff"] : ["nanoff"];
        foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in names)
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Runs every step with <paramref name="nanoff"/>, echoing its output to <paramref name="log"/>; returns the
    /// first failed step (1-based) and its exit code, or (0, 0) when all succeeded.
    /// </summary>
    public static async Task<(int FailedStep, int ExitCode)> RunAsync(FlashPlan plan, string nanoff, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        for (int i = 0; i < plan.Steps.Count; i++)
        {
            NanoffStep step = plan.Steps[i];
            log.WriteLine($"[{i + 1}/{plan.Steps.Count}] {step.Title}: {step.CommandLine}");
            int exit = await RunOneAsync(nanoff, step.Arguments, log, cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                return (i + 1, exit);
            }
        }

        return (0, 0);
    }

    private static async Task<int> RunOneAsync(string nanoff, IReadOnlyList<string> arguments, TextWriter log, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(nanoff)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {nanoff}");
        var gate = new object();
        async Task Pump(StreamReader reader)
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lock (gate)
                {
                    log.WriteLine($"  nanoff: {line}");
                }
            }
        }

        await Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError), process.WaitForExitAsync(cancellationToken)).ConfigureAwait(false);
        return process.ExitCode;
    }
}
