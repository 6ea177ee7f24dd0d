using System.Globalization;
using System.Text;
using HanBench.Bench.Time;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Radio;

/// <summary>
/// The bench's air: nodes, the hops between them and a <see cref="RadioModel"/> per hop (docs/ARCHITECTURE.md, "One frame
/// format, many links"). It delivers only to direct neighbours — a frame for a node no neighbour answers for is dropped
/// (<see cref="DropReason.NoRoute"/>); relays (the Alt HAN bridges) are roles that forward frames themselves. Every
/// delivered frame is a copy. Randomness comes from <see cref="Seed"/> only, so a run under a
/// <see cref="VirtualScheduler"/> replays exactly. Single-threaded: call it from the scheduler's thread.
/// </summary>
public sealed partial class Medium
{
    private readonly List<MediumNode> _nodes = [];
    private readonly List<MediumHop> _hops = [];
    private readonly Dictionary<ulong, MediumNode> _byEui = [];
    private readonly Stack<Delivery> _pool = new();
    private readonly List<MediumHop> _targets = [];

    /// <summary>A medium on <paramref name="scheduler"/> whose random draws all derive from <paramref name="seed"/>.</summary>
    public Medium(IScheduler scheduler, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        Scheduler = scheduler;
        Seed = seed;
    }

    /// <summary>The clock and event queue frames travel on.</summary>
    public IScheduler Scheduler { get; }

    /// <summary>The seed of every random draw; record it with the run's results.</summary>
    public ulong Seed { get; }

    /// <summary>The nodes, in the order added.</summary>
    public IReadOnlyList<MediumNode> Nodes => _nodes;

    /// <summary>The hops, in the order added (index = <see cref="MediumHop.Id"/>).</summary>
    public IReadOnlyList<MediumHop> Hops => _hops;

    /// <summary>Raised for every send, delivery and drop, in the order decided.</summary>
    public event Action<MediumTraceEntry>? Traced;

    /// <summary>Raised for every frame put on air, lost ones included (what a capture records), in the order decided.</summary>
    public event Action<MediumAirFrame>? OnAir;

    /// <summary>Adds a node; EUI-64s are unique and the broadcast address is not one.</summary>
    public MediumNode AddNode(ulong eui64, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (eui64 == HanFrame.Broadcast)
        {
            throw new ArgumentException("the broadcast address cannot name a node", nameof(eui64));
        }

        if (_byEui.ContainsKey(eui64))
        {
            throw new ArgumentException($"a node with EUI-64 {eui64:X16} exists", nameof(eui64));
        }

        var node = new MediumNode(this, eui64, name);
        _nodes.Add(node);
        _byEui.Add(eui64, node);
        return node;
    }

    /// <summary>Adds a hop of <paramref name="kind"/> between <paramref name="a"/> and <paramref name="b"/> (they hear each other).</summary>
    public MediumHop AddHop(MediumNode a, MediumNode b, HopKind kind, RadioModel model)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(model);
        if (!ReferenceEquals(a.Medium, this) || !ReferenceEquals(b.Medium, this) || ReferenceEquals(a, b))
        {
            throw new ArgumentException("a hop joins two different nodes of this medium");
        }

        if (a.Port(kind).Hops.Any(h => ReferenceEquals(h.Other(a), b)))
        {
            throw new ArgumentException($"{a.Name} and {b.Name} already share a {kind} hop");
        }

        model.Validate();
        var hop = new MediumHop(_hops.Count, kind, a, b, model, new BenchRandom(BenchRandom.Derive(Seed, (ulong)_hops.Count)));
        _hops.Add(hop);
        a.Port(kind).Add(hop);
        b.Port(kind).Add(hop);
        return hop;
    }

    /// <summary>The node with <paramref name="eui64"/>, if any.</summary>
    public MediumNode? FindNode(ulong eui64) => _byEui.GetValueOrDefault(eui64);

    /// <summary>A table of every hop's and node's statistics over <paramref name="elapsedUs"/>, with the seed.</summary>
    public string Report(long elapsedUs)
    {
        var text = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"medium seed {Seed} (0x{Seed:X16}), {elapsedUs / 1000.0:F3} ms");
        text.AppendLine("hop                        frames      bytes  delivered  too-large    loss  outage   busy%  max-queue-ms");
        foreach (MediumHop hop in _hops)
        {
            HopStatistics s = hop.Statistics;
            text.AppendLine(inv, $"{hop.Id,3} {hop.Kind,-6} {hop.A.Name + "<->" + hop.B.Name,-14} {s.Frames,8} {s.Bytes,10} {s.Delivered,10} {s.Drops(DropReason.TooLarge),10} {s.Drops(DropReason.Loss),7} {s.Drops(DropReason.Outage),7} {100 * s.Utilisation(elapsedUs),7:F2} {s.MaxQueueDelayUs / 1000.0,13:F3}");
        }

        text.AppendLine("node                 sent   sent-bytes   received  recv-bytes  no-route");
        foreach (MediumNode node in _nodes)
        {
            NodeStatistics s = node.Statistics;
            text.AppendLine(inv, $"{node.Name,-16} {s.FramesSent,8} {s.BytesSent,12} {s.FramesReceived,10} {s.BytesReceived,11} {s.Drops(DropReason.NoRoute),9}");
        }

        return text.ToString();
    }

    internal bool Send(MediumPort port, HanFrame frame)
    {
        MediumNode sender = port.Node;
        int length = frame.EncodedLength;
        sender.Statistics.FramesSent++;
        sender.Statistics.BytesSent += length;

        _targets.Clear();
        bool broadcast = frame.Destination == HanFrame.Broadcast;
        foreach (MediumHop hop in port.Hops)
        {
            if (broadcast || hop.Other(sender).AnswersFor(frame.Destination))
            {
                _targets.Add(hop);
            }
        }

        if (_targets.Count == 0)
        {
            sender.Statistics.CountDrop(DropReason.NoRoute);
            Trace(MediumTraceKind.Dropped, DropReason.NoRoute, -1, sender.Eui64, frame.Destination, frame, Scheduler.NowUs);
            return false;
        }

        bool accepted = false;
        foreach (MediumHop hop in _targets)
        {
            accepted |= Transmit(hop, port, frame, length);
        }

        return accepted;
    }

    private bool Transmit(MediumHop hop, MediumPort from, HanFrame frame, int length)
    {
        MediumNode sender = from.Node;
        MediumNode receiver = hop.Other(sender);
        RadioModel model = hop.Model;
        if (model.Stack is { } stack)
        {
            return TransmitZigBee(hop, stack, sender, frame, length, -1);
        }

        long now = Scheduler.NowUs;

        // A GBCS frame too long for the hop crosses as APS fragments (ApsFragmentation); anything else that long cannot.
        int fragments = ApsFragmentation.Fragments(frame, length, model);
        if (fragments == 0)
        {
            hop.Statistics.CountDrop(DropReason.TooLarge);
            sender.Statistics.CountDrop(DropReason.TooLarge);
            Trace(MediumTraceKind.Dropped, DropReason.TooLarge, hop.Id, sender.Eui64, receiver.Eui64, frame, now);
            return false;
        }

        // A stream-framed hop counts the real bytes on the wire, and delivers what the far end's deframer makes of them.
        long lineBytes = ApsFragmentation.Sum(length, fragments, model, model.LineBytes);
        HanFrame onAir = frame;
        if (model.StreamFramed)
        {
            lineBytes = hop.FrameOnWire(sender, frame, out HanFrame? received);
            onAir = received ?? throw new InvalidOperationException($"{hop}: the deframer refused a frame the framer wrote");
        }

        // Half-duplex: the frame waits until the channel is free, then holds it for its whole airtime (full duplex: until
        // its own direction is free).
        long start = Math.Max(now, hop.BusyUntilFromUs(sender));
        long airtime = model.StreamFramed ? model.AirtimeUs((int)lineBytes) : ApsFragmentation.Sum(length, fragments, model, model.AirtimeUs);
        long end = start + airtime;
        hop.Occupy(sender, end);
        HopStatistics stats = hop.Statistics;
        stats.Frames++;
        stats.Bytes += length;
        stats.LineBytes += lineBytes;
        stats.BusyUs += airtime;
        stats.MaxQueueDelayUs = Math.Max(stats.MaxQueueDelayUs, start - now);

        // Draw for every frame on air, whatever the probability, so the stream (and the trace) depends only on the seed and the traffic.
        bool lost = false;
        for (int i = 0; i < fragments; i++)
        {
            lost |= hop.Random.NextDouble() < model.LossProbability;
        }

        bool outage = hop.OverlapsOutage(start, end);
        OnAir?.Invoke(new MediumAirFrame(hop, sender, frame, start, outage ? DropReason.Outage : lost ? DropReason.Loss : null));
        if (outage)
        {
            Drop(hop, sender, receiver, frame, DropReason.Outage, end);
            return true;
        }

        if (lost)
        {
            Drop(hop, sender, receiver, frame, DropReason.Loss, end);
            return true;
        }

        ScheduleDelivery(hop, sender, receiver, onAir, end + model.LatencyUs);
        return true;
    }

    private void ScheduleDelivery(MediumHop hop, MediumNode sender, MediumNode receiver, HanFrame frame, long arrival)
    {
        Delivery delivery = _pool.Count > 0 ? _pool.Pop() : new Delivery(this);
        delivery.Load(hop, receiver.Port(hop.Kind), frame);
        Trace(MediumTraceKind.Sent, DropReason.NoRoute, hop.Id, sender.Eui64, receiver.Eui64, frame, arrival);
        Scheduler.ScheduleAtUs(arrival, delivery.Run);
    }

    private void Drop(MediumHop hop, MediumNode sender, MediumNode receiver, HanFrame frame, DropReason reason, long atUs)
    {
        hop.Statistics.CountDrop(reason);
        sender.Statistics.CountDrop(reason);
        Trace(MediumTraceKind.Dropped, reason, hop.Id, sender.Eui64, receiver.Eui64, frame, atUs);
    }

    private void Trace(MediumTraceKind kind, DropReason reason, int hopId, ulong from, ulong to, HanFrame frame, long atUs)
    {
        Traced?.Invoke(new MediumTraceEntry(Scheduler.NowUs, kind, reason, hopId, from, to, frame.Kind, frame.Sequence, frame.EncodedLength, atUs));
    }

    /// <summary>A frame with a payload buffer of its own, for <see cref="CopyInto"/>.</summary>
    private static HanFrame OwnedFrame()
    {
        var frame = new HanFrame();
        frame.SetPayload(new byte[HanFrame.MaxPayloadLength], 0, 0);
        return frame;
    }

    /// <summary>Copies <paramref name="frame"/>, payload included, into <paramref name="owned"/> (made by <see cref="OwnedFrame"/>).</summary>
    private static void CopyInto(HanFrame owned, HanFrame frame)
    {
        byte[] buffer = owned.Payload;
        owned.CopyFrom(frame);
        Array.Copy(frame.Payload, frame.PayloadOffset, buffer, 0, frame.PayloadLength);
        owned.SetPayload(buffer, 0, frame.PayloadLength);
    }

    /// <summary>A frame in flight: its own copy of the payload, reused from a pool so a long run allocates little.</summary>
    private sealed class Delivery
    {
        private readonly Medium _medium;
        private readonly HanFrame _frame = OwnedFrame();
        private MediumHop? _hop;
        private MediumPort? _to;

        public Delivery(Medium medium)
        {
            _medium = medium;
            Run = Deliver;
        }

        public Action Run { get; }

        public void Load(MediumHop hop, MediumPort to, HanFrame frame)
        {
            _hop = hop;
            _to = to;
            CopyInto(_frame, frame);
        }

        private void Deliver()
        {
            MediumHop hop = _hop!;
            MediumPort to = _to!;
            hop.Statistics.Delivered++;
            hop.Statistics.DeliveredBytes += _frame.EncodedLength;
            _medium.Trace(MediumTraceKind.Delivered, DropReason.NoRoute, hop.Id, hop.Other(to.Node).Eui64, to.Node.Eui64, _frame, _medium.Scheduler.NowUs);
            try
            {
                to.Node.Deliver(to, _frame);
            }
            finally
            {
                _hop = null;
                _to = null;
                _medium._pool.Push(this);
            }
        }
    }
}
