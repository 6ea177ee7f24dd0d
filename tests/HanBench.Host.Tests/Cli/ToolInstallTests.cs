using System.Diagnostics;
using System.Reflection;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// <c>hanbench</c> installs as a .NET tool the way the README says: install-hanbench.sh packs the CLI and runs
/// <c>dotnet tool install</c>, into a temporary <c>--tool-path</c> from the build the tests already made, then again from
/// a clone with a new commit (the new build replaces the old), and the README's first command as it stands, as a global tool of a temporary home; the installed command
/// answers <c>--version</c>.
/// </summary>
[TestClass]
public sealed class ToolInstallTests
{
    [TestMethod]
    public void InstallScript_IntoAToolPathThenAgainAfterANewCommit_RunsTheNewBuild()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("install-hanbench.sh is a bash script");
        }

        string root = RepositoryRoot.Path;
        string configuration = typeof(ToolInstallTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string toolPath = Directory.CreateTempSubdirectory("hanbench-tool-").FullName;
        string clone = Directory.CreateTempSubdirectory("hanbench-clone-").FullName;
        string hanbench = Path.Combine(toolPath, "hanbench");
        try
        {
            // First install: from the build the tests already made (no second build).
            (int installed, string installOutput) = Run("bash", Path.Combine(root, "install-hanbench.sh"), "--tool-path", toolPath, "-c", configuration, "--no-build");
            Assert.AreEqual(0, installed, installOutput);
            (int exit, string output) = Run(hanbench, "--version");
            Assert.AreEqual(0, exit, output);
            StringAssert.StartsWith(output.Trim(), "0.1.0");

            // A user pulls a new commit and runs the script again: the installed tool must be that commit's build
            // (a same-version `dotnet tool update` kept the old one and said "update done"). One build, in the clone.
            RunChecked("git", "clone", "--quiet", "--shared", root, clone);
            RunChecked("git", "-C", clone, "-c", "user.name=HanBench test", "-c", "user.email=test@hanbench.invalid", "commit", "--quiet", "--allow-empty", "-m", "a new commit");
            string head = RunChecked("git", "-C", clone, "rev-parse", "HEAD").Trim();

            (int again, string againOutput) = Run("bash", Path.Combine(clone, "install-hanbench.sh"), "--tool-path", toolPath, "-c", configuration);
            Assert.AreEqual(0, again, againOutput);
            string said = againOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).First(l => l.StartsWith("hanbench ", StringComparison.Ordinal));
            StringAssert.Contains(said, "in place of hanbench", "the script says it replaced the installed tool");
            (exit, output) = Run(hanbench, "--version");
            Assert.AreEqual(0, exit, output);
            StringAssert.Contains(output, head[..7], "hanbench --version names the new commit");
        }
        finally
        {
            Directory.Delete(toolPath, recursive: true);
            Directory.Delete(clone, recursive: true);
        }
    }

    [TestMethod]
    public void ReadmeFirstCommand_InATemporaryHome_InstallsAGlobalToolOnThePathItExports()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("the README's first command is for a POSIX shell");
        }

        // The README's line, as it stands, up to the command it then runs: `hanbench --version` instead of `hanbench demo`.
        string root = RepositoryRoot.Path;
        string line = File.ReadLines(Path.Combine(root, "README.md")).Single(l => l.StartsWith("./install-hanbench.sh ", StringComparison.Ordinal));
        const string Then = "&& hanbench demo";
        StringAssert.EndsWith(line, Then, "the README's first command installs, puts the tools on PATH and runs the demo");
        string command = line[..^Then.Length] + "&& hanbench --version";

        // A global tool goes to $HOME/.dotnet/tools (DOTNET_CLI_HOME, where the SDK keeps it): a temporary home, so nothing
        // global changes; NuGet reads the packages already restored, as it would from the real home.
        string home = Directory.CreateTempSubdirectory("hanbench-home-").FullName;
        try
        {
            var info = new ProcessStartInfo("bash") { WorkingDirectory = root };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(command);
            info.Environment["HOME"] = home;
            info.Environment["DOTNET_CLI_HOME"] = home;
            info.Environment["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            (int exit, string output) = Run(info);

            Assert.AreEqual(0, exit, output);
            Assert.IsTrue(File.Exists(Path.Combine(home, ".dotnet", "tools", "hanbench")), $"installed as a global tool of the temporary home\n{output}");
            Assert.IsTrue(output.Split('\n').Any(l => l.StartsWith("0.1.0", StringComparison.Ordinal)), $"the installed hanbench found on PATH says its version\n{output}");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static string RunChecked(string file, params string[] args)
    {
        (int exit, string output) = Run(file, args);
        Assert.AreEqual(0, exit, $"{file} {string.Join(' ', args)}\n{output}");
        return output;
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Run(info);
    }

    /// <summary>Runs <paramref name="info"/> to its end: its exit code, and its stdout followed by its stderr.</summary>
    private static (int ExitCode, string Output) Run(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;

        using Process process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.GetAwaiter().GetResult());
    }
}
