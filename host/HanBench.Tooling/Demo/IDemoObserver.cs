using HanBench.Host.Alerts;
using HanBench.Host.Csp;

namespace HanBench.Tooling.Demo;

/// <summary>What the demo tells its front end as it runs (all on the demo's thread).</summary>
public interface IDemoObserver
{
    /// <summary>A step begins (a line worth showing).</summary>
    void Step(string text);

    /// <summary>A step's outcome, or a note from the engine.</summary>
    void Note(string text);

    /// <summary>A DCC alert was issued.</summary>
    void Alert(IssuedDccAlert alert, string deviceName);

    /// <summary>A device's update moved (state, bytes, ETA).</summary>
    void Progress(DistributionProgress progress, string deviceName);
}
