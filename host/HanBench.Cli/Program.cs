namespace HanBench.Cli;

/// <summary>Entry point of <c>hanbench</c>.</summary>
public static class Program
{
    public static int Main(string[] args) => HanBenchCli.Run(args, CliConsole.ForProcess());
}
