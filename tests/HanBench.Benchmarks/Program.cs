using System.Reflection;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using HanBench.Benchmarks;
using HanBench.Benchmarks.Reporting;

// Usage: dotnet run -c Release --project tests/HanBench.Benchmarks -- [--quick] [BenchmarkDotNet options]
// Without --filter every benchmark runs; after BenchmarkDotNet's own tables come the headline figures.
const string QuickOption = "--quick";

if (typeof(BenchmarkData).Assembly.GetCustomAttribute<System.Diagnostics.DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
{
    Console.Error.WriteLine("HanBench.Benchmarks: built without optimisation; run with -c Release");
    return 2;
}

bool quick = args.Contains(QuickOption, StringComparer.Ordinal);
List<string> benchmarkArgs = args.Where(a => a != QuickOption).ToList();
if (!benchmarkArgs.Any(a => a is "--filter" or "-f" || a.StartsWith("--filter=", StringComparison.Ordinal)))
{
    // BenchmarkSwitcher asks on the console which benchmark to run when no filter is given.
    benchmarkArgs.AddRange(["--filter", "*"]);
}

Summary[] summaries = BenchmarkSwitcher
    .FromAssembly(typeof(BenchmarkData).Assembly)
    .Run([.. benchmarkArgs], quick ? BenchmarkConfigs.Quick() : BenchmarkConfigs.Full())
    .ToArray();

if (summaries.Length == 0)
{
    return 0;
}

string title = quick
    ? "HanBench headline figures (quick: ShortRun, 100 ms iterations, in-process; from this run's summaries)"
    : "HanBench headline figures (full: MediumRun, one launch, out of process; from this run's summaries)";
HeadlineFigures.Print(Console.Out, title, HeadlineFigures.Compute(summaries));

bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
