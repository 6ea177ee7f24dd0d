namespace HanBench.Tooling.Benchmarks;

/// <summary>One measured step of the scale benchmark.</summary>
/// <param name="Name">Key in the JSON.</param>
/// <param name="Description">What was done.</param>
/// <param name="Elapsed">Wall-clock time.</param>
/// <param name="Items">Rows or devices handled.</param>
/// <param name="Cpu">Process CPU time the step used (wall time far above it means the machine was busy elsewhere).</param>
public sealed record ScaleStep(string Name, string Description, TimeSpan Elapsed, long Items, TimeSpan Cpu);
