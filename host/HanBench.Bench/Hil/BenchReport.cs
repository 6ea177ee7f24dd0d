namespace HanBench.Bench.Hil;

/// <summary>One device step's outcome: a JUnit test case.</summary>
/// <param name="Device">The node (JUnit class name, after the bench's).</param>
/// <param name="Step">The step's title (JUnit test name).</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="Failure">Why it failed (one line), or null when it passed.</param>
/// <param name="Details">What was observed, for the failure's body.</param>
/// <param name="DeviceLog">The device's log at the failure, or null.</param>
/// <param name="Output">What the DCC side saw in the step (its DCC alerts, the service request's answer), or null.</param>
public sealed record BenchCaseResult(string Device, string Step, double Seconds, string? Failure, string? Details, string? DeviceLog, string? Output = null)
{
    /// <summary>Whether it passed.</summary>
    public bool Passed => Failure is null;
}

/// <summary>A bench run: its test cases in the order they ran, and figures about the run.</summary>
/// <param name="Name">The bench's name (JUnit test suite).</param>
/// <param name="Started">When it began.</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="Cases">Every device step.</param>
/// <param name="Properties">Seed, medium statistics, and the like.</param>
public sealed record BenchReport(string Name, DateTimeOffset Started, double Seconds, IReadOnlyList<BenchCaseResult> Cases, IReadOnlyList<KeyValuePair<string, string>> Properties)
{
    /// <summary>Cases that failed.</summary>
    public int Failures => Cases.Count(c => !c.Passed);
}
