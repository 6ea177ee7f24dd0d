using HanBench.Bench.Devices;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Radio;

/// <summary>
/// A device on the bench: its EUI-64, its ports (one per radio kind), and the role attached to it. The medium delivers a
/// frame to the node when it is addressed to <see cref="Eui64"/>, is broadcast, or is addressed to an EUI-64 the node
/// relays (<see cref="AddRelayedAddress"/>: an Alt HAN bridge answers for the devices behind it and forwards their
/// frames itself).
/// </summary>
public sealed class MediumNode
{
    private readonly Dictionary<HopKind, MediumPort> _ports = [];
    private readonly HashSet<ulong> _relayed = [];
    private RoleDriver? _driver;

    internal MediumNode(Medium medium, ulong eui64, string name)
    {
        Medium = medium;
        Eui64 = eui64;
        Name = name;
    }

    /// <summary>The medium the node is on.</summary>
    public Medium Medium { get; }

    /// <summary>The node's EUI-64.</summary>
    public ulong Eui64 { get; }

    /// <summary>A name for logs and reports ("CH", "B1", "PPMID-2").</summary>
    public string Name { get; }

    /// <summary>The attached role, if any.</summary>
    public IDeviceRole? Role => _driver?.Role;

    /// <summary>What the node sent and received.</summary>
    public NodeStatistics Statistics { get; } = new();

    /// <summary>Raised after each delivered frame has been given to the role (the frame is valid only during the call).</summary>
    public event Action<MediumPort, HanFrame>? FrameReceived;

    /// <summary>The node's ports that exist so far.</summary>
    public IEnumerable<MediumPort> Ports => _ports.Values;

    /// <summary>The node's port for <paramref name="kind"/>, made on first use.</summary>
    public MediumPort Port(HopKind kind)
    {
        if (!_ports.TryGetValue(kind, out MediumPort? port))
        {
            port = new MediumPort(this, kind);
            _ports.Add(kind, port);
        }

        return port;
    }

    /// <summary>Makes the node take unicasts addressed to <paramref name="eui64"/> (it relays them itself).</summary>
    public void AddRelayedAddress(ulong eui64) => _relayed.Add(eui64);

    /// <summary>True when a unicast to <paramref name="destination"/> is for this node.</summary>
    public bool AnswersFor(ulong destination) => destination == Eui64 || _relayed.Contains(destination);

    /// <summary>
    /// Attaches <paramref name="role"/> (replacing any earlier one, like a restart into new firmware) and starts it at
    /// the scheduler's current time; from then on it gets every frame delivered to the node and its ticks.
    /// </summary>
    public void Attach(IDeviceRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        _driver?.Stop();
        _driver = new RoleDriver(Medium.Scheduler, role);
        _driver.Start();
    }

    /// <summary>Detaches the role (a board switched off): frames delivered later are counted and discarded.</summary>
    public void Detach()
    {
        _driver?.Stop();
        _driver = null;
    }

    /// <summary>Adds an outage window to every hop the node is on now (the node restarting or losing power).</summary>
    public void AddOutage(long startMs, long endMs)
    {
        foreach (MediumPort port in _ports.Values)
        {
            foreach (MediumHop hop in port.Hops)
            {
                hop.AddOutage(startMs, endMs);
            }
        }
    }

    internal void Deliver(MediumPort port, HanFrame frame)
    {
        Statistics.FramesReceived++;
        Statistics.BytesReceived += frame.EncodedLength;
        _driver?.Deliver(port.RoleLink ?? port, frame);
        FrameReceived?.Invoke(port, frame);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Eui64:X16})";
}
