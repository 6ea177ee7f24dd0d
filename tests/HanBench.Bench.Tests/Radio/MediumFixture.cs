using HanBench.Bench.Radio;
using HanBench.Bench.Time;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Radio;

/// <summary>A small bench for medium tests: a virtual scheduler, a medium, and a record of what each node received.</summary>
internal sealed class MediumFixture
{
    public MediumFixture(ulong seed = 1)
    {
        Medium = new Medium(Scheduler, seed);
    }

    public VirtualScheduler Scheduler { get; } = new();

    public Medium Medium { get; }

    public List<Received> Deliveries { get; } = [];

    public MediumNode Node(ulong eui64, string name)
    {
        MediumNode node = Medium.AddNode(eui64, name);
        node.FrameReceived += (port, frame) => Deliveries.Add(new Received(
            Scheduler.NowUs, node.Name, port.Kind, frame.Source, frame.Destination, frame.Sequence,
            frame.Payload.AsSpan(frame.PayloadOffset, frame.PayloadLength).ToArray()));
        return node;
    }

    public static HanFrame Frame(ulong source, ulong destination, byte sequence, byte[] payload)
    {
        var frame = new HanFrame
        {
            Kind = HanFrameKind.Zcl,
            Source = source,
            Destination = destination,
            Sequence = sequence,
            ClusterId = 0x0019,
        };
        frame.SetPayload(payload, 0, payload.Length);
        return frame;
    }

    public static RadioModel Model(int maxFrameBytes = 200, long bitRate = 250_000, int overheadBytes = 0, long turnaroundUs = 0, long latencyUs = 0, double loss = 0) => new()
    {
        MaxFrameBytes = maxFrameBytes,
        BitRate = bitRate,
        OverheadBytes = overheadBytes,
        TurnaroundUs = turnaroundUs,
        LatencyUs = latencyUs,
        LossProbability = loss,
    };

    internal sealed record Received(long AtUs, string Node, HopKind Kind, ulong Source, ulong Destination, byte Sequence, byte[] Payload);
}
