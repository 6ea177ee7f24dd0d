namespace HanBench.Tooling.Benchmarks;

/// <summary>The scale benchmark could not run its own steps: the inventory refused its setup or its 11.4 request.</summary>
public sealed class ScaleBenchmarkException(string message) : Exception(message);
