using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>Steps the OTA scenario tests share: build an image, deliver it to the hub, distribute it, wait for the alerts.</summary>
internal static class OtaScenario
{
    public const uint NewVersion = 0x00010105;

    public static BenchImage ImageFor(BenchDevice device, FirmwareComponentId component, int bodyBytes, ulong seed, uint version = NewVersion,
        ushort? minimumHardware = null, ushort? maximumHardware = null)
    {
        FirmwareComponentConfig config = device.Configuration.FindComponent(component)!;
        return BenchImages.Build(config.ManufacturerCode, config.ImageType, version, bodyBytes, seed, minimumHardware, maximumHardware);
    }

    /// <summary>Host delivers <paramref name="image"/> to the hub and waits until the hub offers it to the HAN.</summary>
    public static void DeliverToHub(StandardBench bench, BenchImage image)
    {
        int before = bench.Host.Delivered.Count(d => d.SameAs(image.Identity));
        bench.Host.Deliver(image.Bytes);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Delivered.Count(d => d.SameAs(image.Identity)) > before, 600_000), "hub did not pull the image");
        bench.RunFor(100);
    }

    /// <summary>Host asks the hub to distribute; asserts it was accepted.</summary>
    public static void Distribute(StandardBench bench, BenchImage image, byte[]? hash, params ulong[] devices)
    {
        byte token = bench.Host.Distribute(image.Identity, hash ?? image.ManufacturerImageHash, devices);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Management.Any(m => m.Token == token && m.Type == ManagementMessageType.DistributeResult), 10_000));
        DistributeResult result = bench.Host.Management.Last(m => m.Token == token).Distribute!.Value;
        Assert.AreEqual(DistributeStatus.Accepted, result.Status, $"distribution refused for {result.Device:X16}");
    }

    /// <summary>Waits for the hub's CCS08 alert about <paramref name="device"/> (the n-th, counting from 1).</summary>
    public static HubTransferAlert WaitForTransferAlert(StandardBench bench, ulong device, long timeoutMs, int nth = 1)
    {
        Assert.IsTrue(bench.RunUntil(() => bench.Host.TransferAlertsFor(device).Count() >= nth, timeoutMs), $"no CCS08 alert for {device:X16} within {timeoutMs} ms");
        return bench.Host.TransferAlertsFor(device).ElementAt(nth - 1);
    }

    /// <summary>Reads the CS08 version of <paramref name="device"/> through the hub (resending if a frame was lost).</summary>
    public static uint ReadCs08(StandardBench bench, ulong device)
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            int before = bench.Host.Cs08ResponsesFrom(device).Count();
            bench.Host.SendCs08(device);
            if (bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(device).Count() > before, 10_000))
            {
                return bench.Host.Cs08ResponsesFrom(device).Last().FirmwareVersion;
            }
        }

        Assert.Fail($"no CS08 response from {device:X16}");
        return 0;
    }

    /// <summary>The running version of <paramref name="component"/> on the role now on <paramref name="device"/>.</summary>
    public static uint Running(BenchDevice device, FirmwareComponentId component)
    {
        Assert.IsTrue(device.As<PpmidRole>().TryGetVersion(component, out uint version));
        return version;
    }
}
