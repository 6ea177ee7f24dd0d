using HanBench.Bench.Radio;
using HanBench.Bench.Topology;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Protocol.Zcl;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// Every input from the link is hostile, time included (review F5): a hub that asks for an image again and again but
/// never fetches a byte of it must not keep one delivery attempt alive for ever. Only bytes renew the attempt's stall
/// time; a query does not.
/// </summary>
[TestClass]
public sealed class HubDeliveryStallTests
{
    private const long Hour = 3_600_000;

    [TestMethod]
    public void HubDelivery_HubQueriesEveryTenSecondsButNeverFetches_AttemptSpentN60()
    {
        var settings = new DistributionSettings { DeliveryStallMs = 20_000, DeliveryNotifiesPerAttempt = 2, BaseBackoffMs = 10_000 };
        using var bench = new EngineBench(0x13F5, settings);
        long now = bench.Bench.Scheduler.NowMs;
        bench.Bench.Wan.AddOutage(now, now + Hour); // the real hub hears nothing: this test plays the hub
        BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 20_000, 0x00010105, 6);
        FirmwareUpdateResult request = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.AreEqual(DuisResponseCodes.Acknowledged, request.ResponseCode, request.Message);

        int queries = 0;
        while (!bench.AlertCodes(StandardBench.PpmidEui).Contains("N60") && queries < 60)
        {
            bench.Bench.RunFor(10_000);
            bench.Session.OnFrame(bench.Bench.Wan.A.Port(HopKind.Wire), QueryNextImage(image.Identity, (byte)queries));
            queries++;
        }

        // Two notifies of 20 s each bound the attempt: about four queries, never sixty (10 minutes of them).
        CollectionAssert.Contains(bench.AlertCodes(StandardBench.PpmidEui), "N60", $"{queries} queries and no failed attempt:\n{string.Join("\n", bench.Log)}");
        Assert.IsTrue(queries <= 6, $"the attempt lasted {queries} queries");
    }

    /// <summary>A Query Next Image Request from the hub for an older version of <paramref name="image"/>'s file.</summary>
    private static HanFrame QueryNextImage(ImageIdentity image, byte sequence)
    {
        QueryNextImageRequest query = default;
        query.ManufacturerCode = image.ManufacturerCode;
        query.ImageType = image.ImageType;
        query.FileVersion = image.FileVersion - 1;
        byte[] buffer = new byte[64];
        var writer = new ByteWriter(buffer);
        OtaCluster.HeaderFor(OtaCommandId.QueryNextImageRequest, sequence).WriteTo(writer);
        query.WriteTo(writer);
        HanFrame frame = CspFrames.Frame(HanFrameKind.Zcl, CspFrames.HubId, buffer[..writer.Written]);
        frame.ClusterId = OtaCluster.ClusterId;
        return frame;
    }
}
