using System.Text.Json;

namespace HanBench.Tooling.Benchmarks;

/// <summary>The scale benchmark's figures.</summary>
/// <param name="BridgesPerVariant">B1–B4 counts.</param>
/// <param name="CommsHubs">Comms Hubs.</param>
/// <param name="Steps">Measured steps, in order.</param>
/// <param name="DatabaseBytes">Database file size after a checkpoint.</param>
public sealed record ScaleFigures(long[] BridgesPerVariant, long CommsHubs, IReadOnlyList<ScaleStep> Steps, long DatabaseBytes)
{
    /// <summary>The per-step goal the figures are compared with (issue 13 §4: every step under 10 s; not asserted anywhere).</summary>
    public const double GoalSeconds = 10;

    /// <summary>Writes the figures as one JSON object (the <c>--json</c> output of <c>hanbench bench scale</c>).</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("benchmark", "scale");
        w.WriteStartObject("bridges");
        for (int v = 0; v < BridgesPerVariant.Length; v++)
        {
            w.WriteNumber($"B{v + 1}", BridgesPerVariant[v]);
        }

        w.WriteNumber("total", BridgesPerVariant.Sum());
        w.WriteEndObject();
        w.WriteNumber("commsHubs", CommsHubs);
        w.WriteNumber("goalSecondsPerStep", GoalSeconds);
        w.WriteStartArray("steps");
        foreach (ScaleStep step in Steps)
        {
            w.WriteStartObject();
            w.WriteString("name", step.Name);
            w.WriteString("description", step.Description);
            w.WriteNumber("seconds", Math.Round(step.Elapsed.TotalSeconds, 3));
            w.WriteNumber("cpuSeconds", Math.Round(step.Cpu.TotalSeconds, 3));
            w.WriteNumber("items", step.Items);
            w.WriteBoolean("withinGoal", step.Elapsed.TotalSeconds < GoalSeconds);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("databaseBytes", DatabaseBytes);
        w.WriteEndObject();
    }
}
