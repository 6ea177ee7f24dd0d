using HanBench.Bench.Radio;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Security;

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

    /// <summary>Adjusts each device's configuration before its role is made (restart time, meter period, …).</summary>
    public Action<RoleConfiguration>? Configure { get; init; }

    /// <summary>
    /// What each device is provisioned with before it starts (issue 8 §1): HanBench's test keys by default — the keys the
    /// host's defaults (<c>HubSessionOptions</c>) hold — or a keystore's; null or a null result: the device gets none
    /// (and refuses secured traffic, saying so).
    /// </summary>
    public Func<RoleConfiguration, ProvisionedCredentials?>? Provision { get; init; } = TestKeys;

    /// <summary>HanBench's test credentials for a device (<see cref="ProvisionedCredentials.ForTestKeys"/>, default seed).</summary>
    public static ProvisionedCredentials TestKeys(RoleConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return ProvisionedCredentials.ForTestKeys(
            GbcsTestKeys.DefaultSeed, configuration.Eui64, configuration.HubEui, configuration.AcbSystemTitle, configuration.SupplierSystemTitle);
    }
}
