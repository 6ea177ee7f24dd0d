namespace HanBench.Bench.Hil;

/// <summary>A bench file that cannot be run: <see cref="Exception.Message"/> is <c>FILE: $.json.path: what is wrong</c>.</summary>
public sealed class BenchFileException : Exception
{
    /// <summary>A defect at <paramref name="jsonPath"/> of <paramref name="file"/>.</summary>
    public BenchFileException(string file, string jsonPath, string problem)
        : base($"{file}: {jsonPath}: {problem}")
    {
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>Where in the file (<c>$.nodes[2].eui64</c>).</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong there.</summary>
    public string Problem { get; }
}
