namespace HanBench.Bench.Hil;

/// <summary>A bench that could not start: which node, and why.</summary>
public sealed class HilStartException(string node, string problem) : Exception($"{node}: {problem}")
{
    /// <summary>The node.</summary>
    public string Node { get; } = node;
}
