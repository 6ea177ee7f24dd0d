namespace HanBench.Host.Tests.Cli;

/// <summary>A <c>hanbench-cli-*</c> folder under the temporary folder for one test, deleted with everything in it.</summary>
public sealed class CliTempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hanbench-cli-").FullName;

    /// <summary>The inventory file of this test (not created until a command writes to it).</summary>
    public string Db => System.IO.Path.Combine(Path, "inventory.db");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public CliResult Run(params string[] args) => CliRunner.Run([.. args, "--db", Db]);

    public CliResult Ok(params string[] args)
    {
        CliResult result = Run(args);
        Assert.AreEqual(0, result.ExitCode, $"{string.Join(' ', args)}\n{result.Output}\n{result.Error}");
        return result;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
