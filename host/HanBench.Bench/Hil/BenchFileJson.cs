using System.Text.Json;
using System.Text.Json.Serialization;

namespace HanBench.Bench.Hil;

// The members of a bench file as System.Text.Json reads them (BenchFileLoader), before the loader's rules: names and
// required members as in boards/benches/bench.schema.json (a test keeps the two in step). Parameters without a default
// are required; unknown members are refused. A step is read as the record of the one action it names.

/// <summary>The whole file.</summary>
public sealed record BenchFileJson(
    string Format,
    string Name,
    IReadOnlyList<BenchNodeJson> Nodes,
    IReadOnlyList<JsonElement> Steps,
    string? HostEui64 = null,
    ulong? Seed = null,
    IReadOnlyList<BenchHopJson>? Hops = null,
    IReadOnlyList<BenchImageJson>? Images = null,
    [property: JsonPropertyName("$schema")] string? Schema = null);

/// <summary>One device of the bench.</summary>
public sealed record BenchNodeJson(
    string Name,
    string Role,
    string Eui64,
    string Run,
    string? Variant = null,
    IReadOnlyDictionary<string, string>? Links = null,
    long? RestartMs = null,
    string? DeviceType = null,
    long? MeterReportMs = null);

/// <summary>A radio hop between two nodes.</summary>
public sealed record BenchHopJson(string Kind, IReadOnlyList<string> Between, bool Wired = false, string? Model = null);

/// <summary>An image: generated for a node's component, or read from a file.</summary>
public sealed record BenchImageJson(
    string Name,
    string? For = null,
    string? Component = null,
    string? Version = null,
    long? Bytes = null,
    ulong? Seed = null,
    string? File = null);

/// <summary><c>{"join": devices}</c></summary>
public sealed record JoinStepJson(JsonElement Join, int? TimeoutSeconds = null);

/// <summary><c>{"identify": devices}</c></summary>
public sealed record IdentifyStepJson(JsonElement Identify, int? TimeoutSeconds = null);

/// <summary><c>{"distribute": image, "to": devices, "expect": {…}}</c></summary>
public sealed record DistributeStepJson(string Distribute, JsonElement To, DistributeExpectJson Expect, int? TimeoutSeconds = null);

/// <summary>What a distribution must end with (at least one member).</summary>
public sealed record DistributeExpectJson(string? Transfer = null, string? Activation = null, string? Version = null);

/// <summary><c>{"readVersion": devices, "expect": version}</c></summary>
public sealed record ReadVersionStepJson(JsonElement ReadVersion, string Expect, int? TimeoutSeconds = null);

/// <summary><c>{"meterTraffic": devices, "maxLost": n}</c></summary>
public sealed record MeterTrafficStepJson(JsonElement MeterTraffic, long? MaxLost = null, int? TimeoutSeconds = null);

/// <summary><c>{"waitMs": n}</c></summary>
public sealed record WaitStepJson(long WaitMs);
