using HanBench.Bench.Capture;
using HanBench.Bench.Radio;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Bench.Ota;

/// <summary>One transfer measured on one link model.</summary>
/// <param name="Link">The link model: uart-921600 or 802.15.4.</param>
/// <param name="Mode">
/// How the client asked: pages; pages+acfc (pages over stream framing with link address compression); blocks
/// (stop-and-wait); z2m-default (Zigbee2MQTT-like: 50-byte blocks, one every 250 ms).
/// </param>
/// <param name="ImageBytes">Size of the image moved.</param>
/// <param name="Completed">True when the client verified and activated the image byte-exact.</param>
/// <param name="SimulatedSeconds">Virtual time from the first query to activation.</param>
/// <param name="GoodputBytesPerSecond">Image bytes per simulated second.</param>
/// <param name="LimitBytesPerSecond">The link's own limit the efficiency is measured against.</param>
/// <param name="LimitBasis">What that limit is.</param>
/// <param name="Efficiency">Goodput ÷ limit.</param>
/// <param name="CeilingEfficiency">
/// The best efficiency the block size and framing allow: on the UART, the image ÷ the exact line bytes of its block
/// frames alone; on 802.15.4, this block size's goodput back to back ÷ the limit.
/// </param>
/// <param name="BlockSize">Data bytes per block.</param>
/// <param name="FramesToClient">Frames the server sent.</param>
/// <param name="FramesToServer">Frames the client sent.</param>
/// <param name="RoundTrips">Requests the client made (query, pages or blocks, upgrade end).</param>
/// <param name="LineBytes">Bytes on the line or air in both directions, overhead included.</param>
/// <param name="Device">What the device CPUs add (<see cref="DeviceCpuModel"/>), or null when none was charged.</param>
public sealed record OtaLinkResult(
    string Link,
    string Mode,
    int ImageBytes,
    bool Completed,
    double SimulatedSeconds,
    double GoodputBytesPerSecond,
    double LimitBytesPerSecond,
    string LimitBasis,
    double Efficiency,
    double CeilingEfficiency,
    int BlockSize,
    long FramesToClient,
    long FramesToServer,
    long RoundTrips,
    long LineBytes,
    DeviceCharge? Device = null);

/// <summary>What <c>hanbench bench ota</c> reports.</summary>
/// <param name="ImageBytes">Image size.</param>
/// <param name="Links">One result per link model and mode.</param>
/// <param name="ZigBeePageSpeedUp">802.15.4 page-request goodput ÷ zigbee-herdsman's default server's (Zigbee2MQTT), on one hop.</param>
/// <param name="AllocatedBytesPerServedBlock">Managed bytes the server engine allocates per block in steady state.</param>
/// <param name="AllocatedBytesPerReceivedBlock">Managed bytes the client engine (with its check) allocates per block in steady state.</param>
/// <param name="PeakImageStoreBytes">Most bytes a client's image store held (a keeping store holds the whole image).</param>
/// <param name="Calibrations">The ZigBee model set up like published transfers, beside their figures (issue 14).</param>
public sealed record OtaBenchReport(
    int ImageBytes,
    IReadOnlyList<OtaLinkResult> Links,
    double ZigBeePageSpeedUp,
    double AllocatedBytesPerServedBlock,
    double AllocatedBytesPerReceivedBlock,
    long PeakImageStoreBytes,
    IReadOnlyList<OtaCalibration> Calibrations);

/// <summary>
/// The OTA transfer benchmark: one image, a server and a client on each link model, in virtual time (deterministic: the
/// same figures every run). Link models:
/// <list type="bullet">
/// <item>UART 921,600 baud 8N1, full duplex, the real COBS + CRC-32 stream framing counted byte for byte, with and
/// without link address compression: limit 92,160 B/s (the line's byte rate).</item>
/// <item>ZigBee Smart Energy over IEEE 802.15.4 (<see cref="RadioModel.ZigBee"/>, issue 14): page requests, stop-and-wait
/// block requests, zigbee-herdsman's default server (50-byte blocks answered 250 ms after each request), and page
/// requests over two NWK hops; limit = the best goodput the model allows on that hop (<see cref="ZigBeeBest"/>).</item>
/// </list>
/// </summary>
public static class OtaBenchmark
{
    /// <summary>Default image size: 768,000 bytes (docs/PROTOCOL.md §4: about the largest image the DCC limit lets through).</summary>
    public const int DefaultImageBytes = 768_000;

    /// <summary>The UART's baud rate.</summary>
    public const int UartBaud = 921_600;

    /// <summary>The seed of the benchmark image.</summary>
    public const ulong ImageSeed = 0x0BE4C400UL;

    /// <summary>zigbee-herdsman's default cap on a block (DEFAULT_MAXIMUM_DATA_SIZE in zigbee-herdsman-converters lib/ota).</summary>
    public const byte HerdsmanMaximumDataSize = 50;

    /// <summary>zigbee-herdsman's default wait before each Image Block Response, ms (DEFAULT_IMAGE_BLOCK_RESPONSE_DELAY, Zigbee2MQTT's image_block_response_delay).</summary>
    public const long HerdsmanResponseDelayMs = 250;

    /// <summary>
    /// Runs every link model with an image of <paramref name="imageBytes"/> bytes and charges each transfer's device CPU
    /// time with <paramref name="device"/> (none when null); with <paramref name="capture"/>, every frame of every run goes
    /// into it, one run after another.
    /// </summary>
    public static OtaBenchReport Run(int imageBytes = DefaultImageBytes, DeviceCpuModel? device = null, HanCapture? capture = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageBytes, 1024);
        var recorder = new RigRecorder(capture);
        OtaBenchImage image = OtaBenchImage.Build(imageBytes, ImageSeed);
        var results = new List<OtaLinkResult>();
        long peak = 0;

        RadioModel uart = RadioModel.StreamUart(UartBaud, linkAddressCompression: true);
        results.Add(RunUart(image, uart, "pages+acfc", recorder, ref peak));
        results.Add(RunUart(image, RadioModel.StreamUart(UartBaud, linkAddressCompression: false), "pages", recorder, ref peak));

        // 802.15.4 (issue 14): the block is what one secured frame carries, and the limit is that block back to back.
        RadioModel zigbee = RadioModel.ZigBee;
        ZigBeeBest oneHop = ZigBeeBest.For(zigbee);
        OtaLinkResult pages = RunZigBee(image, zigbee, "802.15.4", "pages", oneHop, oneHop.BlockSize, 0, s => oneHop.AskForPages(s), recorder, ref peak);
        OtaLinkResult blocks = RunZigBee(image, zigbee, "802.15.4", "blocks", oneHop, oneHop.BlockSize, 0, s => s.UsePageRequests = false, recorder, ref peak);

        // zigbee-herdsman's default server (Zigbee2MQTT): blocks of at most 50 bytes on request, no page requests, each
        // answered image_block_response_delay = 250 ms after the request (zigbee-herdsman-converters lib/ota).
        byte herdsmanBlock = Math.Min(HerdsmanMaximumDataSize, oneHop.BlockSize);
        OtaLinkResult z2m = RunZigBee(image, zigbee, "802.15.4", "z2m-default", oneHop, herdsmanBlock, HerdsmanResponseDelayMs, s => s.UsePageRequests = false, recorder, ref peak);

        // A router on the route: every frame crosses two MAC hops.
        RadioModel routed = RadioModel.ForStack(ZigBeeStack.SmartEnergy with { NwkHops = 2 });
        ZigBeeBest twoHops = ZigBeeBest.For(routed);
        OtaLinkResult routedPages = RunZigBee(image, routed, "802.15.4 2 hops", "pages", twoHops, twoHops.BlockSize, 0, s => twoHops.AskForPages(s), recorder, ref peak);
        results.Add(pages);
        results.Add(blocks);
        results.Add(z2m);
        results.Add(routedPages);
        if (device != null && device != DeviceCpuModel.None)
        {
            // Page modes overlap line and CPUs; stop-and-wait modes serialise them (DeviceCpuModel).
            for (int i = 0; i < results.Count; i++)
            {
                OtaLinkResult r = results[i];
                bool pipelined = r.Mode.StartsWith("pages", StringComparison.Ordinal);
                results[i] = r with { Device = device.Charge(r.ImageBytes, r.BlockSize, r.SimulatedSeconds, pipelined) };
            }
        }

        return new OtaBenchReport(
            imageBytes,
            results,
            z2m.GoodputBytesPerSecond > 0 ? pages.GoodputBytesPerSecond / z2m.GoodputBytesPerSecond : 0,
            MeasureServerAllocationPerBlock(),
            MeasureClientAllocationPerBlock(),
            peak,
            OtaCalibrations.All(z2m));
    }

    private static OtaLinkResult RunUart(OtaBenchImage image, RadioModel model, string mode, RigRecorder recorder, ref long peak)
    {
        // The largest block a client asks for (maximumDataSize 0xFE, issue 16).
        const byte blockSize = OtaTransferLimits.MaxRequestedDataSize;
        var server = new OtaServerSettings { MaxBlockSize = blockSize };
        var rig = new OtaTransferRig(model, HopKind.Wire, image, server, 1, (_, s) =>
        {
            s.MaxDataSize = blockSize;
            s.UsePageRequests = true;
            s.PageSize = blockSize * 257;
            s.ResponseSpacingMs = 0;
        });
        double limit = model.BitRate / 8.0;
        double ceiling = image.Bytes.Length / (double)LineBytesOfImageBlocks(model, image, blockSize);
        return Measure(rig, "uart-921600", mode, limit, $"line rate {UartBaud} baud 8N1", ceiling, blockSize, (long)image.Bytes.Length * 40, recorder, ref peak);
    }

    private static OtaLinkResult RunZigBee(OtaBenchImage image, RadioModel model, string link, string mode, ZigBeeBest best, byte blockSize, long responseDelayMs, Action<OtaClientSettings> configure, RigRecorder recorder, ref long peak)
    {
        OtaTransferRig rig = ZigBeeRig(image, model, blockSize, responseDelayMs, configure);
        double ceiling = best.GoodputFor(blockSize) / best.BytesPerSecond;
        long deadline = (((long)image.Bytes.Length / blockSize) + 1) * 1_000 + 60_000;
        return Measure(rig, link, mode, best.BytesPerSecond, best.Basis, ceiling, blockSize, deadline, recorder, ref peak);
    }

    /// <summary>
    /// A server and one client on a ZigBee hop of <paramref name="model"/>: blocks of <paramref name="blockSize"/> (the
    /// server's cap and the client's ask), the server answering <paramref name="responseDelayMs"/> after each request.
    /// </summary>
    internal static OtaTransferRig ZigBeeRig(OtaBenchImage image, RadioModel model, byte blockSize, long responseDelayMs, Action<OtaClientSettings> configure)
    {
        var server = new OtaServerSettings { MaxBlockSize = blockSize, SupportsPageRequests = responseDelayMs == 0 };
        return new OtaTransferRig(model, HopKind.ZigBee, image, server, 1, (_, s) =>
        {
            s.MaxDataSize = blockSize;
            configure(s);
        }, responseDelayMs: responseDelayMs);
    }

    private static OtaLinkResult Measure(OtaTransferRig rig, string link, string mode, double limit, string basis, double ceiling, int blockSize, long deadlineMs, RigRecorder recorder, ref long peak)
    {
        bool settled;
        using (recorder.Attach(rig, $"{link} {mode}: "))
        {
            settled = rig.RunUntilSettled(deadlineMs);
        }

        OtaClientRole client = rig.ClientRoles[0];
        bool completed = settled && client.Client.State == OtaClientState.Activated && rig.HasExactImage(0);
        double seconds = rig.Scheduler.NowUs / 1e6;
        double goodput = completed && seconds > 0 ? rig.Image.Bytes.Length / seconds : 0;
        peak = Math.Max(peak, rig.Sinks[0].PeakBytes);
        return new OtaLinkResult(
            link,
            mode,
            rig.Image.Bytes.Length,
            completed,
            seconds,
            goodput,
            limit,
            basis,
            goodput / limit,
            ceiling,
            blockSize,
            rig.ServerRole.Sender.FramesSent,
            client.Sender.FramesSent,
            client.Client.RequestsSent,
            rig.Hops[0].Statistics.LineBytes);
    }

    // Line bytes of every Image Block Response that carries the image, back to back and nothing else (exact: the real
    // framer over the real data, whose zeros change the COBS overhead): the least time the line needs for the image.
    private static long LineBytesOfImageBlocks(RadioModel model, OtaBenchImage image, int blockSize)
    {
        var frame = new HanFrame
        {
            Kind = HanFrameKind.Zcl,
            Source = OtaTransferRig.ServerEui,
            Destination = OtaTransferRig.FirstClientEui,
            ClusterId = OtaCluster.ClusterId,
        };
        StreamFramer framer = model.LinkAddressCompression ? new StreamFramer(OtaTransferRig.ServerEui, OtaTransferRig.FirstClientEui) : new StreamFramer();
        byte[] zcl = new byte[OtaTransferLimits.MaxZclFrameLength];
        byte[] wire = new byte[StreamFramer.MaxEncodedLength];
        var writer = new ByteWriter();
        long total = 0;
        byte[] bytes = image.Bytes;
        for (int offset = 0; offset < bytes.Length; offset += blockSize)
        {
            var response = new ImageBlockResponse
            {
                Status = OtaStatus.Success,
                ManufacturerCode = image.ManufacturerCode,
                ImageType = image.ImageType,
                FileVersion = image.FileVersion,
                FileOffset = (uint)offset,
            };
            response.SetData(bytes, offset, Math.Min(blockSize, bytes.Length - offset));
            writer.Reset(zcl, 0, zcl.Length);
            OtaCluster.HeaderFor(OtaCommandId.ImageBlockResponse, 1).WriteTo(writer);
            response.WriteTo(writer);
            frame.SetPayload(zcl, 0, writer.Written);
            total += model.StreamFramed ? framer.Encode(frame, wire, 0) : model.LineBytes(frame.EncodedLength);
        }

        return total;
    }

    /// <summary>
    /// Managed bytes the server allocates per block while serving pages in steady state (after a warm-up page), measured
    /// with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around the engine alone (no medium, no scheduler).
    /// </summary>
    public static double MeasureServerAllocationPerBlock()
    {
        OtaBenchImage image = OtaBenchImage.Build(255 * 257 * 12, ImageSeed);
        var source = new ArrayOtaImageSource();
        source.Add("img", image.Bytes);
        var server = new OtaServer(new NullSender(), source, new OtaServerSettings { MaxBlocksPerTick = 1000 }, 4, 2);
        server.AddImage(new OtaServerImage("img", image.ManufacturerCode, image.ImageType, image.FileVersion, (uint)image.Bytes.Length));
        byte[][] pages = new byte[12][];
        for (int i = 0; i < pages.Length; i++)
        {
            pages[i] = Encode(OtaCommandId.ImagePageRequest, new ImagePageRequest
            {
                ManufacturerCode = image.ManufacturerCode,
                ImageType = image.ImageType,
                FileVersion = image.FileVersion,
                FileOffset = (uint)(i * 255 * 257),
                MaximumDataSize = 255,
                PageSize = 255 * 257,
            });
        }

        server.OnZcl(OtaTransferRig.FirstClientEui, pages[0], 0, pages[0].Length, 0);
        int now = 0;
        return LeastPerBlock(AllocationWindows, () =>
        {
            // Each window is the client asking for the rest of the image again, page by page (the same steady-state
            // work every time: a page request answered block by block); the clock only moves forward.
            long blocksBefore = server.BlocksSent;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 1; i < pages.Length; i++)
            {
                now++;
                server.OnZcl(OtaTransferRig.FirstClientEui, pages[i], 0, pages[i].Length, now);
                server.Tick(now);
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before, server.BlocksSent - blocksBefore);
        });
    }

    /// <summary>
    /// How many windows an allocation figure is measured over. The runtime itself allocates on the measuring thread now
    /// and then: a method reaching tier 1 or on-stack replacement, a type loaded or a stub resolved for the first time.
    /// On a loaded machine the background JIT finishes late, so that one-off lands inside whatever window is open.
    /// Engine work that allocates per block allocates in every window; the least window is the engine's own figure.
    /// </summary>
    private const int AllocationWindows = 8;

    /// <summary>The least bytes per block over <paramref name="windows"/> runs of <paramref name="window"/> (bytes, blocks).</summary>
    private static double LeastPerBlock(int windows, Func<(long Bytes, long Blocks)> window)
    {
        double least = double.MaxValue;
        for (int i = 0; i < windows; i++)
        {
            (long bytes, long blocks) = window();
            if (blocks <= 0)
            {
                throw new InvalidOperationException($"allocation harness: window {i} handled no block");
            }

            least = Math.Min(least, bytes / (double)blocks);
        }

        return least;
    }

    /// <summary>
    /// Managed bytes the client (with its SHA-256 check, a keeping sink and a record store) allocates per received block
    /// in steady state, blocks fed as pre-encoded frames after a warm-up.
    /// </summary>
    public static double MeasureClientAllocationPerBlock()
    {
        // The largest block a client asks for (maximumDataSize 0xFE, issue 16).
        const int blockSize = OtaTransferLimits.MaxRequestedDataSize;
        OtaBenchImage image = OtaBenchImage.Build(blockSize * 4000, ImageSeed);
        var settings = new OtaClientSettings
        {
            ServerAddress = OtaTransferRig.ServerEui,
            ManufacturerCode = image.ManufacturerCode,
            ImageType = image.ImageType,
            CurrentFileVersion = image.FileVersion - 1,
            MaxDataSize = blockSize,
            PageSize = blockSize * 257,
        };
        var check = new OtaImageVerifierCheck { ExpectedManufacturerImageHash = image.ManufacturerImageHash };
        var client = new OtaClient(new NullSender(), new MemoryOtaSink(), new MemoryOtaProgress(), check, settings);
        client.StartQuery(0);
        byte[] query = Encode(OtaCommandId.QueryNextImageResponse, new QueryNextImageResponse
        {
            Status = OtaStatus.Success,
            ManufacturerCode = image.ManufacturerCode,
            ImageType = image.ImageType,
            FileVersion = image.FileVersion,
            ImageSize = (uint)image.Bytes.Length,
        });
        client.OnZcl(OtaTransferRig.ServerEui, query, 0, query.Length, 0);

        int count = image.Bytes.Length / blockSize;
        byte[][] blocks = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            var response = new ImageBlockResponse
            {
                Status = OtaStatus.Success,
                ManufacturerCode = image.ManufacturerCode,
                ImageType = image.ImageType,
                FileVersion = image.FileVersion,
                FileOffset = (uint)(i * blockSize),
            };
            response.SetData(image.Bytes, i * blockSize, blockSize);
            blocks[i] = Encode(OtaCommandId.ImageBlockResponse, response);
        }

        const int warmUp = 300;
        for (int i = 0; i < warmUp; i++)
        {
            client.OnZcl(OtaTransferRig.ServerEui, blocks[i], 0, blocks[i].Length, i);
        }

        // Stop short of the last block: completion (verdict, upgrade end) is once per image, not per block.
        int end = count - 10;
        int windowBlocks = (end - warmUp) / AllocationWindows;
        int nextBlock = warmUp;
        double least = LeastPerBlock(AllocationWindows, () =>
        {
            int first = nextBlock;
            nextBlock += windowBlocks;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = first; i < nextBlock; i++)
            {
                client.OnZcl(OtaTransferRig.ServerEui, blocks[i], 0, blocks[i].Length, i);
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before, windowBlocks);
        });
        if (client.BytesReceived != (uint)(nextBlock * blockSize))
        {
            throw new InvalidOperationException($"allocation harness: the client took {client.BytesReceived} bytes, expected {nextBlock * blockSize}");
        }

        return least;
    }

    private static byte[] Encode(OtaCommandId commandId, IOtaCommand command)
    {
        ZclHeader header = OtaCluster.HeaderFor(commandId, 1);
        byte[] frame = new byte[OtaCommandDecoder.EncodedLength(header, command)];
        OtaCommandDecoder.WriteTo(header, command, new ByteWriter(frame));
        return frame;
    }

    private sealed class NullSender : IZclFrameSender
    {
        public bool Send(ulong destination, byte[] buffer, int offset, int count) => true;
    }

    /// <summary>Puts each rig's frames into the capture, if any, each run starting a second after the last one ended.</summary>
    private sealed class RigRecorder(HanCapture? capture)
    {
        private long _originUs;
        private OtaTransferRig? _last;

        public MediumCapture? Attach(OtaTransferRig rig, string label)
        {
            if (capture is null)
            {
                return null;
            }

            _originUs += _last is null ? 0 : _last.Scheduler.NowUs + 1_000_000;
            _last = rig;
            return new MediumCapture(rig.Medium, capture, label, _originUs);
        }
    }
}
