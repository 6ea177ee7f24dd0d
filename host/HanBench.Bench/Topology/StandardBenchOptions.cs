using HanBench.Bench.Radio;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Host.Keys;

namespace HanBench.Bench.Topology;

/// <summary>How a <see cref="StandardBench"/> is built.</summary>
public sealed class StandardBenchOptions
{
    /// <summary>The host–hub link (default: a 115,200-baud UART with 6 framing bytes per frame).</summary>
    public RadioModel Wan { get; init; } = RadioModel.Uart(115_200, 6);

    /// <summary>Every ZigBee hop.</summary>
    public RadioModel ZigBee { get; init; } = RadioModel.ZigBee;

    /// <summary>Both Alt HAN hops.</summary>
    public RadioModel AltHan { get; init; } = RadioModel.AltHan;

    /// <summary>Each device's image store capacity.</summary>
    public int ImageStoreBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Lines each device log keeps.</summary>
    public int LogLines { get; init; } = 200;

    /// <summary>Lowest level each device log keeps.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Info;

    /// <summary>Wraps each device's links before its role gets them (to observe or measure what a role sends).</summary>
    public Func<IFrameLink, IFrameLink>? WrapLink { get; init; }

    /// <summary>
    /// For debugging a device only (<c>--insecure</c>): every device and the host act on GBCS messages whose MAC or
    /// signature fails (<see cref="RoleSettings.Insecure"/>, <see cref="Host.Csp.HubSessionOptions.Insecure"/>).
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>Adjusts each device's configuration before its role is made (restart time, meter period, …).</summary>
    public Action<RoleSettings>? Configure { get; init; }

    /// <summary>
    /// What each device is provisioned with before it starts, and the matching keys the host uses (issue 8 §1): HanBench's
    /// test keys by default, or a keystore's (<see cref="BoardProvisioning.FromKeystore"/>).
    /// </summary>
    public BoardProvisioning Provisioning { get; init; } = BoardProvisioning.TestKeys;

    /// <summary>
    /// Where each device keeps its flash (settings and images, one folder per device name), so a bench built again on
    /// the same folder boots every device as it was, as boards do after a power cut (<c>demo --inventory</c> resumes on
    /// it). Null: in memory, gone with the process.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>
    /// Where the host's GBCS originator counters come from (default: in memory from 0x1000). A bench whose devices keep
    /// their state (<see cref="StateDirectory"/>) needs the inventory's (<see cref="Host.Csp.InventoryOriginatorCounter"/>):
    /// its devices refuse a counter they accepted before as a replay.
    /// </summary>
    public Host.Csp.IOriginatorCounterSource? Counters { get; init; }

    /// <summary>Bench time (ms) the bench's clock starts at: a resumed bench goes on from where it stopped, never back.</summary>
    public long StartMs { get; init; }

    /// <summary>Devices left without credentials (they refuse secured traffic, saying so): for tests of exactly that.</summary>
    public Func<RoleSettings, bool>? Unprovisioned { get; init; }
}
