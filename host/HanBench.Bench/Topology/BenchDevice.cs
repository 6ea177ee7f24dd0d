using HanBench.Bench.Radio;
using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;

namespace HanBench.Bench.Topology;

/// <summary>
/// One device of a bench: its medium node, configuration, stores (which survive a <see cref="PowerCycle"/>, as flash
/// does) and the role running on it.
/// </summary>
public sealed class BenchDevice
{
    internal BenchDevice(string name, MediumNode node, RoleSettings configuration, DeviceContext context, IFrameLink upstream, IFrameLink? downstream)
    {
        Name = name;
        Node = node;
        Configuration = configuration;
        Context = context;
        Upstream = upstream;
        Downstream = downstream;
        Role = RoleFactory.Create(configuration, context, upstream, downstream);
    }

    /// <summary>Short name ("CH", "B1", …).</summary>
    public string Name { get; }

    /// <summary>The medium node.</summary>
    public MediumNode Node { get; }

    /// <summary>The device's EUI-64.</summary>
    public ulong Eui64 => Configuration.Eui64;

    /// <summary>The configuration (changes apply at the next <see cref="PowerCycle"/>).</summary>
    public RoleSettings Configuration { get; }

    /// <summary>Clock, stores, LED and log.</summary>
    public DeviceContext Context { get; }

    /// <summary>The settings store of a bench kept in memory (see <see cref="StandardBenchOptions.StateDirectory"/>; otherwise <see cref="Context"/>).</summary>
    public MemorySettingsStore Settings => (MemorySettingsStore)Context.Settings;

    /// <summary>The image store of a bench kept in memory (see <see cref="StandardBenchOptions.StateDirectory"/>; otherwise <see cref="Context"/>).</summary>
    public MemoryImageStore Images => (MemoryImageStore)Context.Images;

    /// <summary>The log.</summary>
    public MemoryLog Log => (MemoryLog)Context.Log;

    /// <summary>The upstream link.</summary>
    public IFrameLink Upstream { get; }

    /// <summary>The downstream link, if any.</summary>
    public IFrameLink? Downstream { get; }

    /// <summary>The role running now (replaced by <see cref="PowerCycle"/>).</summary>
    public IDeviceRole Role { get; private set; }

    /// <summary>The role as <typeparamref name="T"/>.</summary>
    public T As<T>()
        where T : class, IDeviceRole => (T)Role;

    /// <summary>Attaches the current role to the node and starts it.</summary>
    public void Attach() => Node.Attach(Role);

    /// <summary>
    /// Cuts the power now: the role stops at once (RAM lost), and <paramref name="offMs"/> later a new role made from the
    /// same configuration and stores boots, as a board would.
    /// </summary>
    public void PowerCycle(long offMs)
    {
        Node.Detach();
        Node.Medium.Scheduler.ScheduleAfterUs(offMs * 1000, () =>
        {
            Role = RoleFactory.Create(Configuration, Context, Upstream, Downstream);
            Node.Attach(Role);
        });
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Eui64:X16})";
}
