using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using HanBench.Benchmarks.Reporting;
using Perfolizer.Horology;

namespace HanBench.Benchmarks;

/// <summary>The two ways to run the benchmarks: a full run for figures to keep, a quick one for a developer.</summary>
public static class BenchmarkConfigs
{
    /// <summary>Iteration length of the quick job: a fifth of BenchmarkDotNet's default, enough for these short operations.</summary>
    public static readonly TimeInterval QuickIterationTime = TimeInterval.FromMilliseconds(100);

    /// <summary>
    /// MediumRun with one launch: a separate process per benchmark, built by BenchmarkDotNet, 10 warm-up and 15
    /// measured iterations of 500 ms. About 15 s a benchmark, 6 minutes for all of them on a 2-core machine.
    /// (BenchmarkDotNet's default job goes on to 100 iterations on a noisy shared machine: 2 minutes a benchmark.)
    /// </summary>
    public static IConfig Full() => Create(Job.MediumRun.WithLaunchCount(1).WithId("Full"));

    /// <summary>
    /// ShortRun (1 launch, 3 warm-up and 3 measured iterations) of 100 ms each, in this process (no project build per
    /// benchmark): every figure in well under a minute, with wider error bars.
    /// </summary>
    public static IConfig Quick() => Create(Job.ShortRun
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithIterationTime(QuickIterationTime)
        .WithId("Quick"));

    private static ManualConfig Create(Job job)
    {
        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new ThroughputColumn());
    }
}
