using HanBench.Bench.Radio;
using HanBench.Protocol.Transfer;

namespace HanBench.Bench.Ota;

/// <summary>A published OTA measurement beside what the radio model gives when set up like it (issue 14).</summary>
/// <param name="Case">The published case, set up how.</param>
/// <param name="Quantity">What is compared.</param>
/// <param name="Published">The published figure.</param>
/// <param name="Model">The model's figure.</param>
/// <param name="Unit">Unit of both.</param>
/// <param name="Source">Where the published figure comes from.</param>
public sealed record OtaCalibration(string Case, string Quantity, double Published, double Model, string Unit, string Source)
{
    /// <summary>Model ÷ published − 1.</summary>
    public double Deviation => (Model / Published) - 1;
}

/// <summary>
/// The calibration cases of the ZigBee model (issue 14): each sets the model up like a published OTA transfer. The model
/// must land within <see cref="Tolerance"/> of each.
/// </summary>
public static class OtaCalibrations
{
    /// <summary>How far the model may be from a published figure: ±20 %.</summary>
    public const double Tolerance = 0.20;

    /// <summary>
    /// The sleepy end device's poll interval while it downloads: the 1 s "fast polling" an ESP32-H2 sleepy end device sets
    /// for OTA (esp-zigbee-sdk issue 754); the b-parasite log does not say which interval its stack used.
    /// </summary>
    public const long SleepyPollIntervalMs = 1_000;

    /// <summary>Block size of the b-parasite transfer (its log copies 40 bytes per block).</summary>
    public const byte SleepyBlockSize = 40;

    /// <summary>
    /// Seconds between blocks in the published log: five intervals from 02:24:36.752 to 02:24:41.070 (b-parasite PR 192,
    /// nRF Connect SDK zigbee_fota on a sleepy nRF52840, 2024-05-12): 4.318 s / 5.
    /// </summary>
    public const double PublishedSleepyBlockIntervalSeconds = 4.318 / 5;

    /// <summary>The esp-zigbee case's image (esp-zigbee-sdk issue 833: ~591 KB in ~11,800 blocks of ~50 B).</summary>
    public const int EspImageBytes = 591_000;

    /// <summary>The three published cases (the herdsman one from <paramref name="herdsmanDefault"/>, the benchmark's run of it).</summary>
    public static IReadOnlyList<OtaCalibration> All(OtaLinkResult herdsmanDefault)
    {
        ArgumentNullException.ThrowIfNull(herdsmanDefault);
        byte espBlock = EspRouterBlockSize();
        return
        [
            new OtaCalibration(
                "sleepy end device, 40-byte blocks, one request per poll (1 s)",
                "time between blocks",
                PublishedSleepyBlockIntervalSeconds,
                SleepyBlockIntervalSeconds(),
                "s",
                "b-parasite PR 192 (nRF Connect SDK zigbee_fota log, 2024-05-12)"),
            new OtaCalibration(
                "zigbee-herdsman default server: 50-byte blocks on request, 250 ms response delay, no page requests",
                "goodput",
                OtaBenchmark.HerdsmanMaximumDataSize * 1000.0 / OtaBenchmark.HerdsmanResponseDelayMs,
                herdsmanDefault.GoodputBytesPerSecond,
                "B/s",
                "zigbee-herdsman-converters lib/ota defaults (DEFAULT_MAXIMUM_DATA_SIZE 50, DEFAULT_IMAGE_BLOCK_RESPONSE_DELAY 250 ms): 200 B/s"),
            new OtaCalibration(
                "esp-zigbee router client asking for 255 B",
                "block in one secured frame",
                50,
                espBlock,
                "B",
                "esp-zigbee-sdk issue 833 (ESP32-H2 router, zigbee-herdsman 10.4.0 server)"),
            new OtaCalibration(
                "esp-zigbee router client, ~591 KB image",
                "blocks",
                11_800,
                (EspImageBytes + espBlock - 1) / espBlock,
                "blocks",
                "esp-zigbee-sdk issue 833"),
        ];
    }

    /// <summary>
    /// The b-parasite case: a sleepy end device polling every <see cref="SleepyPollIntervalMs"/> pulls 40-byte blocks with
    /// stop-and-wait Image Block Requests; the mean time between the blocks it receives, s.
    /// </summary>
    public static double SleepyBlockIntervalSeconds()
    {
        const int blocks = 30;
        OtaBenchImage image = OtaBenchImage.Build(SleepyBlockSize * blocks, OtaBenchmark.ImageSeed);
        RadioModel sleepy = RadioModel.ForStack(ZigBeeStack.SmartEnergy with { PollIntervalMs = SleepyPollIntervalMs });
        OtaTransferRig rig = OtaBenchmark.ZigBeeRig(image, sleepy, SleepyBlockSize, 0, s => s.UsePageRequests = false);
        var times = new List<long>();
        int blockFrame = OtaTransferLimits.BlockResponseOverhead + SleepyBlockSize;
        rig.Medium.Traced += e =>
        {
            if (e.Kind == MediumTraceKind.Delivered && e.To == OtaTransferRig.FirstClientEui && e.Length == blockFrame)
            {
                times.Add(e.AtUs);
            }
        };
        if (!rig.RunUntilSettled((blocks + 10) * SleepyPollIntervalMs * 2) || !rig.HasExactImage(0) || times.Count < 2)
        {
            throw new InvalidOperationException("the sleepy end device case did not complete");
        }

        return (times[^1] - times[0]) / 1e6 / (times.Count - 1);
    }

    /// <summary>
    /// The esp-zigbee case: a router (receiver on) asks for 0xFE-byte blocks from a server that serves what fits one secured
    /// frame (as HanBench's hub does, <see cref="OtaTransferLimits.MaxDataSizeFor"/> of the hop); the block it gets.
    /// </summary>
    public static byte EspRouterBlockSize() => Math.Min(OtaTransferLimits.MaxRequestedDataSize, OtaTransferLimits.MaxDataSizeFor(RadioModel.ZigBee.MaxFrameBytes));
}
