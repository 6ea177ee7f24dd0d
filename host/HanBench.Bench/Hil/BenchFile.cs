using HanBench.Bench.Radio;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Hil;

/// <summary>
/// A bench file (<c>bench.json</c>, format <see cref="CurrentFormat"/>; schema and examples in boards/benches/): the
/// nodes and where each runs, the topology between them, the images the scenario uses and its steps with their expected
/// outcomes. Made by <see cref="BenchFileLoader"/>, which has checked everything here.
/// </summary>
/// <param name="Name">The bench's name (the JUnit test suite's).</param>
/// <param name="SourcePath">The file it was read from (relative image paths are resolved against its folder), or null.</param>
/// <param name="HostEui">The host's EUI-64 (DCC side, the Comms Hub's WAN peer).</param>
/// <param name="Seed">Seed of the medium's random draws and of generated images.</param>
/// <param name="Nodes">The devices, hub first as written.</param>
/// <param name="Hops">Radio hops between devices (the host–hub WAN link is implicit).</param>
/// <param name="Images">Images the steps distribute.</param>
/// <param name="Steps">The scenario, in order.</param>
public sealed record BenchFile(
    string Name,
    string? SourcePath,
    ulong HostEui,
    ulong Seed,
    IReadOnlyList<BenchNode> Nodes,
    IReadOnlyList<BenchHop> Hops,
    IReadOnlyList<BenchImageSpec> Images,
    IReadOnlyList<BenchStep> Steps)
{
    /// <summary>The only format tag this build reads.</summary>
    public const string CurrentFormat = "hanbench-bench/1";

    /// <summary>The hub node.</summary>
    public BenchNode Hub => Nodes.First(n => n.Role == DeviceRoleKind.Hub);

    /// <summary>The node called <paramref name="name"/>.</summary>
    public BenchNode Node(string name) => Nodes.First(n => n.Name == name);

    /// <summary>The image called <paramref name="name"/>.</summary>
    public BenchImageSpec Image(string name) => Images.First(i => i.Name == name);
}

/// <summary>Where a node's role runs.</summary>
public enum NodeRun
{
    /// <summary>In the runner's process, on the medium (in-memory stores).</summary>
    Virtual,

    /// <summary>A <c>hanbench board</c> process the runner starts, its links on pseudo-terminals the host opens.</summary>
    Process,

    /// <summary>A real board (or anything else speaking the frame format) on serial ports or TCP, which the host opens.</summary>
    Serial,
}

/// <summary>One device of a bench.</summary>
/// <param name="Name">Its name in the file, logs and JUnit output (<c>CH</c>, <c>PPMID</c>, <c>B1</c>).</param>
/// <param name="Role">What it plays.</param>
/// <param name="Variant">B1–B4 for a bridge.</param>
/// <param name="Eui64">Its EUI-64.</param>
/// <param name="Run">Where it runs.</param>
/// <param name="Links">For <see cref="NodeRun.Serial"/>: each link by its role name (hub wan, han; bridge han, althan; others han) to a link spec, or <see cref="BenchNode.Wired"/>.</param>
/// <param name="RestartMs">Restart time of a virtual or process node, or null for the default.</param>
/// <param name="DeviceType">How a meter joins (GSME or IHD); PPMIDs and bridges join as PPMIDs.</param>
/// <param name="MeterReportMs">A virtual meter's report period, or null for the default.</param>
public sealed record BenchNode(
    string Name,
    DeviceRoleKind Role,
    AltHanVariant Variant,
    ulong Eui64,
    NodeRun Run,
    IReadOnlyDictionary<string, string> Links,
    long? RestartMs,
    HanDeviceType DeviceType,
    long? MeterReportMs)
{
    /// <summary>The link value of a board link wired UART-to-UART to its peer, which the host does not carry.</summary>
    public const string Wired = "wired";

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Eui64:X16})";
}

/// <summary>A radio hop between two devices.</summary>
/// <param name="Kind">ZigBee or Alt HAN.</param>
/// <param name="A">One end (node name).</param>
/// <param name="B">The other end.</param>
/// <param name="Wired">True when the two real boards are wired UART-to-UART: the host does not carry this hop.</param>
/// <param name="Model">The radio model the medium applies: <c>zigbee</c>, <c>althan</c> or <c>ideal</c>.</param>
public sealed record BenchHop(HopKind Kind, string A, string B, bool Wired, string Model);

/// <summary>An image a scenario distributes: generated (seeded) for a node's component, or read from an OTA file.</summary>
/// <param name="Name">Its name in steps.</param>
/// <param name="For">The node whose component sets manufacturer code and image type (generated images).</param>
/// <param name="Component">That component.</param>
/// <param name="Version">File version (generated images).</param>
/// <param name="Bytes">Manufacturer Image size (generated images).</param>
/// <param name="Seed">Seed of the generated body.</param>
/// <param name="File">An OTA file (GBCS layout), relative to the bench file, instead of generating.</param>
public sealed record BenchImageSpec(string Name, string? For, FirmwareComponentId Component, uint Version, int Bytes, ulong Seed, string? File);

/// <summary>One step of a scenario.</summary>
/// <param name="Index">1-based position in the file.</param>
/// <param name="Devices">The devices it concerns.</param>
/// <param name="TimeoutSeconds">How long it may take per device wait.</param>
public abstract record BenchStep(int Index, IReadOnlyList<string> Devices, int TimeoutSeconds)
{
    /// <summary>Default bound of each wait in a step.</summary>
    public const int DefaultTimeoutSeconds = 60;

    /// <summary>The step's name in JUnit output (<c>03 distribute ppmid-v2</c>).</summary>
    public abstract string Title { get; }
}

/// <summary>Ping each device; its identity must match the file (role, variant, EUI-64).</summary>
public sealed record IdentifyStep(int Index, IReadOnlyList<string> Devices, int TimeoutSeconds) : BenchStep(Index, Devices, TimeoutSeconds)
{
    /// <inheritdoc />
    public override string Title => $"{Index:D2} identify";
}

/// <summary>Join each device to the hub's whitelist; it must be joined.</summary>
public sealed record JoinStep(int Index, IReadOnlyList<string> Devices, int TimeoutSeconds) : BenchStep(Index, Devices, TimeoutSeconds)
{
    /// <inheritdoc />
    public override string Title => $"{Index:D2} join";
}

/// <summary>Deliver an image to the hub, distribute it to devices, and check each outcome.</summary>
/// <param name="Index">1-based position in the file.</param>
/// <param name="Devices">The devices to distribute to.</param>
/// <param name="TimeoutSeconds">Bound of each wait.</param>
/// <param name="Image">The image's name.</param>
/// <param name="Expect">What each device must end with.</param>
public sealed record DistributeStep(int Index, IReadOnlyList<string> Devices, int TimeoutSeconds, string Image, DistributeExpectation Expect) : BenchStep(Index, Devices, TimeoutSeconds)
{
    /// <inheritdoc />
    public override string Title => $"{Index:D2} distribute {Image}";
}

/// <summary>What a device must end a distribution with.</summary>
/// <param name="Transfer">The hub's CCS08 alert: 0x8F8A (success) or 0x8F89 with this response code; null: not checked.</param>
/// <param name="Activation">The device's 0x8F8B result; null: none must come (a failed transfer) or not checked (see <see cref="CheckActivation"/>).</param>
/// <param name="CheckActivation">Whether <see cref="Activation"/> is checked at all.</param>
/// <param name="Version">The version the image's component must run afterwards (read by Ping), or null.</param>
public sealed record DistributeExpectation(Protocol.Gbcs.FirmwareTransferResponseCode? Transfer, Protocol.Gbcs.PpmidFirmwareActivationResult? Activation, bool CheckActivation, uint? Version);

/// <summary>CS08 Read Firmware Version from each device as the ACB; the answer must be <paramref name="Expected"/>.</summary>
public sealed record ReadVersionStep(int Index, IReadOnlyList<string> Devices, int TimeoutSeconds, uint Expected) : BenchStep(Index, Devices, TimeoutSeconds)
{
    /// <inheritdoc />
    public override string Title => $"{Index:D2} CS08 read version";
}

/// <summary>Meter traffic of virtual meters: at least one report acknowledged, at most <paramref name="MaxLost"/> lost.</summary>
public sealed record MeterTrafficStep(int Index, IReadOnlyList<string> Devices, int TimeoutSeconds, long MaxLost) : BenchStep(Index, Devices, TimeoutSeconds)
{
    /// <inheritdoc />
    public override string Title => $"{Index:D2} meter traffic";
}

/// <summary>Let the bench run for a while.</summary>
public sealed record WaitStep(int Index, int Milliseconds) : BenchStep(Index, [], 0)
{
    /// <inheritdoc />
    public override string Title => $"{Index:D2} wait {Milliseconds} ms";
}
