using System.Diagnostics;
using HanBench.Bench.Radio;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Radio;

/// <summary>Two trivial roles through the whole stack: role contract, driver, medium, virtual time.</summary>
[TestClass]
public sealed class EchoRolesTests
{
    private const ulong PingerEui = 0x00DB0000000000A1UL;
    private const ulong EchoEui = 0x00DB0000000000A2UL;
    private const int Exchanges = 10_000;

    [TestMethod]
    public void EchoOverLossyHop_TenThousandExchanges_CountsAddUpExactly()
    {
        const ulong seed = 0x0DDBA11UL;
        Outcome first = Run(seed);
        Outcome again = Run(seed);

        Console.WriteLine($"seed {seed}: {Exchanges} exchanges, {first.Retries} retries, {first.Lost} lost, virtual {first.EndUs / 1e6:F3} s, wall {first.Wall.TotalMilliseconds:F0} ms");
        Console.WriteLine(first.Report);
        Assert.AreEqual(Exchanges, first.Completed, $"seed {seed}");

        // With a timeout longer than a round trip, each lost frame (request or echo) costs exactly one retry, and no
        // retry happens without a loss.
        Assert.AreEqual(first.Lost, first.Retries, $"seed {seed}");
        Assert.AreEqual(Exchanges + first.Retries, first.PingerSent, $"seed {seed}");
        Assert.AreEqual(first.EchoReceived, first.EchoSent, $"seed {seed}");
        Assert.AreEqual(first.PingerSent + first.EchoSent, first.HopFrames, $"seed {seed}");
        Assert.AreEqual(first.HopFrames - first.Lost, first.PingerReceived + first.EchoReceived, $"seed {seed}");
        Assert.AreEqual(0, first.Stale, $"seed {seed}");

        double p = 0.1;
        double bound = 5 * Math.Sqrt(first.HopFrames * p * (1 - p));
        Assert.IsTrue(Math.Abs(first.Lost - (first.HopFrames * p)) <= bound, $"seed {seed}: lost {first.Lost} of {first.HopFrames}");

        Assert.AreEqual(first with { Wall = default, Report = "" }, again with { Wall = default, Report = "" }, $"seed {seed}: a rerun differs");
    }

    private static Outcome Run(ulong seed)
    {
        var scheduler = new HanBench.Bench.Time.VirtualScheduler();
        var medium = new Medium(scheduler, seed);
        MediumNode pingerNode = medium.AddNode(PingerEui, "pinger");
        MediumNode echoNode = medium.AddNode(EchoEui, "echo");
        // A plain lossy hop (no MAC retries: the ZigBee stack's would hide the losses this test counts).
        var lossy = new RadioModel { MaxFrameBytes = 102, BitRate = 250_000, OverheadBytes = 31, TurnaroundUs = 864, LossProbability = 0.1 };
        MediumHop hop = medium.AddHop(pingerNode, echoNode, HopKind.ZigBee, lossy);
        var pinger = new Pinger(pingerNode.Port(HopKind.ZigBee), scheduler, EchoEui, Exchanges, timeoutMs: 20);
        var echo = new Echo();
        pingerNode.Attach(pinger);
        echoNode.Attach(echo);

        var wall = Stopwatch.StartNew();
        Assert.IsTrue(scheduler.RunUntil(() => pinger.Completed == Exchanges, 3_600_000), $"seed {seed}: stalled at {pinger.Completed}");
        wall.Stop();
        scheduler.RunUntilIdle();

        return new Outcome(pinger.Completed, pinger.Sent, pinger.Retries, pinger.Received, pinger.Stale, echo.Received, echo.Sent,
            hop.Statistics.Frames, hop.Statistics.Drops(DropReason.Loss), scheduler.NowUs, wall.Elapsed, medium.Report(scheduler.NowUs));
    }

    private sealed record Outcome(int Completed, long PingerSent, long Retries, long PingerReceived, long Stale, long EchoReceived,
        long EchoSent, long HopFrames, long Lost, long EndUs, TimeSpan Wall, string Report);

    /// <summary>Sends numbered requests one at a time, retrying after a timeout, until <c>count</c> have been echoed.</summary>
    private sealed class Pinger(IFrameLink link, IClock clock, ulong peer, int count, long timeoutMs) : IDeviceRole
    {
        private readonly byte[] _payload = new byte[4];
        private readonly HanFrame _frame = new() { Kind = HanFrameKind.Management, Destination = peer, Source = PingerEui };
        private long _deadlineMs = WakeTime.Never;

        public int Completed { get; private set; }

        public long Sent { get; private set; }

        public long Retries { get; private set; }

        public long Received { get; private set; }

        public long Stale { get; private set; }

        public long NextWakeMs => _deadlineMs;

        public void Start(long nowMs) => SendCurrent(nowMs);

        public void OnFrame(IFrameLink from, HanFrame frame)
        {
            Received++;
            int number = (frame.Payload[frame.PayloadOffset] << 24) | (frame.Payload[frame.PayloadOffset + 1] << 16)
                | (frame.Payload[frame.PayloadOffset + 2] << 8) | frame.Payload[frame.PayloadOffset + 3];
            if (number != Completed)
            {
                Stale++;
                return;
            }

            Completed++;
            if (Completed < count)
            {
                SendCurrent(clock.NowMs);
            }
            else
            {
                _deadlineMs = WakeTime.Never;
            }
        }

        public void Tick(long nowMs)
        {
            if (nowMs >= _deadlineMs)
            {
                Retries++;
                SendCurrent(nowMs);
            }
        }

        private void SendCurrent(long nowMs)
        {
            _payload[0] = (byte)(Completed >> 24);
            _payload[1] = (byte)(Completed >> 16);
            _payload[2] = (byte)(Completed >> 8);
            _payload[3] = (byte)Completed;
            _frame.Sequence = (byte)Completed;
            _frame.SetPayload(_payload, 0, 4);
            Sent++;
            Assert.IsTrue(link.Send(_frame));
            _deadlineMs = nowMs + timeoutMs;
        }
    }

    /// <summary>Answers every frame with the same payload, reusing one frame.</summary>
    private sealed class Echo : IDeviceRole
    {
        private readonly HanFrame _reply = new() { Kind = HanFrameKind.Management, Source = EchoEui };

        public long Received { get; private set; }

        public long Sent { get; private set; }

        public long NextWakeMs => WakeTime.Never;

        public void Start(long nowMs)
        {
        }

        public void OnFrame(IFrameLink link, HanFrame frame)
        {
            Received++;
            _reply.Destination = frame.Source;
            _reply.Sequence = frame.Sequence;
            _reply.SetPayload(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
            Sent++;
            link.Send(_reply);
        }

        public void Tick(long nowMs)
        {
        }
    }
}
