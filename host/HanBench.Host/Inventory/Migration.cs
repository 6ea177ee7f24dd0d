namespace HanBench.Host.Inventory;

/// <summary>One step of the inventory schema. Steps are applied in <see cref="Version"/> order, each in its own transaction.</summary>
/// <param name="Version">Schema version this step produces (1, 2, 3, … without gaps).</param>
/// <param name="Name">What the step adds, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The DDL/DML to run.</param>
public sealed record Migration(int Version, string Name, string Sql);
