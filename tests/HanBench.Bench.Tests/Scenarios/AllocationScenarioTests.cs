using HanBench.Bench.Topology;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>docs/PLATFORM.md: nothing allocated per block or per frame. Measured on the roles themselves, mid-transfer.</summary>
[TestClass]
public sealed class AllocationScenarioTests
{
    [TestMethod]
    public void Roles_MidTransferThroughABridge_AllocateNothingPerFrame()
    {
        const ulong seed = 0xA110CUL;
        var bench = new StandardBench(seed, new StandardBenchOptions { WrapLink = link => new MeasuredLink(link) });
        var meters = new Dictionary<string, AllocationMeter>();
        foreach (BenchDevice device in new[] { bench.Hub, bench.B1, bench.B2, bench.Gsme })
        {
            var meter = new AllocationMeter(device.Role);
            meters[device.Name] = meter;
            device.Node.Attach(meter);
        }

        bench.JoinAll();
        BenchImage image = OtaScenario.ImageFor(bench.B2, FirmwareComponentId.SiLabs, 96 * 1024, seed);
        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, StandardBench.B2Eui);
        var b2 = (AltHanBridgeRole)bench.B2.Role;
        Assert.IsTrue(bench.RunUntil(() => b2.GetUpdater(0).Client!.BytesReceived >= 32 * 1024, 600_000));
        foreach (AllocationMeter meter in meters.Values)
        {
            meter.Reset();
        }

        Assert.IsTrue(bench.RunUntil(() => b2.GetUpdater(0).Client!.BytesReceived >= 80 * 1024, 600_000));
        foreach ((string name, AllocationMeter meter) in meters)
        {
            Console.WriteLine($"{name}: {meter.Calls} calls, {meter.Bytes} bytes allocated");
            Assert.IsTrue(meter.Calls > (name == "GSME" ? 0 : 20), $"{name}: the window must cover traffic");
            Assert.AreEqual(0L, meter.Bytes, $"seed {seed}: {name} allocated mid-transfer");
        }

        Assert.AreEqual(FirmwareTransferResponseCode.Success, OtaScenario.WaitForTransferAlert(bench, StandardBench.B2Eui, 600_000).Response);
    }

    /// <summary>A link that keeps count of what the bench (medium, scheduler) allocates while moving a frame, to tell it apart from the role's own.</summary>
    private sealed class MeasuredLink : IFrameLink
    {
        private static readonly Dictionary<IFrameLink, MeasuredLink> Wrappers = new(ReferenceEqualityComparer.Instance);
        private readonly IFrameLink inner;

        public MeasuredLink(IFrameLink inner)
        {
            this.inner = inner;
            Wrappers[inner] = this;
        }

        public static long BenchBytes { get; private set; }

        /// <summary>Roles know their links by reference: hand them the wrapper they were built with.</summary>
        public static IFrameLink For(IFrameLink port) => Wrappers.TryGetValue(port, out MeasuredLink? wrapper) ? wrapper : port;

        public int MaxFrameLength => inner.MaxFrameLength;

        public bool Send(HanFrame frame)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool sent = inner.Send(frame);
            BenchBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            return sent;
        }
    }

    /// <summary>Counts what the wrapped role allocates on this thread while it handles frames and ticks (the links' share taken out).</summary>
    private sealed class AllocationMeter(IDeviceRole inner) : IDeviceRole
    {
        public long Bytes { get; private set; }

        public long Calls { get; private set; }

        public long NextWakeMs => inner.NextWakeMs;

        public void Reset()
        {
            Bytes = 0;
            Calls = 0;
        }

        public void Start(long nowMs) => inner.Start(nowMs);

        public void OnFrame(IFrameLink link, HanFrame frame)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long bench = MeasuredLink.BenchBytes;
            inner.OnFrame(MeasuredLink.For(link), frame);
            Bytes += GC.GetAllocatedBytesForCurrentThread() - before - (MeasuredLink.BenchBytes - bench);
            Calls++;
        }

        public void Tick(long nowMs)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long bench = MeasuredLink.BenchBytes;
            inner.Tick(nowMs);
            Bytes += GC.GetAllocatedBytesForCurrentThread() - before - (MeasuredLink.BenchBytes - bench);
            Calls++;
        }
    }
}
