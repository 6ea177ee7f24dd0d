using System.Diagnostics;
using System.Reflection;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// <c>hanbench</c> installs as a .NET tool the way the README says: install-hanbench.sh packs the CLI and runs
/// <c>dotnet tool install</c>, here into a temporary <c>--tool-path</c> from the build the tests already made (no
/// second build), and the installed command answers <c>--version</c>.
/// </summary>
[TestClass]
public sealed class ToolInstallTests
{
    [TestMethod]
    public void InstallScript_IntoAToolPath_HanbenchVersionRuns()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("install-hanbench.sh is a bash script");
        }

        string root = RepositoryRoot.Path;
        string configuration = typeof(ToolInstallTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string toolPath = Directory.CreateTempSubdirectory("hanbench-tool-").FullName;
        try
        {
            (int installed, string installOutput) = Run("bash", Path.Combine(root, "install-hanbench.sh"), "--tool-path", toolPath, "-c", configuration, "--no-build");
            Assert.AreEqual(0, installed, installOutput);

            (int exit, string output) = Run(Path.Combine(toolPath, OperatingSystem.IsWindows() ? "hanbench.exe" : "hanbench"), "--version");
            Assert.AreEqual(0, exit, output);
            StringAssert.StartsWith(output.Trim(), "0.1.0");
        }
        finally
        {
            Directory.Delete(toolPath, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.GetAwaiter().GetResult());
    }
}
