using System.Diagnostics;

namespace HanBench.Conformance.Tests;

/// <summary>
/// DCC Boxed's DUIS signing tool (the jar in the npm package <c>@smartdcc/duis-sign-wrap</c>, installed by
/// <c>.ci/setup</c> into <c>$HANBENCH_CACHE</c> or <c>~/.cache/hanbench</c>), run with <c>java</c>: <c>Sign</c> signs a
/// request with the key its RequestID's originator has in DCC Boxed (and a fresh counter), <c>Validate</c> checks a
/// signed document (XSD, then signature) and prints it unsigned. Tests using it are skipped when java or the jar is missing.
/// </summary>
internal static class DccBoxedSigningTool
{
    private static readonly Lazy<string?> Jar = new(() =>
    {
        string cache = Environment.GetEnvironmentVariable("HANBENCH_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "hanbench");
        string jar = Path.Combine(cache, "duis-sign-wrap", "node_modules", "@smartdcc", "duis-sign-wrap", "dist", "tool.jar");
        return File.Exists(jar) ? jar : null;
    });

    private static readonly Lazy<bool> HasJava = new(() =>
    {
        try
        {
            return Run("java", ["-version"], string.Empty).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary>Signs a request as its originator; the tool gives it a fresh counter.</summary>
    public static string Sign(string xml) => Tool("Sign", xml);

    /// <summary>Validates a signed document; returns the exit code (0 valid, 10 validation failed) and the tool's messages.</summary>
    public static (int ExitCode, string Messages) Validate(string xml)
    {
        (int code, string output, string error) = Run("java", ["-cp", RequireJar(), "uk.co.smartdcc.boxed.xmldsig.Validate", "-"], xml);
        return (code, error + output);
    }

    private static string Tool(string mode, string xml)
    {
        (int code, string output, string error) = Run("java", ["-cp", RequireJar(), $"uk.co.smartdcc.boxed.xmldsig.{mode}", "-"], xml);
        return code == 0 ? output : throw new AssertFailedException($"the DCC Boxed tool's {mode} exited {code}: {error}");
    }

    private static string RequireJar()
    {
        if (!HasJava.Value)
        {
            throw new AssertInconclusiveException("java not found: DCC Boxed's signing tool cannot run (install a Java 11+ runtime)");
        }

        return Jar.Value ?? throw new AssertInconclusiveException("DCC Boxed's signing tool not installed: run `bash .ci/setup` (it needs npm) to put @smartdcc/duis-sign-wrap in ~/.cache/hanbench");
    }

    private static (int ExitCode, string Output, string Error) Run(string file, string[] args, string input)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();

        // Generous: a JVM start on a loaded 2-core machine; a hung tool is a failure, not a hang of the suite.
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"{file} {string.Join(' ', args)} did not finish within 3 minutes");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
